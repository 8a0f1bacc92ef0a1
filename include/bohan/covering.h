/* The maximal covering location problem (MCLP) with fixed sites: weighted demand points, candidate
 * sites, sites that already exist, a service radius, K new sites and a minimum spacing between any
 * two sites. Knows nothing of cameras or houses; coordinates are metres in one planar CRS.
 *
 * The model (what bh_covering_export_lp writes and the solvers solve):
 *   maximise  C + sum_i w_i y_i        C = the weight already covered by the fixed sites (a
 *                                      constant: the column "fixed_coverage" fixed at 1), i over
 *                                      the demand NOT already covered and within the radius of at
 *                                      least one usable candidate
 *   s.t.      y_i <= sum_{j covers i} x_j          (cover_i)
 *             sum_j x_j <= K                       (k)
 *             x_a + x_b <= 1  for candidates a, b closer than the minimum spacing  (space_a_b)
 *             x_j binary, 0 <= y_i <= 1
 * Demand points are covered when their distance to a site is <= radius. Candidates closer than the
 * minimum spacing to a fixed site are not usable (never proposed); fixed sites themselves are not
 * candidates. The objective is the total weight covered with the plan (covered_after); the
 * increment (added) is reported beside it with its own bound and gap, since a gap on the total
 * looks small whenever the fixed sites already cover much.
 *
 * Solvers: greedy = lazy greedy (CELF, Leskovec et al. 2007) then a tabu search over 1-swaps;
 * both report a proven upper bound: a Lagrangian relaxation of the cover rows solved by
 * subgradient optimisation (Galvão & ReVelle 1996), starting from the online submodular bound and
 * ignoring the spacing rows (so it stays an upper bound), then GLPK's branch and cut (glp_intopt)
 * on the model reduced by the Lagrangian test, from the incumbent, for the rest of the time limit:
 * greedy stops at a gap of 0.1 % on the increment (and skips this step without a time limit),
 * exact runs to optimality. */
#ifndef BOHAN_COVERING_H
#define BOHAN_COVERING_H

#include <stddef.h>
#include "bohan/ctx.h"
#include "bohan/export.h"

BH_BEGIN_DECLS

typedef struct bh_covering bh_covering;
typedef struct bh_covering_result bh_covering_result;

typedef enum bh_covering_solver {
    BH_COVERING_GREEDY = 0,
    BH_COVERING_EXACT = 1
} bh_covering_solver;

typedef struct bh_covering_params {
    int k;              /* new sites, >= 1 */
    double radius;      /* service radius in metres, > 0 */
    double min_spacing; /* metres between any two sites (new-new and new-fixed), >= 0 */
    bh_covering_solver solver;
    double time_limit; /* seconds for the whole solve: > 0 for exact; for greedy 0 = no branch
                        * and bound (local search to its own stop, Lagrangian bound only) */
} bh_covering_params;

typedef struct bh_covering_summary {
    double total;          /* weight of all demand */
    double covered_before; /* weight covered by the fixed sites */
    double objective;      /* weight covered with the plan, fixed sites included (the model's
                            * objective, = covered_after) */
    double bound;          /* proven upper bound on the objective */
    double gap;            /* 100 * (bound - objective) / bound; 0 when bound is 0 */
    double added;       /* weight newly covered by the chosen sites: objective - covered_before */
    double bound_added; /* proven upper bound on added: bound - covered_before */
    double gap_added;   /* 100 * (bound_added - added) / bound_added; 0 when that is 0 */
    double seconds;     /* wall time of bh_covering_solve */
    int optimal;        /* 1 when the objective is proven optimal */
    int timed_out;      /* exact only: the time limit stopped GLPK */
    int swaps;          /* swaps of the local search that found a new best solution */
    size_t candidates;  /* usable candidates (not too close to a fixed site) */
    size_t demand;      /* demand points in the model (uncovered, coverable, weight > 0) */
    size_t pairs;       /* demand-candidate pairs within the radius */
} bh_covering_summary;

/* An empty instance; *out is owned by the caller (bh_covering_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_covering_create(bh_ctx *ctx, bh_covering **out);
/* NULL is a no-op. */
BH_API void bh_covering_destroy(bh_covering *cov);

/* Appends n demand points (weights >= 0 and finite; w NULL = weight 1). Arrays are copied. */
BH_API BH_WARN_UNUSED bh_status bh_covering_add_demand(bh_covering *cov, const double *x,
                                                       const double *y, const double *w, size_t n);
/* Appends n candidate sites; the i-th added candidate has index (count before the call) + i. */
BH_API BH_WARN_UNUSED bh_status bh_covering_add_candidates(bh_covering *cov, const double *x,
                                                           const double *y, size_t n);
/* Appends n fixed (existing) sites. */
BH_API BH_WARN_UNUSED bh_status bh_covering_add_fixed(bh_covering *cov, const double *x,
                                                      const double *y, size_t n);

BH_API size_t bh_covering_demand_count(const bh_covering *cov);
BH_API size_t bh_covering_candidate_count(const bh_covering *cov);

/* Marks covered[i] = 1 for each demand point within radius of a fixed site, else 0. covered has
 * bh_covering_demand_count entries (the caller's array). */
BH_API BH_WARN_UNUSED bh_status bh_covering_fixed_coverage(bh_covering *cov, double radius,
                                                           unsigned char *covered);

/* Counts the candidates usable under p (not within p->min_spacing of a fixed site). */
BH_API BH_WARN_UNUSED bh_status bh_covering_usable(bh_covering *cov, const bh_covering_params *p,
                                                   size_t *count);

/* Solves; *out is owned by the caller (bh_covering_result_destroy). Invalid parameters
 * (k < 1, radius <= 0, spacing < 0, exact with time_limit <= 0, k above the usable candidates)
 * are BH_E_ARG with a one-line message. */
BH_API BH_WARN_UNUSED bh_status bh_covering_solve(bh_covering *cov, const bh_covering_params *p,
                                                  bh_covering_result **out);

/* Writes the model of p (see above) in CPLEX LP format to path: columns x_<candidate index>,
 * y_<demand index>, the constant as the column fixed_coverage (bounds 1..1); objective row
 * "coverage". */
BH_API BH_WARN_UNUSED bh_status bh_covering_export_lp(bh_covering *cov, const bh_covering_params *p,
                                                      const char *path);

BH_API void bh_covering_result_destroy(bh_covering_result *r);
/* Borrowed summary, valid while r lives. */
BH_API const bh_covering_summary *bh_covering_result_summary(const bh_covering_result *r);
/* Chosen sites in rank order (each next site the one with the largest marginal gain). */
BH_API size_t bh_covering_result_count(const bh_covering_result *r);
/* Candidate index of the rank-th site (0-based rank). */
BH_API size_t bh_covering_result_site(const bh_covering_result *r, size_t rank);
/* Its marginal gain, and the weight newly covered by ranks 0..rank (the last = added). */
BH_API double bh_covering_result_gain(const bh_covering_result *r, size_t rank);
BH_API double bh_covering_result_cumulative(const bh_covering_result *r, size_t rank);

BH_END_DECLS

#endif

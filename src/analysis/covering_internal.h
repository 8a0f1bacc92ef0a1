/* Internals of the covering solver (include/bohan/covering.h): the instance, the model built for
 * one parameter set (CSR lists of model demand per usable candidate), and the solver steps. */
#ifndef BH_COVERING_INTERNAL_H
#define BH_COVERING_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/pointgrid.h"
#include "bohan/covering.h"
#include "db/db.h"

struct bh_covering {
    bh_ctx *ctx;
    double *dx, *dy, *dw; /* demand */
    size_t nd, capd;
    double *cx, *cy; /* candidates */
    size_t nc, capc;
    double *fx, *fy; /* fixed sites */
    size_t nf, capf;
};

/* The model of one parameter set: only demand not covered by a fixed site and coverable by a
 * usable candidate (model demand), only usable candidates (model candidates). */
typedef struct bh_cov_model {
    double total, covered_before;
    uint32_t m;      /* model demand */
    uint32_t *dem;   /* model demand -> demand index */
    double *w;       /* its weight */
    uint32_t n;      /* model candidates */
    uint32_t *cand;  /* model candidate -> candidate index */
    double *sx, *sy; /* their coordinates */
    size_t *start;   /* n + 1 offsets into list */
    uint32_t *list;  /* model demand covered by each model candidate */
    double spacing;
} bh_cov_model;

/* covered[i] = 1 for demand within r of a fixed site (dg: grid over the demand). 0 or -1. */
int bh_cov_mark_fixed(bh_covering *cov, const bh_pointgrid *dg, double r, unsigned char *covered);
/* ok[j] = 1 for candidates at least spacing from every fixed site; *count of them. 0 or -1. */
int bh_cov_usable_sites(bh_covering *cov, double spacing, unsigned char *ok, size_t *count);
int bh_cov_model_build(bh_covering *cov, const bh_covering_params *p, bh_cov_model *m);
void bh_cov_model_free(bh_cov_model *m);
/* 1 when model candidate j is at least the spacing away from every sel[0..n) except sel[skip]
 * (skip = n for none). */
int bh_cov_spaced(const bh_cov_model *m, uint32_t j, const uint32_t *sel, size_t n, size_t skip);

/* Lazy greedy: up to k model candidates into sel (stops early when nothing gains or the spacing
 * leaves no candidate); *nsel the count. 0 or -1 (memory). */
int bh_cov_greedy(const bh_cov_model *m, int k, uint32_t *sel, size_t *nsel);
/* Tabu search over 1-swaps from sel[0..nsel) (covering_search.c), stopping after a number of
 * steps without a new best or at the monotonic-clock time deadline; sel receives the best
 * solution seen (never worse than the start); *swaps counts the steps that found a new best.
 * 0 or -1 (memory). */
int bh_cov_search(const bh_cov_model *m, uint32_t *sel, size_t nsel, double deadline, int *swaps);
/* Iterated local search from sel[0..*nsel) (k places): the tabu search, then rounds of kick (a few
 * sites dropped and refilled greedily) and tabu search until 10 rounds bring nothing or the
 * deadline; sel receives the best. 0 or -1 (memory). */
int bh_cov_ils(const bh_cov_model *m, uint32_t *sel, size_t *nsel, size_t k, double deadline,
               int *swaps);
/* For each model demand the candidates covering it (CSR: ts has m + 2 entries, the first m + 1
 * are the offsets). 0 or -1 (memory; the caller frees what was allocated). */
int bh_cov_transpose(const bh_cov_model *m, size_t **ts, uint32_t **tl);
/* Weight covered by sel[0..nsel). */
double bh_cov_value(const bh_cov_model *m, const uint32_t *sel, size_t nsel);
/* Proven upper bound on the objective for k sites (online bound at sel, then Lagrangian
 * subgradient); *lb is the objective of sel[0..*nsel). A better solution met on the way replaces
 * sel, *nsel and *lb. keep (n entries, may be NULL) receives the Lagrangian reduction: every
 * solution worth more than *lb uses only sites with keep[j] = 1. Stops at the monotonic-clock
 * deadline (the bound is then looser, still proven). Returns -1 when memory runs out. */
double bh_cov_bound(const bh_cov_model *m, int k, uint32_t *sel, size_t *nsel, double *lb,
                    unsigned char *keep, double deadline);
/* The model restricted to the sites with keep[j] = 1 (and the demand they cover); map[j'] = the
 * site's index in m. 0 or -1 (memory). */
int bh_cov_model_subset(const bh_cov_model *m, const unsigned char *keep, bh_cov_model *sub,
                        uint32_t **map);

/* Merges the demand points covered by exactly the same sites into one (weights added): the same
 * optimum and bounds with fewer rows. m->dem keeps one member of each. 0 or -1 (memory; m is
 * unchanged then). */
int bh_cov_model_aggregate(bh_cov_model *m);

/* The GLPK model of m (see covering.h). Solve: branch and cut within time_limit seconds to the
 * relative gap (0: optimality) starting from sel[0..*nsel); replaces sel by the best solution
 * found, lowers *bound to GLPK's, sets *optimal, *timed_out. */
int bh_cov_mip_export(bh_ctx *ctx, const bh_cov_model *m, int k, const char *path);
int bh_cov_mip_solve(bh_ctx *ctx, const bh_cov_model *m, int k, double time_limit, double gap,
                     uint32_t *sel, size_t *nsel, double *bound, int *optimal, int *timed_out);

#endif

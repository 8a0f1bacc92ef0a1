/* Getis-Ord Gi* local hot-spot statistic with conditional-permutation pseudo p-values, as in
 * PySAL esda.G_Local(star=True) with binary weights. Knows nothing of drawing.
 *
 *   With x̄ and S the mean and (population) standard deviation of all n values, and binary weights
 *   w_ij including w_ii = 1 (the "star": an area is its own neighbour), W_i = Σ_j w_ij:
 *     z_i = (Σ_j w_ij x_j − x̄ W_i) / (S · sqrt((n W_i − W_i²) / (n − 1)))
 *   p_sim: for each i, x_i stays in place and its k_i neighbours' values are drawn at random
 *   without replacement from the other n − 1 values, `permutations` times; larger = the number
 *   of permuted Σ_j w_ij x_j ≥ the observed one, folded to the smaller tail
 *   (larger = min(larger, permutations − larger)); p_sim = (larger + 1) / (permutations + 1).
 *   class: hot / cold when p_sim ≤ alpha AND |z| ≥ the two-sided normal critical value for
 *   alpha (1.96 for 0.05), z > 0 / z < 0; else none. The z condition is ours: esda counts ties
 *   as "larger", so with many equal values (blocks with no crimes among neighbours with none)
 *   every such block would get p_sim = 1/(permutations+1) and read as a cold spot.
 *   Areas without neighbours (islands) and constant data get p_sim = 1 and class none. */
#ifndef BH_GISTAR_H
#define BH_GISTAR_H

#include <stddef.h>
#include <stdint.h>
#include "analysis/weights.h"

enum { BH_GISTAR_NONE = 0, BH_GISTAR_HOT = 1, BH_GISTAR_COLD = -1 };

/* Small deterministic PRNG (xoshiro256**, seeded through splitmix64). */
typedef struct bh_rng {
    uint64_t s[4];
} bh_rng;
void bh_rng_seed(bh_rng *r, uint64_t seed);
uint64_t bh_rng_next(bh_rng *r);
/* Uniform integer in [0, bound) without modulo bias; bound > 0. */
uint64_t bh_rng_below(bh_rng *r, uint64_t bound);

/* Computes z, p_sim and class for the n = bh_weights_n(w) values x. Output arrays are the
 * caller's (n entries each; p_sim and cls may be NULL when permutations is 0). permutations
 * 0..99999; BH_E_ARG when out of range or n < 3. */
BH_MUST_CHECK bh_status bh_gistar(bh_ctx *ctx, const bh_weights *w, const double *x,
                                  int permutations, uint64_t seed, double alpha, double *z,
                                  double *p_sim, int *cls);

/* z with P(|Z| ≥ z) = alpha for a standard normal Z (1.959964 for 0.05). */
double bh_gistar_z_critical(double alpha);

/* "hot" | "cold" | "none" (static). */
const char *bh_gistar_class_name(int cls);

#endif

#include "analysis/gistar.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void bh_rng_seed(bh_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t bh_rng_next(bh_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t bh_rng_below(bh_rng *r, uint64_t bound)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound; /* reject the incomplete last block */
    uint64_t v;
    do
        v = bh_rng_next(r);
    while (v >= limit);
    return v % bound;
}

double bh_gistar_z_critical(double alpha)
{
    if (!(alpha > 0) || alpha >= 1)
        return alpha >= 1 ? 0.0 : INFINITY;
    /* Two-sided: erfc(z / sqrt 2) = alpha, by bisection (erfc is decreasing). */
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (erfc(mid / M_SQRT2) > alpha)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

const char *bh_gistar_class_name(int cls)
{
    return cls == BH_GISTAR_HOT ? "hot" : cls == BH_GISTAR_COLD ? "cold" : "none";
}

bh_status bh_gistar(bh_ctx *ctx, const bh_weights *w, const double *x, int permutations,
                    uint64_t seed, double alpha, double *z, double *p_sim, int *cls)
{
    size_t n = bh_weights_n(w);
    if (n < 3)
        return bh_error(ctx, BH_E_ARG, "Gi*: needs at least 3 areas (got %zu)", n);
    if (permutations < 0 || permutations > 99999)
        return bh_error(ctx, BH_E_ARG, "--permutations %d: expected 0..99999", permutations);
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        sum2 += x[i] * x[i];
    }
    double mean = sum / (double)n, var = sum2 / (double)n - mean * mean;
    double sd = var > 0 ? sqrt(var) : 0;
    size_t *pool = bh_malloc(n * sizeof *pool);
    if (pool == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_rng rng;
    bh_rng_seed(&rng, seed);
    double zc = bh_gistar_z_critical(alpha);
    for (size_t i = 0; i < n; i++) {
        size_t k = bh_weights_degree(w, i);
        const size_t *nb = bh_weights_neighbors(w, i);
        double lag = x[i], wi = (double)(k + 1);
        for (size_t j = 0; j < k; j++)
            lag += x[nb[j]];
        double denom = sd * sqrt(((double)n * wi - wi * wi) / (double)(n - 1));
        z[i] = denom > 0 ? (lag - mean * wi) / denom : 0.0;
        if (p_sim == NULL || cls == NULL)
            continue;
        p_sim[i] = 1.0;
        cls[i] = BH_GISTAR_NONE;
        if (k == 0 || sd == 0 || permutations == 0)
            continue;
        /* The other n - 1 indices; a partial Fisher–Yates of any arrangement draws a uniform
         * k-subset, so the pool is not reset between permutations. */
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                pool[m++] = j;
        long larger = 0;
        for (int p = 0; p < permutations; p++) {
            double r = x[i];
            for (size_t d = 0; d < k; d++) {
                size_t pick = d + (size_t)bh_rng_below(&rng, (uint64_t)(m - d));
                size_t t = pool[d];
                pool[d] = pool[pick];
                pool[pick] = t;
                r += x[pool[d]];
            }
            if (r >= lag)
                larger++;
        }
        if (permutations - larger < larger)
            larger = permutations - larger;
        p_sim[i] = (double)(larger + 1) / (double)(permutations + 1);
        if (p_sim[i] <= alpha && fabs(z[i]) >= zc)
            cls[i] = z[i] > 0 ? BH_GISTAR_HOT : BH_GISTAR_COLD;
    }
    bh_free(pool);
    return BH_OK;
}

/* Synthetic covering benchmark (scripts/bench.d/cameras.sh): N demand points on a 25 m grid with
 * clustered weights, M random candidate sites, F fixed sites, radius 50 m, K sites, greedy.
 * usage: covering_synth [N M F K SPACING TIME_LIMIT] (defaults 1000000 100000 600 20 100 5, the
 * CLI's greedy defaults) — prints one line: seconds, objective and bound (total and added), the
 * gaps, peak RSS. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "bohan/covering.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    size_t m = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;
    size_t f = argc > 3 ? strtoul(argv[3], NULL, 10) : 600;
    int k = argc > 4 ? atoi(argv[4]) : 20;
    size_t side = (size_t)ceil(sqrt((double)n));
    double extent = 25.0 * (double)side;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    double *cx = malloc(m * sizeof *cx), *cy = malloc(m * sizeof *cy);
    double *fx = malloc((f + 1) * sizeof *fx), *fy = malloc((f + 1) * sizeof *fy);
    if (!x || !y || !w || !cx || !cy || !fx || !fy)
        return 1;
    for (size_t i = 0; i < n; i++) {
        x[i] = 25.0 * (double)(i % side);
        y[i] = 25.0 * (double)(i / side);
        /* Hot spots: weight grows near a few centres, like crime in station areas. */
        double s = sin(x[i] / 700) * cos(y[i] / 900);
        w[i] = s > 0.6 ? 1 + 20 * (s - 0.6) * urand() : 0.05 * urand();
    }
    for (size_t j = 0; j < m; j++) {
        cx[j] = extent * urand();
        cy[j] = extent * urand();
    }
    for (size_t j = 0; j < f; j++) {
        fx[j] = extent * urand();
        fy[j] = extent * urand();
    }
    bh_ctx *ctx;
    bh_covering *cov;
    bh_covering_result *r;
    if (bh_ctx_create(&ctx) != BH_OK || bh_covering_create(ctx, &cov) != BH_OK)
        return 1;
    double t0 = now();
    if (bh_covering_add_demand(cov, x, y, w, n) != BH_OK ||
        bh_covering_add_candidates(cov, cx, cy, m) != BH_OK ||
        bh_covering_add_fixed(cov, fx, fy, f) != BH_OK)
        return 1;
    bh_covering_params p = {.k = k,
                            .radius = 50,
                            .min_spacing = argc > 5 ? atof(argv[5]) : 100,
                            .time_limit = argc > 6 ? atof(argv[6]) : 5};
    if (bh_covering_solve(cov, &p, &r) != BH_OK) {
        fprintf(stderr, "covering_synth: %s\n", bh_ctx_error(ctx));
        return 1;
    }
    double t = now() - t0;
    const bh_covering_summary *s = bh_covering_result_summary(r);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("demand=%zu candidates=%zu fixed=%zu k=%d seconds=%.2f solve_seconds=%.2f "
           "objective=%.3f bound=%.3f gap=%.4f added=%.3f bound_added=%.3f gap_added=%.3f "
           "optimal=%d pairs=%zu swaps=%d peak_mib=%.0f\n",
           n, m, f, k, t, s->seconds, s->objective, s->bound, s->gap, s->added, s->bound_added,
           s->gap_added, s->optimal, s->pairs, s->swaps, (double)ru.ru_maxrss / 1024.0);
    bh_covering_result_destroy(r);
    bh_covering_destroy(cov);
    bh_ctx_destroy(ctx);
    free(x), free(y), free(w), free(cx), free(cy), free(fx), free(fy);
    return 0;
}

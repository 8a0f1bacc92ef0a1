/* The local search of the covering solver: a tabu search over 1-swaps (one chosen site out, one
 * candidate in) with best improvement. Each step evaluates every swap exactly:
 *   delta(s, c) = g(c) + shared(s, c) - loss(s)
 * where g(c) is the weight c covers that nothing chosen covers (kept up to date incrementally
 * through the transposed lists), loss(s) the weight only s covers, and shared(s, c) the weight
 * only s covers that c covers too — non-zero only for the candidates that share demand with s
 * (or, with a spacing, stand within it of s), which the transposed lists give directly. So a step
 * costs one scan of g plus the neighbourhoods of the K chosen sites.
 * The best non-tabu swap is made even when it loses (a removed site may not come back for a few
 * steps, an added one may not leave), which walks out of the 1-swap local optima; the best
 * solution seen is kept, so the search never returns less than it was given. It stops after a
 * number of steps without a new best, or at the deadline. */
#include "analysis/covering_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Steps without a new best before the search stops: STALL_BASE + STALL_PER_SITE * K. */
#define STALL_BASE 200
#define STALL_PER_SITE 20

typedef struct search {
    const bh_cov_model *m;
    size_t *ts; /* transposed CSR: demand -> covering candidates */
    uint32_t *tl;
    uint32_t *cnt;  /* chosen sites covering each demand */
    double *g;      /* weight c covers that no chosen site covers */
    double *shared; /* scratch of one neighbourhood */
    uint32_t *touched;
    size_t ntouched, captouched;
    unsigned char *in;
    uint32_t *back;  /* step before which a removed candidate may not come back */
    uint32_t *stay;  /* step before which an added site may not leave */
    bh_pointgrid cg; /* candidates, for the spacing neighbourhood */
    uint32_t *buf;
    size_t cap;
    double eps;
} search;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int bh_cov_transpose(const bh_cov_model *m, size_t **ts, uint32_t **tl)
{
    size_t nnz = m->start[m->n];
    *ts = bh_calloc((size_t)m->m + 2, sizeof **ts);
    *tl = bh_malloc((nnz + 1) * sizeof **tl);
    if (!*ts || !*tl)
        return -1;
    for (size_t q = 0; q < nnz; q++)
        (*ts)[m->list[q] + 2]++;
    for (uint32_t i = 0; i < m->m; i++)
        (*ts)[i + 2] += (*ts)[i + 1];
    for (uint32_t j = 0; j < m->n; j++)
        for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
            (*tl)[(*ts)[m->list[q] + 1]++] = j;
    return 0;
}

static void search_free(search *S)
{
    bh_free(S->ts);
    bh_free(S->tl);
    bh_free(S->cnt);
    bh_free(S->g);
    bh_free(S->shared);
    bh_free(S->touched);
    bh_free(S->in);
    bh_free(S->back);
    bh_free(S->stay);
    bh_free(S->buf);
    bh_pointgrid_free(&S->cg);
}

/* Adds (d = +1) or removes (d = -1) site j, keeping cnt and g exact; returns the change of the
 * weight covered. */
static double apply(search *S, uint32_t j, int d)
{
    const bh_cov_model *m = S->m;
    double change = 0;
    for (size_t q = m->start[j]; q < m->start[j + 1]; q++) {
        uint32_t i = m->list[q];
        if ((d > 0 && S->cnt[i] == 0) || (d < 0 && S->cnt[i] == 1)) {
            for (size_t t = S->ts[i]; t < S->ts[i + 1]; t++)
                S->g[S->tl[t]] += d > 0 ? -m->w[i] : m->w[i];
            change += d > 0 ? m->w[i] : -m->w[i];
        }
        S->cnt[i] += (uint32_t)d;
    }
    S->in[j] = d > 0;
    return change;
}

static int search_init(search *S, const bh_cov_model *m, const uint32_t *sel, size_t nsel)
{
    memset(S, 0, sizeof *S);
    S->m = m;
    if (bh_cov_transpose(m, &S->ts, &S->tl))
        return -1;
    S->cnt = bh_calloc((size_t)m->m + 1, sizeof *S->cnt);
    S->g = bh_malloc(((size_t)m->n + 1) * sizeof *S->g);
    S->shared = bh_calloc((size_t)m->n + 1, sizeof *S->shared);
    S->in = bh_calloc((size_t)m->n + 1, 1);
    S->back = bh_calloc((size_t)m->n + 1, sizeof *S->back);
    S->stay = bh_calloc((size_t)m->n + 1, sizeof *S->stay);
    if (!S->cnt || !S->g || !S->shared || !S->in || !S->back || !S->stay)
        return -1;
    if (m->spacing > 0 && bh_pointgrid_build(&S->cg, m->sx, m->sy, m->n, m->spacing))
        return -1;
    double total = 0;
    for (uint32_t i = 0; i < m->m; i++)
        total += m->w[i];
    S->eps = 1e-9 * (total > 1 ? total : 1);
    for (uint32_t j = 0; j < m->n; j++) {
        S->g[j] = 0;
        for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
            S->g[j] += m->w[m->list[q]];
    }
    for (size_t s = 0; s < nsel; s++)
        (void)apply(S, sel[s], 1);
    return 0;
}

static int touch(search *S, uint32_t c)
{
    if (S->shared[c] != 0)
        return 0;
    if (S->ntouched == S->captouched) {
        size_t nc = S->captouched ? 2 * S->captouched : 256;
        uint32_t *t = bh_realloc(S->touched, nc * sizeof *t);
        if (!t)
            return -1;
        S->touched = t;
        S->captouched = nc;
    }
    S->touched[S->ntouched++] = c;
    return 0;
}

/* The best move found so far in a step. */
typedef struct move {
    size_t p;   /* position in sel of the site that leaves */
    uint32_t c; /* candidate that comes in (UINT32_MAX: none) */
    double d;   /* change of the objective */
} move;

/* May c come in for sel[p] at step it, with objective change d (cur + d > best: aspiration)? */
static int allowed(const search *S, uint32_t c, uint32_t it, double d, double cur, double best)
{
    return !S->in[c] && (S->back[c] <= it || cur + d > best + S->eps);
}

/* The candidates sharing demand only sel[p] covers (shared > 0), and with a spacing those within
 * it of sel[p] (shared may be 0): evaluates each as the replacement of sel[p]. */
static int neighbours(search *S, const uint32_t *sel, size_t nsel, size_t p, double loss,
                      uint32_t it, double cur, double best, move *mv)
{
    const bh_cov_model *m = S->m;
    uint32_t s = sel[p];
    S->ntouched = 0;
    for (size_t q = m->start[s]; q < m->start[s + 1]; q++) {
        uint32_t i = m->list[q];
        if (S->cnt[i] != 1)
            continue;
        for (size_t t = S->ts[i]; t < S->ts[i + 1]; t++) {
            if (touch(S, S->tl[t]))
                return -1;
            S->shared[S->tl[t]] += m->w[i];
        }
    }
    size_t len = 0;
    if (m->spacing > 0 &&
        bh_pointgrid_within(&S->cg, m->sx[s], m->sy[s], m->spacing, &S->buf, &len, &S->cap))
        return -1;
    for (size_t t = 0; t < len; t++)
        if (S->shared[S->buf[t]] == 0 && touch(S, S->buf[t]))
            return -1;
    for (size_t t = 0; t < S->ntouched; t++) {
        uint32_t c = S->touched[t];
        double d = S->g[c] + S->shared[c] - loss;
        if (c != s && d > mv->d + S->eps && allowed(S, c, it, d, cur, best) &&
            bh_cov_spaced(m, c, sel, nsel, p))
            *mv = (move){p, c, d};
    }
    for (size_t t = 0; t < S->ntouched; t++)
        S->shared[S->touched[t]] = 0;
    return 0;
}

/* The largest g over the candidates that may come in and keep the spacing to every chosen site:
 * the best replacement of any sel[p] outside its neighbourhood. */
static uint32_t best_far(const search *S, const uint32_t *sel, size_t nsel, uint32_t it)
{
    uint32_t arg = UINT32_MAX;
    double top = -INFINITY;
    for (uint32_t c = 0; c < S->m->n; c++)
        if (S->g[c] > top && !S->in[c] && S->back[c] <= it &&
            bh_cov_spaced(S->m, c, sel, nsel, nsel)) {
            top = S->g[c];
            arg = c;
        }
    return arg;
}

/* The best swap of step it (mv->c = UINT32_MAX when none is allowed). */
static int best_move(search *S, const uint32_t *sel, size_t nsel, uint32_t it, double cur,
                     double best, move *mv)
{
    const bh_cov_model *m = S->m;
    uint32_t far = best_far(S, sel, nsel, it);
    *mv = (move){0, UINT32_MAX, -INFINITY};
    for (size_t p = 0; p < nsel; p++) {
        uint32_t s = sel[p];
        double loss = 0;
        for (size_t q = m->start[s]; q < m->start[s + 1]; q++)
            if (S->cnt[m->list[q]] == 1)
                loss += m->w[m->list[q]];
        int locked = S->stay[s] > it;
        if (!locked && far != UINT32_MAX && S->g[far] - loss > mv->d + S->eps)
            *mv = (move){p, far, S->g[far] - loss};
        if (locked) { /* only an aspiring swap may take it out */
            move alt = {p, UINT32_MAX, best - cur};
            if (neighbours(S, sel, nsel, p, loss, it, cur, best, &alt))
                return -1;
            if (alt.c != UINT32_MAX && alt.d > mv->d + S->eps)
                *mv = alt;
        } else if (neighbours(S, sel, nsel, p, loss, it, cur, best, mv)) {
            return -1;
        }
    }
    return 0;
}

int bh_cov_search(const bh_cov_model *m, uint32_t *sel, size_t nsel, double deadline, int *swaps)
{
    search S;
    uint32_t *cur = bh_malloc((nsel + 1) * sizeof *cur);
    int rc = -1;
    *swaps = 0;
    if (!cur || search_init(&S, m, sel, nsel))
        goto done;
    memcpy(cur, sel, nsel * sizeof *cur);
    double value = 0, best = 0;
    uint32_t tenure = nsel < 10 ? (uint32_t)nsel / 2 + 1 : 7,
             stall_max = STALL_BASE + STALL_PER_SITE * (uint32_t)nsel;
    for (uint32_t it = 1, stall = 0; nsel > 0 && stall < stall_max; it++, stall++) {
        if ((it & 15) == 0 && now() > deadline)
            break;
        move mv;
        if (best_move(&S, cur, nsel, it, value, best, &mv))
            goto done;
        if (mv.c == UINT32_MAX)
            break;
        uint32_t out = cur[mv.p];
        value += apply(&S, out, -1); /* exact, not mv.d: the far estimate may be low */
        value += apply(&S, mv.c, 1);
        cur[mv.p] = mv.c;
        S.back[out] = it + tenure + (it % 3);
        S.stay[mv.c] = it + tenure / 2 + 1;
        if (value > best + S.eps) {
            best = value;
            memcpy(sel, cur, nsel * sizeof *sel);
            (*swaps)++;
            stall = 0;
        }
    }
    rc = 0;
done:
    if (cur)
        search_free(&S);
    bh_free(cur);
    return rc;
}

/* Iterated local search: rounds of kick (drop a few neighbouring chosen sites around one picked
 * by a fixed-seed generator, then refill greedily with the best-gain sites that keep the spacing,
 * never the ones just dropped) and tabu search, keeping the best. It moves whole groups of sites,
 * which single swaps cannot when a spacing binds. */
#define ILS_STALE_ROUNDS 10

static uint64_t ils_next(uint64_t *r)
{
    *r ^= *r << 13;
    *r ^= *r >> 7;
    *r ^= *r << 17;
    return *r;
}

/* Drops from sel[0..*n) the `drop` sites nearest to site c (c included). */
static void drop_near(const bh_cov_model *m, uint32_t *sel, size_t *n, size_t drop, uint32_t c)
{
    for (size_t d = 0; d<drop && * n> 0; d++) {
        size_t arg = 0;
        double top = INFINITY;
        for (size_t t = 0; t < *n; t++) {
            double dx = m->sx[sel[t]] - m->sx[c], dy = m->sy[sel[t]] - m->sy[c];
            if (dx * dx + dy * dy < top) {
                top = dx * dx + dy * dy;
                arg = t;
            }
        }
        sel[arg] = sel[--*n];
    }
}

/* Adds best-gain sites to sel[0..*nsel) up to k, skipping banned ones. 0 or -1 (memory). */
static int refill(const bh_cov_model *m, uint32_t *sel, size_t *nsel, size_t k,
                  const unsigned char *banned, unsigned char *covered)
{
    memset(covered, 0, m->m);
    for (size_t s = 0; s < *nsel; s++)
        for (size_t q = m->start[sel[s]]; q < m->start[sel[s] + 1]; q++)
            covered[m->list[q]] = 1;
    while (*nsel < k) {
        uint32_t arg = UINT32_MAX;
        double top = 0;
        for (uint32_t c = 0; c < m->n; c++) {
            if (banned[c])
                continue;
            double g = 0;
            for (size_t q = m->start[c]; q < m->start[c + 1]; q++)
                if (!covered[m->list[q]])
                    g += m->w[m->list[q]];
            if (g > top && bh_cov_spaced(m, c, sel, *nsel, *nsel)) {
                top = g;
                arg = c;
            }
        }
        if (arg == UINT32_MAX)
            break;
        sel[(*nsel)++] = arg;
        for (size_t q = m->start[arg]; q < m->start[arg + 1]; q++)
            covered[m->list[q]] = 1;
    }
    return 0;
}

int bh_cov_ils(const bh_cov_model *m, uint32_t *sel, size_t *nsel, size_t k, double deadline,
               int *swaps)
{
    uint32_t *cur = bh_malloc((k + 1) * sizeof *cur);
    unsigned char *banned = bh_calloc((size_t)m->n + 1, 1);
    unsigned char *covered = bh_malloc((size_t)m->m + 1);
    int rc = -1, more = 0;
    if (!cur || !banned || !covered || bh_cov_search(m, sel, *nsel, deadline, swaps))
        goto done;
    double best = bh_cov_value(m, sel, *nsel);
    uint64_t r = 0x9E3779B97F4A7C15ull;
    for (int stale = 0; stale<ILS_STALE_ROUNDS && * nsel> 1 && now() < deadline; stale++) {
        size_t n = *nsel, drop = n / 8 + 1;
        memcpy(cur, sel, n * sizeof *cur);
        for (uint32_t c = 0; c < m->n; c++)
            banned[c] = 0;
        for (size_t t = 0; t < n; t++)
            banned[cur[t]] = 1; /* chosen: not added twice; dropped: not added back */
        drop_near(m, cur, &n, drop, cur[ils_next(&r) % n]);
        if (refill(m, cur, &n, k, banned, covered) || bh_cov_search(m, cur, n, deadline, &more))
            goto done;
        double v = bh_cov_value(m, cur, n);
        if (v < 0)
            goto done;
        if (v > best + 1e-9 * (best > 1 ? best : 1)) {
            best = v;
            memcpy(sel, cur, n * sizeof *sel);
            *nsel = n;
            *swaps += more + 1;
            stale = -1;
        }
    }
    rc = 0;
done:
    bh_free(cur);
    bh_free(banned);
    bh_free(covered);
    return rc;
}

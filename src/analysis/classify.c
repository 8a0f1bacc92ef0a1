/* Classification breaks: quantile, equal interval, Fisher–Jenks, R pretty, stddev, manual. */
#include "analysis/classify.h"
#include "core/alloc.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BH_CLASSIFY_MAX_K 64

struct bh_classes {
    int k;
    double *bounds;  /* k + 1 */
    size_t *members; /* k */
};

static const char *const method_names[] = {"quantile", "equal",  "jenks",
                                           "pretty",   "stddev", "manual"};

const char *bh_classify_method_name(bh_classify_method m)
{
    if ((int)m < 0 || (size_t)m >= sizeof method_names / sizeof method_names[0])
        return "unknown";
    return method_names[m];
}

bh_status bh_classify_parse_method(bh_ctx *ctx, const char *text, bh_classify_method *m)
{
    for (size_t i = 0; text && i < sizeof method_names / sizeof method_names[0]; i++) {
        if (strcmp(text, method_names[i]) == 0) {
            *m = (bh_classify_method)i;
            return BH_OK;
        }
    }
    return bh_error(ctx, BH_E_ARG,
                    "classification method '%s': expected quantile, equal, jenks, pretty, "
                    "stddev or manual",
                    text ? text : "");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Removes duplicate bounds: b[1..] must increase strictly; b[1] may equal b[0] (a lowest class
 * holding only the minimum). Returns the new count. */
static size_t unique_bounds(double *b, size_t nb)
{
    size_t w = 0;
    for (size_t i = 0; i < nb; i++) {
        if (!isfinite(b[i]))
            continue;
        if (w == 1 && b[i] < b[0])
            continue;
        if (w >= 2 && !(b[i] > b[w - 1]))
            continue;
        b[w++] = b[i];
    }
    return w;
}

static size_t count_distinct(const double *sorted, size_t n)
{
    size_t d = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        if (sorted[i] != sorted[i - 1])
            d++;
    return d;
}

/* R quantile type 7 of sorted[0..n) at probability p. */
static double quantile7(const double *sorted, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return sorted[n - 1];
    double frac = h - (double)lo;
    return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static size_t breaks_quantile(const double *x, size_t n, int k, double *b)
{
    b[0] = x[0];
    for (int j = 1; j < k; j++)
        b[j] = quantile7(x, n, (double)j / k);
    b[k] = x[n - 1];
    return (size_t)k + 1;
}

static size_t breaks_equal(const double *x, size_t n, int k, double *b)
{
    double lo = x[0], hi = x[n - 1];
    b[0] = lo;
    for (int j = 1; j < k; j++)
        b[j] = lo + (hi - lo) * j / k;
    b[k] = hi;
    return (size_t)k + 1;
}

/* Exact Fisher–Jenks on sorted x[0..n): minimises the within-class sum of squared deviations.
 * The classic dynamic programme (Jenks 1977, as in jenkspy/simple-statistics): lower[i][j] is
 * the 1-based index of the first value of the last class of the best split of x[0..i) into j
 * classes. Bounds: x[0], the last value of each class, x[n-1]. */
static int breaks_jenks(const double *x, size_t n, int k, double *b)
{
    size_t stride = (size_t)k + 1;
    size_t *lower = bh_calloc((n + 1) * stride, sizeof *lower);
    double *var = bh_malloc((n + 1) * stride * sizeof *var);
    if (!lower || !var) {
        bh_free(lower);
        bh_free(var);
        return -1;
    }
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= (size_t)k; j++)
            var[i * stride + j] = (i >= 2) ? INFINITY : 0.0;
    for (size_t j = 1; j <= (size_t)k; j++)
        lower[1 * stride + j] = 1;
    for (size_t i = 2; i <= n; i++) {
        double s1 = 0, s2 = 0, w = 0, v = 0;
        for (size_t m = 1; m <= i; m++) {
            size_t i3 = i - m + 1;
            double val = x[i3 - 1];
            s2 += val * val;
            s1 += val;
            w += 1;
            v = s2 - (s1 * s1) / w;
            size_t i4 = i3 - 1;
            if (i4 != 0) {
                for (size_t j = 2; j <= (size_t)k; j++) {
                    double cand = v + var[i4 * stride + j - 1];
                    if (var[i * stride + j] >= cand) {
                        lower[i * stride + j] = i3;
                        var[i * stride + j] = cand;
                    }
                }
            }
        }
        lower[i * stride + 1] = 1;
        var[i * stride + 1] = v;
    }
    b[k] = x[n - 1];
    size_t kk = n;
    for (size_t j = (size_t)k; j >= 2; j--) {
        size_t first = lower[kk * stride + j]; /* 1-based first value of class j */
        size_t idx = first >= 2 ? first - 2 : 0;
        b[j - 1] = x[idx];
        kk = first >= 1 ? first - 1 : 0;
        if (kk == 0)
            kk = 1;
    }
    b[0] = x[0];
    bh_free(lower);
    bh_free(var);
    return 0;
}

/* Deterministic sample of m values of sorted x[0..n) (m < n) including the extremes; sorted. */
static double *jenks_sample(const double *x, size_t n, size_t m)
{
    double *pool = bh_malloc(n * sizeof *pool);
    double *s = bh_malloc(m * sizeof *s);
    if (!pool || !s) {
        bh_free(pool);
        bh_free(s);
        return NULL;
    }
    memcpy(pool, x + 1, (n - 2) * sizeof *pool);
    uint64_t st = 0x9E3779B97F4A7C15ULL; /* fixed seed: same input, same breaks */
    size_t pn = n - 2;
    s[0] = x[0];
    s[1] = x[n - 1];
    for (size_t i = 2; i < m; i++) {
        st ^= st << 13;
        st ^= st >> 7;
        st ^= st << 17;
        size_t r = (size_t)(st % pn);
        s[i] = pool[r];
        pool[r] = pool[--pn];
    }
    bh_free(pool);
    qsort(s, m, sizeof *s, cmp_double);
    return s;
}

/* R's pretty(): see src/appl/pretty.c (R_pretty) and pretty.default (n, min.n = n %/% 3,
 * shrink.sml = 0.75, high.u.bias = 1.5, u5.bias = .5 + 1.5 * high.u.bias, eps.correct = 0). */
size_t bh_pretty(double lo, double hi, int n, double *out, size_t max_out)
{
    const double h = 1.5, h5 = 0.5 + 1.5 * h, shrink = 0.75, eps = 1e-10;
    int ndiv = n < 1 ? 1 : n;
    int min_n = ndiv / 3;
    double dx = hi - lo, cell;
    int small;
    if (max_out < 2)
        return 0;
    if (dx == 0 && hi == 0) {
        cell = 1;
        small = 1;
    } else {
        cell = fmax(fabs(lo), fabs(hi));
        double u = 1 + ((h5 >= 1.5 * h + .5) ? 1 / (1 + h) : 1.5 / (1 + h5));
        u *= (ndiv > 1 ? ndiv : 1) * DBL_EPSILON;
        small = dx < cell * u * 3;
    }
    if (small) {
        if (cell > 10)
            cell = 9 + cell / 10;
        cell *= shrink;
        if (min_n > 1)
            cell /= min_n;
    } else {
        cell = dx;
        if (ndiv > 1)
            cell /= ndiv;
    }
    if (cell < 20 * DBL_MIN)
        cell = 20 * DBL_MIN;
    else if (cell * 10 > DBL_MAX)
        cell = .1 * DBL_MAX;
    double base = pow(10.0, floor(log10(cell)));
    double unit = base, ns;
    if ((ns = 2 * base) - cell < h * (cell - unit)) {
        unit = ns;
        if ((ns = 5 * base) - cell < h5 * (cell - unit)) {
            unit = ns;
            if ((ns = 10 * base) - cell < h * (cell - unit))
                unit = ns;
        }
    }
    ns = floor(lo / unit + eps);
    double nu = ceil(hi / unit - eps);
    while (ns * unit > lo + eps * unit)
        ns--;
    while (nu * unit < hi - eps * unit)
        nu++;
    int k = (int)(0.5 + nu - ns);
    if (k < min_n) {
        k = min_n - k;
        if (ns >= 0.) {
            nu += k / 2;
            ns -= k / 2 + k % 2;
        } else {
            ns -= k / 2;
            nu += k / 2 + k % 2;
        }
        k = min_n;
    }
    if (k < 1)
        k = 1;
    size_t cnt = (size_t)k + 1;
    if (cnt > max_out)
        cnt = max_out;
    double l = ns * unit, u = nu * unit;
    for (size_t i = 0; i < cnt; i++) {
        double v = (i + 1 == (size_t)k + 1) ? u : l + (u - l) * (double)i / k;
        if (fabs(v) < 1e-14 * ((u - l) / k))
            v = 0;
        out[i] = v;
    }
    return cnt;
}

static size_t breaks_stddev(const double *x, size_t n, int k, double *b)
{
    double mean = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double sd = sqrt(ss / (double)n);
    size_t nb = 0;
    b[nb++] = x[0];
    if (sd > 0) {
        /* k-1 inner breaks, 1 sd apart, symmetric about the mean. */
        for (int j = 1; j < k; j++) {
            double v = mean + sd * ((double)j - (double)k / 2.0);
            if (v > x[0] && v < x[n - 1])
                b[nb++] = v;
        }
    }
    b[nb++] = x[n - 1];
    return nb;
}

static size_t breaks_manual(const double *x, size_t n, int k, const double *manual, size_t n_manual,
                            double *b)
{
    if (n_manual == (size_t)k + 1) {
        memcpy(b, manual, n_manual * sizeof *b);
        return n_manual;
    }
    /* k - 1 inner breaks; outer bounds from the data (or the breaks when no data). */
    size_t nb = 0;
    double lo = n ? fmin(x[0], manual[0]) : manual[0];
    double hi = n ? fmax(x[n - 1], manual[n_manual - 1]) : manual[n_manual - 1];
    b[nb++] = lo;
    for (size_t i = 0; i < n_manual; i++)
        b[nb++] = manual[i];
    b[nb++] = hi;
    return nb;
}

/* Drops inner bounds so that no class is empty (pretty breaks may cover empty ranges; merging
 * keeps the remaining bounds round). x is sorted. Returns the new count. */
static size_t merge_empty(double *b, size_t nb, const double *x, size_t n)
{
    size_t i = 1;
    while (nb > 2 && i < nb) {
        /* members of the class (b[i-1], b[i]] (class 0 also takes b[0]) */
        size_t cnt = 0;
        for (size_t j = 0; j < n; j++)
            if ((x[j] > b[i - 1] || (i == 1 && x[j] >= b[0])) && x[j] <= b[i])
                cnt++;
        if (cnt > 0) {
            i++;
            continue;
        }
        size_t drop = (i == nb - 1) ? i - 1 : i; /* last class: drop its lower bound */
        if (drop == 0)
            drop = 1;
        memmove(b + drop, b + drop + 1, (nb - drop - 1) * sizeof *b);
        nb--;
    }
    return nb;
}

static bh_status make_classes(bh_ctx *ctx, const double *bounds, size_t nb, const double *x,
                              size_t n, bh_classes **out)
{
    bh_classes *c = bh_calloc(1, sizeof *c);
    if (!c)
        return bh_error(ctx, BH_E_NOMEM, "classify: out of memory");
    if (nb < 2) { /* one value: a single class [v, v] */
        c->k = 1;
        c->bounds = bh_malloc(2 * sizeof *c->bounds);
        c->members = bh_calloc(1, sizeof *c->members);
        if (c->bounds) {
            c->bounds[0] = c->bounds[1] = bounds[0];
        }
    } else {
        c->k = (int)nb - 1;
        c->bounds = bh_malloc(nb * sizeof *c->bounds);
        c->members = bh_calloc((size_t)c->k, sizeof *c->members);
        if (c->bounds)
            memcpy(c->bounds, bounds, nb * sizeof *c->bounds);
    }
    if (!c->bounds || !c->members) {
        bh_classes_destroy(c);
        return bh_error(ctx, BH_E_NOMEM, "classify: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        c->members[bh_classes_assign(c, x[i])]++;
    *out = c;
    return BH_OK;
}

/* Jenks natural breaks of the sorted x (on a sample above BH_CLASSIFY_JENKS_MAX_N values);
 * *kk may drop to the sample's distinct values. */
static bh_status jenks_bounds(bh_ctx *ctx, const double *x, size_t nx, int *kk, double *b,
                              size_t *nb)
{
    const double *src = x;
    size_t ns = nx;
    double *sample = NULL;
    bh_status st = BH_OK;
    if (nx > BH_CLASSIFY_JENKS_MAX_N) {
        sample = jenks_sample(x, nx, BH_CLASSIFY_JENKS_MAX_N);
        if (!sample)
            return bh_error(ctx, BH_E_NOMEM, "classify: out of memory");
        src = sample;
        ns = BH_CLASSIFY_JENKS_MAX_N;
        size_t ds = count_distinct(sample, ns);
        if ((size_t)*kk > ds)
            *kk = (int)ds;
    }
    if (breaks_jenks(src, ns, *kk, b) != 0)
        st = bh_error(ctx, BH_E_NOMEM, "classify: out of memory (jenks, n=%zu)", ns);
    b[0] = x[0];
    b[*kk] = x[nx - 1];
    *nb = (size_t)*kk + 1;
    bh_free(sample);
    return st;
}

/* The arguments of bh_classify that no data can fix. */
static bh_status check_args(bh_ctx *ctx, bh_classify_method m, int k, const double *manual,
                            size_t n_manual)
{
    if (k < 1 || k > BH_CLASSIFY_MAX_K)
        return bh_error(ctx, BH_E_ARG, "classify: number of classes %d: expected 1..%d", k,
                        BH_CLASSIFY_MAX_K);
    if ((int)m < 0 || m > BH_CLASSIFY_MANUAL)
        return bh_error(ctx, BH_E_ARG, "classify: unknown method %d", (int)m);
    if (m == BH_CLASSIFY_MANUAL) {
        if (!manual || (n_manual != (size_t)k - 1 && n_manual != (size_t)k + 1) || n_manual == 0)
            return bh_error(ctx, BH_E_ARG,
                            "classify: manual breaks: expected %d inner breaks or %d bounds, "
                            "got %zu",
                            k - 1, k + 1, n_manual);
        for (size_t i = 0; i < n_manual; i++) {
            if (!isfinite(manual[i]) || (i > 0 && !(manual[i] > manual[i - 1])))
                return bh_error(ctx, BH_E_ARG,
                                "classify: manual break %zu (%g): breaks must be finite and "
                                "strictly increasing",
                                i + 1, manual[i]);
        }
    }
    return BH_OK;
}

bh_status bh_classify(bh_ctx *ctx, bh_classify_method m, const double *values, size_t n, int k,
                      const double *manual, size_t n_manual, bh_classes **out)
{
    *out = NULL;
    bh_status st = check_args(ctx, m, k, manual, n_manual);
    if (st != BH_OK)
        return st;
    double *x = bh_malloc((n ? n : 1) * sizeof *x);
    double *b = bh_malloc(((size_t)BH_CLASSIFY_MAX_K + 2 + 64) * sizeof *b);
    if (!x || !b) {
        bh_free(x);
        bh_free(b);
        return bh_error(ctx, BH_E_NOMEM, "classify: out of memory");
    }
    size_t nx = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i]))
            x[nx++] = values[i];
    if (nx == 0 && !(m == BH_CLASSIFY_MANUAL && n_manual == (size_t)k + 1)) {
        bh_free(x);
        bh_free(b);
        return bh_error(ctx, BH_E_EMPTY, "classify: no finite values to classify");
    }
    qsort(x, nx, sizeof *x, cmp_double);
    size_t distinct = count_distinct(x, nx);
    int kk = k;
    if (m != BH_CLASSIFY_MANUAL && (size_t)kk > distinct)
        kk = (int)distinct;
    size_t nb = 0;
    if (m != BH_CLASSIFY_MANUAL && distinct == 1) {
        b[0] = x[0];
        nb = 1;
    } else {
        switch (m) {
        case BH_CLASSIFY_QUANTILE:
            nb = breaks_quantile(x, nx, kk, b);
            break;
        case BH_CLASSIFY_EQUAL:
            nb = breaks_equal(x, nx, kk, b);
            break;
        case BH_CLASSIFY_JENKS:
            st = jenks_bounds(ctx, x, nx, &kk, b, &nb);
            break;
        case BH_CLASSIFY_PRETTY:
            nb = bh_pretty(x[0], x[nx - 1], kk, b, (size_t)BH_CLASSIFY_MAX_K + 2 + 64);
            nb = merge_empty(b, nb, x, nx);
            break;
        case BH_CLASSIFY_STDDEV:
            nb = breaks_stddev(x, nx, kk, b);
            break;
        case BH_CLASSIFY_MANUAL:
            nb = breaks_manual(x, nx, k, manual, n_manual, b);
            break;
        }
    }
    if (st == BH_OK) {
        nb = unique_bounds(b, nb);
        if (nb > (size_t)BH_CLASSIFY_MAX_K + 1)
            nb = (size_t)BH_CLASSIFY_MAX_K + 1;
        st = make_classes(ctx, b, nb, x, nx, out);
    }
    bh_free(x);
    bh_free(b);
    return st;
}

void bh_classes_destroy(bh_classes *c)
{
    if (!c)
        return;
    bh_free(c->bounds);
    bh_free(c->members);
    bh_free(c);
}

int bh_classes_count(const bh_classes *c)
{
    return c->k;
}

const double *bh_classes_bounds(const bh_classes *c)
{
    return c->bounds;
}

int bh_classes_assign(const bh_classes *c, double v)
{
    if (isnan(v))
        return -1;
    /* First class whose upper bound is >= v. */
    int lo = 0, hi = c->k - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v <= c->bounds[mid + 1])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void bh_classes_assign_all(const bh_classes *c, const double *values, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = bh_classes_assign(c, values[i]);
}

size_t bh_classes_member_count(const bh_classes *c, int i)
{
    if (i < 0 || i >= c->k)
        return 0;
    return c->members[i];
}

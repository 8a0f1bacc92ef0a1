/* Classification of a numeric variable into k classes for choropleth maps: quantile, equal
 * interval, Jenks natural breaks (exact Fisher–Jenks), R's pretty(), standard deviation, manual.
 * Knows nothing of drawing.
 *
 * Result convention: a bh_classes holds the k+1 class BOUNDS b[0] <= b[1] < ... < b[k]
 * (b[0] = minimum, b[k] = maximum of the data, except for pretty/stddev/manual whose outer
 * bounds may lie beyond the data). Class i holds the values v with b[i] < v <= b[i+1]; class 0
 * also holds v == b[0] (values below b[0] fall in class 0, values above b[k] in class k-1).
 * The k-1 inner breaks are b[1..k-1], strictly increasing; b[0] == b[1] only when the lowest
 * class holds just the minimum (e.g. Jenks on [1, 2, 3] with 3 classes: 1 | 2 | 3 gives bounds
 * 1, 1, 2, 3 with the "upper value of each class" convention of Jenks, QGIS and jenkspy).
 *
 * Degenerate inputs never give NaN or duplicate bounds: NaN/inf values are ignored; with fewer
 * distinct values than requested classes the result has fewer classes (at least 1); all values
 * equal (e.g. all zero) give ONE class whose bounds are [v, v]. No values at all is BH_E_EMPTY. */
#ifndef BH_CLASSIFY_H
#define BH_CLASSIFY_H

#include <stddef.h>
#include "core/ctx.h"

typedef enum bh_classify_method {
    BH_CLASSIFY_QUANTILE = 0, /* equal counts: bounds at the j/k sample quantiles (type 7) */
    BH_CLASSIFY_EQUAL = 1,    /* equal interval between min and max */
    BH_CLASSIFY_JENKS = 2,    /* Fisher–Jenks natural breaks (exact DP; sampled above
                                 BH_CLASSIFY_JENKS_MAX_N values with a fixed seed) */
    BH_CLASSIFY_PRETTY = 3,   /* R's pretty(): round numbers 1, 2, 5 × 10^n covering the data;
                                 k is a hint (the count may differ); empty classes are merged */
    BH_CLASSIFY_STDDEV = 4,   /* mean ± multiples of one standard deviation (class width 1 sd),
                                 outer bounds at min and max */
    BH_CLASSIFY_MANUAL = 5    /* the caller's breaks */
} bh_classify_method;

/* Above this many (finite) values Jenks runs on a deterministic sample of this size
 * (xorshift, fixed seed) that always includes the minimum and maximum. */
#define BH_CLASSIFY_JENKS_MAX_N 3000

typedef struct bh_classes bh_classes;

/* Classifies values[0..n) into at most k classes (1 <= k <= 64) with method m.
 * For BH_CLASSIFY_MANUAL, manual[0..n_manual) are either k-1 inner breaks (n_manual == k-1) or
 * k+1 bounds (n_manual == k+1), strictly increasing; otherwise manual is ignored.
 * *out is owned by the caller (bh_classes_destroy). */
BH_MUST_CHECK bh_status bh_classify(bh_ctx *ctx, bh_classify_method m, const double *values,
                                    size_t n, int k, const double *manual, size_t n_manual,
                                    bh_classes **out);
/* Releases c; NULL is a no-op. */
void bh_classes_destroy(bh_classes *c);

/* Number of classes actually produced (may be fewer than asked; see above). */
int bh_classes_count(const bh_classes *c);
/* The count+1 bounds (borrowed, valid while c lives). */
const double *bh_classes_bounds(const bh_classes *c);
/* Class index 0..count-1 of v, or -1 for NaN. */
int bh_classes_assign(const bh_classes *c, double v);
/* Assigns every value: out[i] = bh_classes_assign(c, values[i]). */
void bh_classes_assign_all(const bh_classes *c, const double *values, size_t n, int *out);
/* Number of the classified (finite) values in class i. */
size_t bh_classes_member_count(const bh_classes *c, int i);

/* "quantile|equal|jenks|pretty|stddev|manual" → *m; BH_E_ARG naming the text otherwise. */
BH_MUST_CHECK bh_status bh_classify_parse_method(bh_ctx *ctx, const char *text,
                                                 bh_classify_method *m);
/* Static name of m ("jenks", ...). */
const char *bh_classify_method_name(bh_classify_method m);

/* R's pretty(c(lo, hi), n): writes up to max_out round-number bounds covering [lo, hi] into
 * out and returns how many (>= 2); exposed for legends and axes. */
size_t bh_pretty(double lo, double hi, int n, double *out, size_t max_out);

#endif

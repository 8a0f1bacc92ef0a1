/* Small bar charts (one per area, N crime types) drawn in page millimetres. */
#ifndef BH_CHART_H
#define BH_CHART_H

#include <stddef.h>
#include <cairo.h>
#include "core/status.h"
#include "render/batch.h"
#include "render/text.h"

typedef struct bh_bar_chart {
    size_t n;               /* number of bars */
    const double *values;   /* n values (negative and NaN drawn as 0) */
    const unsigned *colors; /* n colours 0xRRGGBB; NULL = grey */
    double max;             /* value of a full-height bar; <= 0 = this chart's own maximum
                               (pass the map-wide maximum to share a scale across charts) */
    double gap_frac;        /* gap between bars as a fraction of a bar slot (0..0.9), e.g. 0.2 */
    int value_labels;       /* 1: draw each value above its bar */
    const bh_text_style *label_style; /* for value labels; NULL = 5 pt default with halo */
    double baseline_mm;               /* baseline stroke width; 0 = none */
    double background_rgba[4];        /* box background; alpha 0 = none */
} bh_bar_chart;

/* Geometry of bar i of chart c drawn in the box (x, y, w, h): its rectangle in mm.
 * The bars stand on the baseline y + h; a bar of value max reaches y (minus the value-label
 * band when value_labels is set). Returns 0 if i is out of range. */
int bh_bar_chart_bar_rect(const bh_bar_chart *c, double x, double y, double w, double h, size_t i,
                          double rect[4]);

/* Draws chart c in the box (x, y)-(x+w, y+h), mm. The cairo state is preserved. */
void bh_bar_chart_draw(cairo_t *cr, const bh_bar_chart *c, double x, double y, double w, double h);

/* Queues chart c in the box (x, y)-(x+w, y+h) on batch b (render/batch.h): background, bars,
 * baseline, the same shapes bh_bar_chart_draw draws; only charts that do not overlap one another
 * may share one batch (see bh_chart_batch). Value labels are text: BH_E_ARG when
 * c->value_labels is set (use bh_bar_chart_draw). BH_E_NOMEM on allocation failure. */
BH_MUST_CHECK bh_status bh_bar_chart_batch(bh_batch *b, const bh_bar_chart *c, double x, double y,
                                           double w, double h);

/* Many charts batched (one fill per colour for all of them) in z-order: a chart overlapping an
 * earlier one goes into a later batch ("level"), so it is still drawn above it; charts that do
 * not overlap share a level. Value labels are not supported (BH_E_ARG, as bh_bar_chart_batch). */
typedef struct bh_chart_batch bh_chart_batch;

/* An empty chart batch; *out is owned by the caller (bh_chart_batch_destroy). */
BH_MUST_CHECK bh_status bh_chart_batch_create(bh_chart_batch **out);
/* Releases cb; NULL is a no-op. */
void bh_chart_batch_destroy(bh_chart_batch *cb);
/* Queues chart c in the box (x, y, w, h); c and its arrays are not kept. */
BH_MUST_CHECK bh_status bh_chart_batch_add(bh_chart_batch *cb, const bh_bar_chart *c, double x,
                                           double y, double w, double h);
/* Draws the queued charts level by level and empties cb. Returns the number of levels drawn. */
size_t bh_chart_batch_draw(bh_chart_batch *cb, cairo_t *cr);

/* The largest value among values[0..n) (0 when none is positive); for shared scales. */
double bh_bar_chart_max(const double *values, size_t n);

#endif

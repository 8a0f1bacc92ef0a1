/* Map legend: a titled list of entries (filled box, line, point symbol, heading or plain note)
 * built by the map from what it actually drew, so the legend lists only what the map shows. */
#ifndef BH_LEGEND_H
#define BH_LEGEND_H

#include <stddef.h>
#include <cairo.h>
#include "core/status.h"
#include "render/style.h"
#include "render/text.h"

typedef struct bh_legend bh_legend;

typedef enum bh_legend_kind {
    BH_LEGEND_FILL = 0, /* a box painted with a paint */
    BH_LEGEND_LINE,     /* a line stroked with a paint */
    BH_LEGEND_SYMBOL,   /* a point symbol */
    BH_LEGEND_HEADING,  /* bold text */
    BH_LEGEND_NOTE      /* plain text */
} bh_legend_kind;

/* A legend titled title (copied; NULL = none) whose text uses the family and size of ts
 * (copied; the family string must outlive the legend). *out is owned by the caller
 * (bh_legend_destroy). */
BH_MUST_CHECK bh_status bh_legend_create(const char *title, const bh_text_style *ts,
                                         bh_legend **out);
/* Releases lg; NULL is a no-op. */
void bh_legend_destroy(bh_legend *lg);

/* Appends an entry (text and paint/symbol copied; paint or symbol may be NULL where the kind
 * does not use it). BH_E_NOMEM on allocation failure. */
BH_MUST_CHECK bh_status bh_legend_add(bh_legend *lg, bh_legend_kind kind, const char *text,
                                      const bh_style_paint *paint, const bh_style_symbol *symbol);

size_t bh_legend_count(const bh_legend *lg);
/* Text of entry i (borrowed), NULL when out of range. */
const char *bh_legend_text(const bh_legend *lg, size_t i);

/* Size (w, h) in mm the legend takes when drawn. */
void bh_legend_size(bh_legend *lg, cairo_t *cr, double *w, double *h);
/* Draws it with its box's top left corner at (x, y). */
void bh_legend_draw(bh_legend *lg, cairo_t *cr, double x, double y);

#endif

/* Page facts shared by the map and the atlas: paper sizes, Japanese era (和暦) dates and the
 * painting of style paints and point symbols on a cairo_t in page millimetres. */
#ifndef BH_PAGE_H
#define BH_PAGE_H

#include <stddef.h>
#include <cairo.h>
#include "core/ctx.h"
#include "render/style.h"

/* Size in mm (portrait: w < h) of A4|A3|B4|B3 (JIS B); case-insensitive. BH_E_ARG naming the
 * text otherwise. */
BH_MUST_CHECK bh_status bh_page_paper_size(bh_ctx *ctx, const char *name, double *w_mm,
                                           double *h_mm);

/* Formats year/month (YYYYMM) in 和暦: 202301 → "令和5年1月", 201905 → "令和元年5月",
 * 201904 → "平成31年4月". Writes "" for an invalid month. */
void bh_page_wareki_ym(int ym, char *buf, size_t size);
/* A date in 和暦: (2023, 12, 5) → "令和5年12月5日". */
void bh_page_wareki_date(int y, int m, int d, char *buf, size_t size);
/* The period "令和5年1月〜令和5年12月" (one month: just "令和5年1月"); "" when from is 0. */
void bh_page_wareki_period(int from_ym, int to_ym, char *buf, size_t size);
/* The readers' note for types whose yearly count rows are not in the period
 * (bh_summary_partial_types): 「…は年間値のため、この期間の件数・危険度には含みません」. Caller
 * frees; NULL when out of memory. */
char *bh_page_partial_note(const char *types);

/* Fills and strokes the current path with paint p (fill, then hatch clipped to the path, then
 * stroke); the path is consumed. */
void bh_page_paint_path(cairo_t *cr, const bh_style_paint *p);
/* Draws p's hatch lines (or dots) over the extents of the current clip, on a grid anchored at
 * the page origin; the current path is replaced. */
void bh_page_hatch(cairo_t *cr, const bh_style_paint *p);
/* Draws symbol s centred at (x, y). */
void bh_page_symbol(cairo_t *cr, const bh_style_symbol *s, double x, double y);
/* Sets the cairo source to colour c. */
void bh_page_set_color(cairo_t *cr, const bh_rgba *c);

#endif

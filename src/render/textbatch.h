/* Text batching: the glyphs of many short texts (map labels) drawn as one cairo_show_text_glyphs
 * per (cairo scaled font, colour) instead of one or more per text. Each text keeps its clusters
 * (the UTF-8 it came from), so PDF text extraction still finds every label. Halos are drawn
 * when a text is queued, the fills by bh_textbatch_draw, so the texts must not overlap one
 * another (placed labels do not). */
#ifndef BH_RENDER_TEXTBATCH_H
#define BH_RENDER_TEXTBATCH_H

#include <stddef.h>
#include <cairo.h>
#include "core/status.h"
#include "render/text.h"

typedef struct bh_textbatch bh_textbatch;

/* An empty batch; *out is owned by the caller (bh_textbatch_destroy). BH_E_NOMEM on failure. */
BH_MUST_CHECK bh_status bh_textbatch_create(bh_textbatch **out);
/* Releases tb (queued glyphs not drawn are dropped); NULL is a no-op. */
void bh_textbatch_destroy(bh_textbatch *tb);

/* Draws text at (x, y) with anchor a as bh_text_draw(cr, st, text, x, y, a) does, except that
 * the fill is queued for bh_textbatch_draw (the halo is drawn now). Returns 1 when queued; 0
 * when the text was drawn whole at once instead (glyphs missing from the fonts, right-to-left
 * runs, out of memory) or is empty. The cairo state is left as it was. */
int bh_textbatch_add(bh_textbatch *tb, cairo_t *cr, const bh_text_style *st, const char *text,
                     double x, double y, bh_anchor a);

/* Draws the queued fills on cr (the same user space as when they were queued) and empties the
 * batch. The cairo state is left as it was. */
void bh_textbatch_draw(bh_textbatch *tb, cairo_t *cr);

/* Texts and glyphs queued since the last draw, and the cairo text operations the last draw
 * issued. */
size_t bh_textbatch_n_texts(const bh_textbatch *tb);
size_t bh_textbatch_n_glyphs(const bh_textbatch *tb);
size_t bh_textbatch_n_ops(const bh_textbatch *tb);

#endif

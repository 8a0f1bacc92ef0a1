/* The pango side of render/text.h for the renderer's own batching (render/textbatch.h): layouts
 * built exactly as bh_text_draw builds them, and their halos. Not for other rooms. */
#ifndef BH_RENDER_TEXT_LAYOUT_H
#define BH_RENDER_TEXT_LAYOUT_H

#include <cairo.h>
#include <pango/pango.h>
#include "render/text.h"

#define BH_TEXT_MM_PER_PT (25.4 / 72.0)

/* A layout of text with style st in the current user space of cr, which must be page mm scaled
 * by BH_TEXT_MM_PER_PT (1 unit = 1 pt), as bh_text_draw uses. The caller unrefs it
 * (g_object_unref). */
PangoLayout *bh_text_layout_new(cairo_t *cr, const bh_text_style *st, const char *text);
/* Draws the halo of layout (top-left at the user-space origin of cr) when st has one; the
 * current path is replaced, the source changed. */
void bh_text_layout_halo(cairo_t *cr, const bh_text_style *st, PangoLayout *layout);
/* 1 when every glyph of the layout is a real glyph of a cairo font (no hex boxes), and with
 * in_order also every run left-to-right with its clusters in text order: what can be drawn as
 * plain glyphs (halo.c), or batched with the same clusters as pango (textbatch.c). */
int bh_text_layout_glyphs_ok(PangoLayout *layout, int in_order);
/* Calls fn(user, run, font, x, baseline) for every run of layout in order: font is the run's
 * cairo scaled font (borrowed; NULL when pango gives none), x the run's logical left edge and
 * baseline its baseline, in pango units from the layout's top-left. Stops at the first nonzero
 * return of fn and returns it; 0 when every run was visited. */
typedef int (*bh_text_run_fn)(void *user, const PangoLayoutRun *run, cairo_scaled_font_t *font,
                              int x, int baseline);
int bh_text_layout_each_run(PangoLayout *layout, bh_text_run_fn fn, void *user);
/* The fill colour of st (its rgba, or opaque black when all zero). */
void bh_text_fill_rgba(const bh_text_style *st, double rgba[4]);

#endif

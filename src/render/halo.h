/* Label halos on vector pages: one form per distinct glyph. A halo is the glyph outlines of a
 * layout stroked round-joined under the text; on PDF each distinct glyph's stroked outline is
 * recorded once (a cairo recording surface, which cairo's PDF writer emits as one Form XObject)
 * and painted at every use, instead of writing the outline path out at every use. */
#ifndef BH_RENDER_HALO_H
#define BH_RENDER_HALO_H

#include <cairo.h>
#include <pango/pango.h>

/* Paints the halo of layout (drawn with its top-left at the user-space origin of cr) as per-glyph
 * forms: line width in user units, opaque colour rgb. Returns 1 when drawn, 0 when this output
 * or layout needs the plain stroked path instead (raster and SVG targets, unknown glyphs, out of
 * memory before anything was drawn). The forms are cached on cr and released with it. */
int bh_halo_draw_forms(cairo_t *cr, PangoLayout *layout, double line_width, const double rgb[3]);

#endif

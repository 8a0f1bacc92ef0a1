/* Output surfaces behind one interface: PDF and SVG (vector, cairo) and PNG (a cairo image
 * surface written with libpng at a fast compression level, no row filters). Whatever the
 * backend, the cairo_t's user space is millimetres on the page with the origin at the top left,
 * so render code never branches on the format. */
#ifndef BH_SURFACE_H
#define BH_SURFACE_H

#include <stddef.h>
#include <cairo.h>
#include "bohan/surface.h"
#include "core/ctx.h"

/* Creates a surface of one page paper_w_mm x paper_h_mm. path_or_format is either an output
 * file name (the format comes from its extension; the file is written as pages finish) or a bare
 * format name ("pdf", "png", "svg"), in which case the output is kept in memory (see
 * bh_surface_data). dpi is the PNG resolution (the image is round(paper mm / 25.4 * dpi) pixels
 * each way) and is ignored by the vector formats; <= 0 means 300. The page starts white
 * (PNG) or empty (vector). *out is owned by the caller (bh_surface_destroy). */
BH_MUST_CHECK bh_status bh_surface_create(bh_ctx *ctx, const char *path_or_format,
                                          double paper_w_mm, double paper_h_mm, double dpi,
                                          bh_surface **out);
/* Releases s; NULL is a no-op. Without bh_surface_finish the output is abandoned: an existing file
 * at the path stays as it was. */
void bh_surface_destroy(bh_surface *s);

/* The drawing context (borrowed, owned by s): user units are page millimetres. */
cairo_t *bh_surface_cairo(bh_surface *s);

/* Ends the current page and starts a new one of the same size, drawing state reset (user space
 * is millimetres again). PDF: a new page of the same document. PNG: the finished page is written
 * (page 1 to the path, page n to "<name>-<n>.png") and a fresh white page begins. SVG holds one
 * page only: BH_E_UNSUPPORTED. */
BH_MUST_CHECK bh_status bh_surface_next_page(bh_surface *s);

/* Finishes the document: flushes the last page and closes the file. Must be called to get
 * complete output; errors (disk full, cairo failure) are reported here. Idempotent. */
BH_MUST_CHECK bh_status bh_surface_finish(bh_surface *s);

bh_surface_format bh_surface_format_of(const bh_surface *s);
double bh_surface_width_mm(const bh_surface *s);
double bh_surface_height_mm(const bh_surface *s);
/* Device resolution in dots per mm: the PNG's pixels per mm; for vector output 300 dpi worth,
 * which is what geometry is simplified to. */
double bh_surface_dots_per_mm(const bh_surface *s);
/* PNG pixel size (0 for vector formats). */
int bh_surface_width_px(const bh_surface *s);
int bh_surface_height_px(const bh_surface *s);
/* Pages started so far (1 after create). */
int bh_surface_pages(const bh_surface *s);

/* In-memory output (bare format name given to create), valid after bh_surface_finish and owned
 * by s; NULL with *len 0 when writing to a file. For PNG, the last page. */
const unsigned char *bh_surface_data(const bh_surface *s, size_t *len);

#endif

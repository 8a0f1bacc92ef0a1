/* Scale bar: a bar of a round length (1, 2 or 5 × 10^n metres) that is true in metres in the
 * storage SRID (the map's plane coordinates), split into black and white segments and labelled
 * in m or km. */
#ifndef BH_SCALEBAR_H
#define BH_SCALEBAR_H

#include <cairo.h>
#include "render/mapview.h"
#include "render/text.h"

/* The longest round length (1, 2, 5 × 10^n m) whose bar is at most max_mm long at mm_per_m;
 * 0 when even 1 mm would not fit. */
double bh_scalebar_length_m(double mm_per_m, double max_mm);
/* "500 m", "1 km", "2.5 km" for a length in metres (buf of at least 32 bytes). */
void bh_scalebar_format(double metres, char *buf, size_t size);

/* Size (w, h in mm) of the scale bar for view mv with a bar of at most max_mm. */
void bh_scalebar_size(cairo_t *cr, const bh_mapview *mv, double max_mm, const bh_text_style *ts,
                      double *w, double *h);
/* Draws it with its top left corner at (x, y); returns the bar length in metres. */
double bh_scalebar_draw(cairo_t *cr, const bh_mapview *mv, double max_mm, const bh_text_style *ts,
                        double x, double y);

#endif

/* North arrow. On a plane rectangular projection grid north differs from true north by the
 * meridian convergence; bh_north_convergence asks PROJ for it so the arrow points to true
 * north. */
#ifndef BH_NORTH_H
#define BH_NORTH_H

#include <cairo.h>
#include "core/ctx.h"
#include "render/text.h"

/* Meridian convergence in degrees at world point (x, y) of EPSG:srid (PROJ proj_factors): the
 * angle from grid north to true north, clockwise positive. 0 on any failure. */
double bh_north_convergence(bh_ctx *ctx, int srid, double x, double y);

/* Size (w, h in mm) of an arrow of height size_mm with its "N" label. */
void bh_north_size(cairo_t *cr, double size_mm, const bh_text_style *ts, double *w, double *h);
/* Draws the arrow with its box's top left at (x, y), rotated by angle_deg (true north, degrees
 * clockwise from page up). */
void bh_north_draw(cairo_t *cr, double size_mm, const bh_text_style *ts, double angle_deg, double x,
                   double y);

#endif

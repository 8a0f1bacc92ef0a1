/* A style's "raster" layer: a table of square grid cells (e.g. hotspot_kde, the KDE surface of
 * `bohan crimes hotspots --method kde`) drawn as one classified image: a cairo image surface of
 * one pixel per cell, scaled onto the page (bilinear filtering smooths it when "smooth"), cells
 * below the threshold transparent, clipped to a table's polygons. The class limits come from the
 * grid's own values (every cell at or above the threshold, the whole grid, so atlas pages share
 * them), shown per year when the values are per the period of the layer's catalogue definition. */
#ifndef BH_MAPRASTER_H
#define BH_MAPRASTER_H

#include <stddef.h>
#include <cairo.h>
#include <json-c/json.h>
#include "db/db.h"
#include "render/legend.h"
#include "render/mapview.h"
#include "render/style.h"

typedef struct bh_mapraster bh_mapraster;

/* Reads and classifies the grid of L (a BH_LAYER_RASTER). def is the catalogue's definition
 * JSON of the table (may be NULL; "from"/"to" give the period for per_year). BH_E_STYLE when
 * per_year has no period or the value column is missing. *out is owned by the caller
 * (bh_mapraster_destroy); an empty grid gives a raster with no classes. */
BH_MUST_CHECK bh_status bh_mapraster_load(bh_db *db, const bh_style_layer *L, json_object *def,
                                          bh_mapraster **out);
/* Releases r; NULL is a no-op. */
void bh_mapraster_destroy(bh_mapraster *r);

/* Cells drawn (at or above the threshold). */
size_t bh_mapraster_cells(const bh_mapraster *r);
/* The k+1 class bounds in shown units (borrowed) and k; 0 classes when nothing is drawn. */
const double *bh_mapraster_bounds(const bh_mapraster *r, int *k);

/* Draws the image over mv's frame (clipped to L->clip's polygons when given). */
BH_MUST_CHECK bh_status bh_mapraster_draw(bh_db *db, const bh_mapraster *r, const bh_style_layer *L,
                                          bh_mapview *mv, cairo_t *cr);

/* The legend: heading title, one entry per class (high to low, limits with L->decimals), a note
 * on the period and the threshold. */
BH_MUST_CHECK bh_status bh_mapraster_legend(const bh_mapraster *r, const bh_style_layer *L,
                                            const char *title, bh_legend *lg);

#endif

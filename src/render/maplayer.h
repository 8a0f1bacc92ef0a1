/* The style's "table" layers on a map: features of a database table drawn with the layer's
 * paint (polygons, lines) or symbol (points), optional labels, and what the legend and the
 * credits need to know about them (catalogue title, credit, sample kind). */
#ifndef BH_MAPLAYER_H
#define BH_MAPLAYER_H

#include <stddef.h>
#include <cairo.h>
#include "db/db.h"
#include "render/labels.h"
#include "render/legend.h"
#include "render/mapraster.h"
#include "crimes/summary.h"
#include "render/mapview.h"
#include "render/style.h"

typedef struct bh_maplayer_info {
    int exists;           /* the table exists with a geom column */
    long n_features;      /* features with geometry inside the extent */
    int points;           /* the features are points */
    int sample;           /* catalogue kind 'sample' or any row with sample = 1 */
    char *title;          /* the style's title, else the catalogue's, else the table (owned) */
    char *credit;         /* the style's credit ({key}s filled from the catalogue definition), else
                             the catalogue's, or NULL (owned) */
    bh_mapraster *raster; /* BH_LAYER_RASTER: the classified grid (owned) */
    unsigned char cat_used[64]; /* categories with features inside the extent */
} bh_maplayer_info;

/* Looks layer L up in db for the world extent (minx, miny, maxx, maxy). Never fails for a
 * missing table (exists = 0); BH_E_DB for a broken where filter. Free with
 * bh_maplayer_info_free. */
BH_MUST_CHECK bh_status bh_maplayer_probe(bh_db *db, const bh_style_layer *L,
                                          const double extent[4], bh_maplayer_info *info);
void bh_maplayer_info_free(bh_maplayer_info *info);

/* Legend entries of a raster layer or a table layer with categories (heading = the title,
 * the classes or categories in use, the style's order); nothing for other layers. */
BH_MUST_CHECK bh_status bh_maplayer_legend(const bh_style_layer *L, const bh_maplayer_info *info,
                                           bh_legend *lg);

/* Draws the features of L inside mv's visible extent; label candidates go to lab (may be NULL)
 * with text style ts. *points receives the number of point symbols drawn. */
BH_MUST_CHECK bh_status bh_maplayer_draw(bh_db *db, const bh_style_layer *L, bh_mapview *mv,
                                         cairo_t *cr, bh_labeler *lab, const bh_text_style *ts,
                                         size_t *points);

/* Counts the features of L inside each area of md (GEOS ST_Within, prefiltered by the spatial
 * index when the table has one) into counts[bh_summary_n_areas(md)]. */
BH_MUST_CHECK bh_status bh_maplayer_count_in_areas(bh_db *db, const bh_style_layer *L,
                                                   const bh_summary *md, long *counts);

#endif

/* The city crime map: areas filled by 危険度 or classified counts, each with its count and a
 * small bar chart of the crime types, the style's other layers, legend, scale bar, north arrow,
 * title block (period in 和暦), source line, credits and the sample stamp; PDF, PNG or SVG.
 * bh_map_render is what `bohan map` runs and what the atlas calls for its cover page. */
#ifndef BH_MAP_H
#define BH_MAP_H

#include <stddef.h>
#include "bohan/map.h"
#include "core/city.h"
#include "db/db.h"
#include "crimes/summary.h"
#include "render/style.h"
#include "render/surface.h"

/* Draws one map page on surface from md, a summary computed (bh_summary_compute) or built row by
 * row (bh_summary_create). db (may be NULL) supplies the
 * style's table layers and the layers catalogue; city (may be NULL) the source line and
 * credits. result may be NULL. */
BH_MUST_CHECK bh_status bh_map_draw(bh_ctx *ctx, bh_db *db, const bh_summary *md,
                                    const bh_style *style, const bh_city *city,
                                    const bh_map_opts *opts, bh_surface *surface,
                                    bh_map_result *result);

/* The city profile of db: the one stored in its meta ('city_json', 'city_dir') when present,
 * else the default city directory's. *out is owned by the caller (bh_city_destroy). */
BH_MUST_CHECK bh_status bh_map_city(bh_db *db, bh_city **out);

/* Page size in mm for opts and style (paper and orientation from opts, else the style). */
BH_MUST_CHECK bh_status bh_map_page_size(bh_ctx *ctx, const bh_map_opts *opts,
                                         const bh_style *style, double *w_mm, double *h_mm);

#endif

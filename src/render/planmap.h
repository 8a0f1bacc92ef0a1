/* Small public-edition maps of the spatial plan items for the printed report: the city, the
 * layers an item is linked to (plan_item_layers) drawn with the look of styles/plan-item-map.json,
 * and for layers of individual positions (edition "internal": cameras, こども110番の家) only their
 * count per area (交番管内, or 小学校区 when the item is linked to the districts). */
#ifndef BH_PLANMAP_H
#define BH_PLANMAP_H

#include <cairo.h>
#include "db/db.h"

typedef struct bh_planmap bh_planmap;

/* Loads the style "plan-item-map" from the city's styles and the city's extent. *out is owned
 * by the caller (bh_planmap_destroy). */
BH_MUST_CHECK bh_status bh_planmap_create(bh_db *db, bh_planmap **out);
void bh_planmap_destroy(bh_planmap *pm);

/* 1 when item has a link (for fiscal year fy) to a layer the style draws. */
int bh_planmap_wants(bh_planmap *pm, int item, const char *fy);

/* Draws item's map with title in the box (x, y, w, h) mm; *sample is set to 1 when a sample
 * layer was drawn (the panel then says サンプル). */
BH_MUST_CHECK bh_status bh_planmap_draw(bh_planmap *pm, cairo_t *cr, int item, const char *fy,
                                        const char *title, const double box[4], double dots_per_mm,
                                        int *sample);

#endif

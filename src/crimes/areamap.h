/* The stored 町丁目 → area table (areamap.sql): for every areal --by kind, the m² of each block
 * inside each area and the one area holding each place's representative point. Not a public
 * header; `bohan crimes check` reaches bh_area_map_check through bh_crimes_check. */
#ifndef BH_CRIMES_AREAMAP_H
#define BH_CRIMES_AREAMAP_H

#include <stddef.h>
#include "bohan/summary.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "db/db.h"

/* The map's name of a --by kind into buf ("koban", "school-district", "oaza", "grid:250");
 * NULL for chome (its own areas: no map). */
const char *bh_area_map_kind(bh_area_kind by, double grid_m, char *buf, size_t len);

/* Replaces the rows of kind in table ("chome_area_map", or a temporary table of the same
 * columns) with a fresh computation from the layers. Runs in the caller's transaction. */
BH_MUST_CHECK bh_status bh_area_map_build(bh_db *db, const char *kind, const char *table);

/* After a layer change, inside the transaction that made it: rebuilds every stored kind whose
 * areas read changed (town_blocks: every kind; NULL: every kind) and builds the standard kinds
 * not stored yet (koban, school-district, oaza and the profile's crimes.area_grids_m). A no-op on
 * a database made before the map. */
BH_MUST_CHECK bh_status bh_area_map_refresh(bh_db *db, const char *changed);

/* The table a summary of kind reads its map from: "chome_area_map" when kind is stored; else the
 * map is computed now, into the caller's open write transaction when there is one (so it is
 * cached with it), otherwise — and for a database made before the map — into the connection's
 * temporary table "temp.bh_area_map_now" (a read never writes the file). */
BH_MUST_CHECK bh_status bh_area_map_source(bh_db *db, const char *kind, const char **table);

/* Compares every stored kind (kinds not stored are computed by the summary that needs them) with
 * a fresh computation (temporary table); appends one line per
 * difference to out (areas compared within 1e-9 relative, the point flag exactly) and adds their
 * number to *n_diff. */
BH_MUST_CHECK bh_status bh_area_map_check(bh_db *db, long *n_diff, bh_strbuf *out);

#endif

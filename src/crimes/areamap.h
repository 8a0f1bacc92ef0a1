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

/* The table a summary of kind reads its map from: "chome_area_map" when kind is stored;
 * "chome_area_cells" for a grid:M whose M is a multiple of the stored base cells (the summary
 * aggregates the pieces, bh_area_cells_base); else the map is computed now, into the caller's
 * open write transaction when there is one (so it is cached with it), otherwise — and for a
 * database made before the map — into the connection's temporary table "bh_area_map_now" (a
 * read never writes the database). */
BH_MUST_CHECK bh_status bh_area_map_source(bh_db *db, const char *kind, const char **table);

/* Compares every stored kind (kinds not stored are computed by the summary that needs them) with
 * a fresh computation (temporary table); appends one line per
 * difference to out (areas compared within 1e-9 relative, the point flag exactly) and adds their
 * number to *n_diff. */
BH_MUST_CHECK bh_status bh_area_map_check(bh_db *db, long *n_diff, bh_strbuf *out);

/* The parts shared by areamap.c, areamap_build.c and areamap_cells.c. */

/* A kind whose areas are the polygons of a layer: the layer's table and its id column. */
typedef struct bh_area_polygon {
    const char *kind, *table, *idcol;
} bh_area_polygon;

/* Inserts the rows of kind into table: pk's polygons, else grid cells of g m, else 大字. */
BH_MUST_CHECK bh_status bh_area_map_build_rows(bh_db *db, const char *kind, const char *table,
                                               const bh_area_polygon *pk, double g);

/* SQL (caller frees) giving (place, pt): the representative point (PointOnSurface) of every
 * block and group of blocks sharing a name (chome 1), or of every 大字 (chome 0). */
BH_MUST_CHECK bh_status bh_area_map_points_sql(bh_db *db, int chome, char **sql);

/* Cuts every block of town_blocks by the square cells of g m aligned on the origin (col =
 * floor(x / g), row = floor(y / g)) and inserts each piece of positive area into table: as the
 * base layer's rows (place, cx, cy, area) when kind is NULL, else as kind's chome_area_map rows
 * (area_key "col:row", m² of the piece and of the block). The cutting is GEOS in the process, the
 * rows go in one bulk load: no statement per piece. */
BH_MUST_CHECK bh_status bh_area_map_cut_into(bh_db *db, double g, const char *table,
                                             const char *kind);

/* The base layer (areamap_cells.c): replaces cells (chome_area_cells or a table of its columns)
 * with the blocks cut by cells of b m, and points (chome_area_points …) with every place's
 * representative point. Runs in the caller's transaction. */
BH_MUST_CHECK bh_status bh_area_cells_build(bh_db *db, double b, const char *cells,
                                            const char *points);

/* The stored base cell size (chome_area_kinds 'cells:B'), 0 when none (or no table). */
double bh_area_cells_base(bh_db *db);

/* Column i of q as text ("-" for NULL), a number formatted into buf: the check's lines print
 * several numbers, and bh_stmt_column_text has one number buffer per statement. */
const char *bh_area_map_text(bh_stmt *q, int i, char buf[32]);

/* Compares the stored base layer with a fresh one; one line per difference into out. */
BH_MUST_CHECK bh_status bh_area_cells_check(bh_db *db, double b, long *n_diff, bh_strbuf *out);

#endif

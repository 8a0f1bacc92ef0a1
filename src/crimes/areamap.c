/* The stored 町丁目 → area table: where each place lies in the areas of every areal --by kind.
 *
 * For kind K and each 町丁目 block, one row per area the block overlaps with the m² of the block
 * inside it (area) and the block's m² (place_area): share = area / place_area, which weights the
 * block's population (ST_Intersection/ST_Area, computed here once). One row per place (block, or
 * 大字 for rows known only to the 大字) has point = 1: the area holding its representative point
 * (PointOnSurface), where its crimes are counted — the rule of bh_summary_assign, so counts stay
 * whole numbers and atlas pages add up to their totals. Kinds: polygon layers (koban →
 * koban_areas.name, school-district → school_districts.school_name), oaza (the block's oaza
 * attribute, share 1) and grid:M (cells "col:row" = floor(x/M):floor(y/M), cached per M); the
 * base layer 'cells:B' (areamap_cells.c) serves every other grid:M whose M is a multiple of B.
 * Summaries read it (summary_map.c); the layer writers rebuild it (bh_area_map_refresh). The
 * builders are in areamap_build.c; all of it is neutral SQL (db/stmt.h), for both backends. */
#include "core/alloc.h"
#include "crimes/areamap.h"
#include "core/i18n.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_NOW "bh_area_map_now"
#define MAP_FRESH "bh_area_map_fresh"
#define MAX_KINDS 32
#define CELL_M_DEFAULT 50.0

static const bh_area_polygon polygon_kinds[] = {
    {"koban", "koban_areas", "name"},
    {"school-district", "school_districts", "school_name"},
};

const char *bh_area_map_kind(bh_area_kind by, double grid_m, char *buf, size_t len)
{
    switch (by) {
    case BH_AREA_CHOME:
        return NULL;
    case BH_AREA_OAZA:
        snprintf(buf, len, "oaza");
        return buf;
    case BH_AREA_KOBAN:
        snprintf(buf, len, "koban");
        return buf;
    case BH_AREA_SCHOOL_DISTRICT:
        snprintf(buf, len, "school-district");
        return buf;
    case BH_AREA_GRID:
        snprintf(buf, len, "grid:%.17g", grid_m);
        return buf;
    }
    return NULL;
}

static const bh_area_polygon *polygon_of(const char *kind)
{
    for (size_t i = 0; i < sizeof polygon_kinds / sizeof *polygon_kinds; i++)
        if (strcmp(kind, polygon_kinds[i].kind) == 0)
            return &polygon_kinds[i];
    return NULL;
}

/* The cell size of a "grid:M" or "cells:B" kind, else 0. */
static double kind_size(const char *kind, int *cells)
{
    *cells = strncmp(kind, "cells:", 6) == 0;
    if (*cells)
        return strtod(kind + 6, NULL);
    return strncmp(kind, "grid:", 5) == 0 ? strtod(kind + 5, NULL) : 0;
}

/* The table a kind's areas come from ("grid" for cells, town_blocks for 大字). */
static const char *kind_source(const char *kind)
{
    const bh_area_polygon *p = polygon_of(kind);
    int cells;
    return p ? p->table : kind_size(kind, &cells) > 0 ? "grid" : "town_blocks";
}

static int is_main(const char *table)
{
    return strcmp(table, "chome_area_map") == 0;
}

/* Records kind as built, with its number of rows in table. */
static bh_status record_kind(bh_db *db, const char *kind, const char *table)
{
    char *n = is_main(table)
                  ? sqlite3_mprintf("(SELECT count(*) FROM %s WHERE kind = %Q)", table, kind)
                  : sqlite3_mprintf("(SELECT count(*) FROM %s)", table);
    bh_status rc = n ? bh_db_execq(db,
                                   "INSERT INTO chome_area_kinds (kind, source, built_at, n_rows) "
                                   "VALUES (%Q, %Q, %s, %s) ON CONFLICT (kind) DO UPDATE SET "
                                   "source = excluded.source, built_at = excluded.built_at, "
                                   "n_rows = excluded.n_rows",
                                   kind, kind_source(kind), bh_db_sql(db)->now_utc, n)
                     : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_free(n);
    return rc;
}

/* The base layer: one size at a time (a new size replaces the old). */
static bh_status build_cells(bh_db *db, const char *kind, double b)
{
    if (!bh_db_has_table(db, "chome_area_cells"))
        return BH_OK; /* a database made before the base layer */
    bh_status rc = bh_db_exec(db, "DELETE FROM chome_area_kinds WHERE kind LIKE 'cells:%'");
    if (rc == BH_OK)
        rc = bh_area_cells_build(db, b, "chome_area_cells", "chome_area_points");
    return rc == BH_OK ? record_kind(db, kind, "chome_area_cells") : rc;
}

bh_status bh_area_map_build(bh_db *db, const char *kind, const char *table)
{
    const bh_area_polygon *pk = polygon_of(kind);
    int cells;
    double g = kind_size(kind, &cells);
    if (!pk && strcmp(kind, "oaza") != 0 && !(g >= (cells ? 1 : 10)))
        return bh_error(bh_db_ctx(db), BH_E_INTERNAL, "chome_area_map: unknown kind '%s'", kind);
    if (!bh_db_has_table(db, "town_blocks"))
        return bh_error(bh_db_ctx(db), BH_E_UNKNOWN_LAYER,
                        "%s: layer 'town_blocks' is not loaded (run 'bohan init')", bh_db_path(db));
    if (cells)
        return is_main(table) ? build_cells(db, kind, g)
                              : bh_error(bh_db_ctx(db), BH_E_INTERNAL,
                                         "chome_area_map: the base layer is its own table");
    bh_status rc = bh_db_execq(db, "DELETE FROM %s WHERE kind = %Q", table, kind);
    if (rc == BH_OK)
        rc = bh_area_map_build_rows(db, kind, table, pk, g);
    if (rc == BH_OK && is_main(table))
        rc = record_kind(db, kind, table);
    return rc;
}

static int kind_stored(bh_db *db, const char *kind)
{
    bh_stmt *q;
    if (bh_stmt_prepare(db, "SELECT 1 FROM chome_area_kinds WHERE kind = ?1", &q) != BH_OK)
        return 0;
    bh_stmt_bind_text(q, 1, kind);
    int yes = bh_stmt_step(q) == BH_STEP_ROW;
    bh_stmt_finalize(q);
    return yes;
}

typedef struct {
    char names[MAX_KINDS][48];
    size_t n;
} kind_list;

static void kinds_add(kind_list *k, const char *name)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->names[i], name) == 0)
            return;
    if (k->n < MAX_KINDS)
        snprintf(k->names[k->n++], sizeof k->names[0], "%s", name);
}

/* The stored kinds, in name order (base layers too when cells is set). */
static bh_status kinds_stored(bh_db *db, kind_list *k, int cells)
{
    bh_stmt *q;
    bh_status rc = bh_stmt_prepare(db, "SELECT kind FROM chome_area_kinds ORDER BY kind", &q);
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(q)) == BH_STEP_ROW) {
        const char *kind = bh_stmt_column_text(q, 0);
        if (kind && (cells || strncmp(kind, "cells:", 6) != 0))
            kinds_add(k, kind);
    }
    bh_stmt_finalize(q);
    return rc == BH_OK && r == BH_STEP_ERROR ? bh_ctx_status(bh_db_ctx(db)) : rc;
}

/* The profile's crimes section (city.json stored at init), or NULL; *root to put. */
static json_object *profile_crimes(bh_db *db, json_object **root)
{
    char *text = bh_db_meta_get(db, "city_json");
    json_object *crimes = NULL;
    *root = text ? json_tokener_parse(text) : NULL;
    bh_free(text);
    if (*root && !json_object_object_get_ex(*root, "crimes", &crimes))
        crimes = NULL;
    return crimes;
}

/* The kinds a database should hold: its layers' polygon kinds, oaza, the profile's grid sizes
 * (city.json crimes.area_grids_m), the base cells (crimes.area_cell_m, default 50 m), then every
 * kind stored so far (cached grids). */
static bh_status kinds_wanted(bh_db *db, kind_list *k)
{
    k->n = 0;
    for (size_t i = 0; i < sizeof polygon_kinds / sizeof *polygon_kinds; i++)
        if (bh_db_has_table(db, polygon_kinds[i].table))
            kinds_add(k, polygon_kinds[i].kind);
    kinds_add(k, "oaza");
    json_object *root, *crimes = profile_crimes(db, &root), *grids, *base;
    char buf[48];
    if (crimes && json_object_object_get_ex(crimes, "area_grids_m", &grids) &&
        json_object_is_type(grids, json_type_array))
        for (size_t i = 0; i < json_object_array_length(grids); i++) {
            double m = json_object_get_double(json_object_array_get_idx(grids, i));
            if (m >= 10 && m <= 100000)
                kinds_add(k, bh_area_map_kind(BH_AREA_GRID, m, buf, sizeof buf));
        }
    double b = CELL_M_DEFAULT;
    if (crimes && json_object_object_get_ex(crimes, "area_cell_m", &base))
        b = json_object_get_double(base);
    json_object_put(root);
    if (!(b >= 1 && b <= 10000))
        return bh_error(bh_db_ctx(db), BH_E_FORMAT,
                        "city.json: crimes.area_cell_m: a cell size of 1..10000 metres");
    if (bh_db_has_table(db, "chome_area_cells")) {
        snprintf(buf, sizeof buf, "cells:%.17g", b);
        kinds_add(k, buf);
    }
    return kinds_stored(db, k, 0);
}

bh_status bh_area_map_refresh(bh_db *db, const char *changed)
{
    if (!bh_db_has_table(db, "chome_area_map") || !bh_db_has_table(db, "town_blocks"))
        return BH_OK;
    kind_list k;
    bh_status rc = kinds_wanted(db, &k);
    /* every kind locates 大字-only rows at their 大字's point (the oaza layer) */
    int all =
        changed == NULL || strcmp(changed, "town_blocks") == 0 || strcmp(changed, "oaza") == 0;
    for (size_t i = 0; rc == BH_OK && i < k.n; i++) {
        const char *kind = k.names[i], *src = kind_source(kind);
        if (!all && strcmp(changed, src) != 0 && kind_stored(db, kind))
            continue;
        if (strcmp(src, "grid") != 0 && !bh_db_has_table(db, src)) /* its layer is gone */
            rc = bh_db_execq(db,
                             "DELETE FROM chome_area_map WHERE kind = %Q; DELETE FROM "
                             "chome_area_kinds WHERE kind = %Q",
                             kind, kind);
        else
            rc = bh_area_map_build(db, kind, "chome_area_map");
    }
    return rc;
}

static bh_status temp_table(bh_db *db, const char *name)
{
    return bh_db_execq(
        db,
        "CREATE TEMP TABLE IF NOT EXISTS %s (kind TEXT NOT NULL, area_key TEXT NOT "
        "NULL, place_kind TEXT NOT NULL, place TEXT NOT NULL, area DOUBLE PRECISION, "
        "place_area DOUBLE PRECISION, point INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, "
        "area_key, place_kind, place))",
        name);
}

bh_status bh_area_map_source(bh_db *db, const char *kind, const char **table)
{
    *table = NULL;
    int stored = bh_db_has_table(db, "chome_area_map"), cells;
    if (stored && kind_stored(db, kind)) {
        *table = "chome_area_map";
        return BH_OK;
    }
    double g = kind_size(kind, &cells), b = stored && g > 0 ? bh_area_cells_base(db) : 0;
    if (b > 0 && !cells && fmod(g, b) == 0) { /* an SQL aggregation of the base cells */
        *table = "chome_area_cells";
        return BH_OK;
    }
    /* Inside the caller's write transaction the map is kept (committed with the caller's work);
     * a read builds it for this connection only. */
    if (stored && bh_db_in_write_tx(db) && !bh_db_readonly(db)) {
        *table = "chome_area_map";
        return bh_area_map_build(db, kind, *table);
    }
    /* PostgreSQL refuses even a temporary table in a read-only transaction (reads open so) */
    if (bh_db_kind_of(db) != BH_DB_SQLITE &&
        bh_db_scalar_int(db,
                         "SELECT CASE current_setting('transaction_read_only') WHEN 'on' "
                         "THEN 1 ELSE 0 END",
                         1) != 0)
        return b > 0 ? bh_error(bh_db_ctx(db), BH_E_UNSUPPORTED,
                                "%s: --by %s is neither stored nor a multiple of the %g m base "
                                "cells, and a read-only PostgreSQL connection cannot compute it "
                                "(use a multiple of %g m, or add it to city.json "
                                "crimes.area_grids_m)",
                                bh_db_path(db), kind, b, b)
                     : bh_error(bh_db_ctx(db), BH_E_UNSUPPORTED,
                                "%s: --by %s is not stored, and a read-only PostgreSQL "
                                "connection cannot compute it",
                                bh_db_path(db), kind);
    bh_status rc = temp_table(db, MAP_NOW);
    if (rc == BH_OK)
        rc = bh_area_map_build(db, kind, MAP_NOW);
    if (rc == BH_OK)
        *table = MAP_NOW;
    return rc;
}

/* Rows of one kind where the stored map and the fresh one differ (area_key, place_kind, place,
 * stored area, fresh area, stored point, fresh point); ?1 is the kind. */
static const char check_sql[] =
    "WITH s AS (SELECT * FROM chome_area_map WHERE kind = ?1), "
    "f AS (SELECT * FROM " MAP_FRESH " WHERE kind = ?1), "
    "k AS (SELECT area_key, place_kind, place FROM s UNION SELECT area_key, place_kind, place "
    "FROM f) "
    "SELECT k.area_key, k.place_kind, k.place, s.area, f.area, s.point, f.point FROM k "
    "LEFT JOIN s USING (area_key, place_kind, place) LEFT JOIN f USING (area_key, place_kind, "
    "place) WHERE s.point IS DISTINCT FROM f.point OR (s.area IS NULL) <> (f.area IS NULL) OR "
    "abs(s.area - f.area) > 1e-9 * (abs(s.area) + abs(f.area) + 1) ORDER BY 1, 2, 3";

/* Column i as text ("-" for NULL); numbers into the caller's buf (bh_stmt_column_text has one
 * buffer per statement, so several numbers in one call need their own). */
const char *bh_area_map_text(bh_stmt *q, int i, char buf[32])
{
    const char *t = bh_stmt_column_text(q, i);
    if (t == NULL || bh_stmt_column_type(q, i) == BH_VAL_TEXT)
        return t ? t : "-"; /* the column's own text */
    snprintf(buf, 32, "%s", t);
    return buf;
}

static bh_status check_kind(bh_db *db, const char *kind, long *n_diff, bh_strbuf *out)
{
    int cells;
    double b = kind_size(kind, &cells);
    if (cells)
        return bh_area_cells_check(db, b, n_diff, out);
    bh_status rc = bh_area_map_build(db, kind, MAP_FRESH);
    bh_stmt *q = NULL;
    if (rc == BH_OK)
        rc = bh_stmt_prepare(db, check_sql, &q);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_text(q, 1, kind);
    int r;
    char t[7][32];
    while ((r = bh_stmt_step(q)) == BH_STEP_ROW) {
        (*n_diff)++;
        bh_strbuf_printf(out,
                         bh_tr("differs: chome_area_map kind %s, area '%s', %s '%s': stored %s m² "
                               "(point %s), fresh %s m² (point %s)\n"),
                         kind, bh_area_map_text(q, 0, t[0]),
                         strcmp(bh_area_map_text(q, 1, t[1]), "c") == 0 ? "町丁目" : "大字",
                         bh_area_map_text(q, 2, t[2]), bh_area_map_text(q, 3, t[3]),
                         bh_area_map_text(q, 5, t[5]), bh_area_map_text(q, 4, t[4]),
                         bh_area_map_text(q, 6, t[6]));
    }
    bh_stmt_finalize(q);
    return r == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(db));
}

bh_status bh_area_map_check(bh_db *db, long *n_diff, bh_strbuf *out)
{
    if (!bh_db_has_table(db, "chome_area_map") || !bh_db_has_table(db, "town_blocks"))
        return BH_OK;
    /* the stored kinds only: a kind not stored is computed by the summary that needs it */
    kind_list k = {.n = 0};
    bh_status rc = kinds_stored(db, &k, 1);
    long before = *n_diff;
    if (rc == BH_OK)
        rc = temp_table(db, MAP_FRESH);
    for (size_t i = 0; rc == BH_OK && i < k.n; i++)
        rc = check_kind(db, k.names[i], n_diff, out);
    if (rc == BH_OK && *n_diff == before)
        bh_strbuf_printf(out,
                         bh_tr("chome_area_map matches a fresh computation: %zu kinds, %lld rows "
                               "(base cells: %lld pieces, %lld points)\n"),
                         k.n, bh_db_scalar_int(db, "SELECT COUNT(*) FROM chome_area_map", 0),
                         bh_db_scalar_int(db, "SELECT COUNT(*) FROM chome_area_cells", 0),
                         bh_db_scalar_int(db, "SELECT COUNT(*) FROM chome_area_points", 0));
    bh_status drop = bh_db_exec(db, "DROP TABLE IF EXISTS " MAP_FRESH);
    return rc == BH_OK ? drop : rc;
}

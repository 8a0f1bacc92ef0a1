/* The stored 町丁目 → area table: where each place lies in the areas of every areal --by kind.
 *
 * For kind K and each 町丁目 block, one row per area the block overlaps with the m² of the block
 * inside it (area) and the block's m² (place_area): share = area / place_area, which weights the
 * block's population (ST_Intersection/ST_Area, computed here once). One row per place (block, or
 * 大字 for rows known only to the 大字) has point = 1: the area holding its representative point
 * (PointOnSurface), where its crimes are counted — the rule of bh_summary_assign, so counts stay
 * whole numbers and atlas pages add up to their totals. Kinds: polygon layers (koban →
 * koban_areas.name, school-district → school_districts.school_name), oaza (the block's oaza
 * attribute, share 1) and grid:M (cells "col:row" = floor(x/M):floor(y/M), cached per M).
 * Summaries read it (summary_map.c); the layer writers rebuild it (bh_area_map_refresh). */
#include "core/alloc.h"
#include "crimes/areamap.h"
#include "crimes/places.h"
#include "core/i18n.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_NOW "temp.bh_area_map_now"
#define MAP_FRESH "temp.bh_area_map_fresh"
#define MAX_KINDS 32

typedef struct {
    const char *kind, *table, *idcol;
} polygon_kind;

static const polygon_kind polygon_kinds[] = {
    {"koban", "koban_areas", "name"},
    {"school-district", "school_districts", "school_name"},
};

static bh_status nomem(bh_db *db)
{
    return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

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

static const polygon_kind *polygon_of(const char *kind)
{
    for (size_t i = 0; i < sizeof polygon_kinds / sizeof *polygon_kinds; i++)
        if (strcmp(kind, polygon_kinds[i].kind) == 0)
            return &polygon_kinds[i];
    return NULL;
}

/* The table a kind's areas come from ("grid" for cells, town_blocks for 大字). */
static const char *kind_source(const char *kind)
{
    const polygon_kind *p = polygon_of(kind);
    return p ? p->table : strncmp(kind, "grid:", 5) == 0 ? "grid" : "town_blocks";
}

static bh_status run(bh_db *db, char *sql)
{
    bh_status rc = sql ? bh_db_exec(db, sql) : nomem(db);
    sqlite3_free(sql);
    return rc;
}

static bh_status prepare(bh_db *db, char *sql, sqlite3_stmt **st)
{
    bh_status rc = sql ? bh_db_prepare(db, sql, st) : nomem(db);
    sqlite3_free(sql);
    return rc;
}

/* Representative points: the blocks' (c) and the 大字' (o), as (place, x, y). */
static const char *points_sql(bh_db *db, int chome)
{
    /* every block, and every group of blocks sharing a name (crimes/places.h) at the point of
     * its union: the group is the place its rows name; a member's own row serves a database
     * imported before groups */
    if (chome)
        return "SELECT key_code, X(p), Y(p) FROM (SELECT key_code, PointOnSurface(geom) p FROM "
               "town_blocks WHERE key_code IS NOT NULL) WHERE p IS NOT NULL UNION ALL "
               "SELECT place, X(p), Y(p) FROM (SELECT m.place, PointOnSurface(ST_Union(b.geom)) p "
               "FROM (" BH_PLACES_OF_BLOCKS ") m JOIN town_blocks b USING (key_code) WHERE "
               "m.n > 1 GROUP BY m.place) WHERE p IS NOT NULL";
    if (bh_db_has_table(db, "oaza"))
        return "SELECT name, X(p), Y(p) FROM (SELECT name, PointOnSurface(geom) p FROM oaza "
               "WHERE name IS NOT NULL) WHERE p IS NOT NULL";
    return "SELECT oaza, X(p), Y(p) FROM (SELECT oaza, PointOnSurface(ST_Union(geom)) p FROM "
           "town_blocks WHERE oaza IS NOT NULL GROUP BY oaza) WHERE p IS NOT NULL";
}

/* The area holding (x, y): the first by id of the polygon kind, or the grid cell. NULL if none. */
static char *area_at(sqlite3_stmt *q, double g, double x, double y)
{
    if (q == NULL) {
        char cell[64];
        snprintf(cell, sizeof cell, "%ld:%ld", (long)floor(x / g), (long)floor(y / g));
        return bh_strdup(cell);
    }
    sqlite3_reset(q);
    sqlite3_bind_double(q, 1, x);
    sqlite3_bind_double(q, 2, y);
    if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_type(q, 0) == SQLITE_NULL)
        return NULL;
    return bh_strdup((const char *)sqlite3_column_text(q, 0));
}

/* Marks, for every block and 大字, the area holding its representative point. */
static bh_status mark_points(bh_db *db, const char *kind, const char *table, const polygon_kind *pk,
                             double g)
{
    sqlite3_stmt *q = NULL, *up = NULL, *pts = NULL;
    bh_status rc = BH_OK;
    if (pk)
        rc = prepare(db,
                     sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE MbrContains(geom, "
                                     "MakePoint(?1, ?2)) AND ST_Intersects(geom, MakePoint(?1, "
                                     "?2, %d)) ORDER BY 1 LIMIT 1",
                                     pk->idcol, pk->table, bh_db_srid(db)),
                     &q);
    if (rc == BH_OK)
        rc = prepare(
            db,
            sqlite3_mprintf("INSERT INTO %s (kind, area_key, place_kind, place, point) "
                            "VALUES (%Q, ?1, ?2, ?3, 1) ON CONFLICT DO UPDATE SET point = 1",
                            table, kind),
            &up);
    for (int chome = 1; rc == BH_OK && chome >= 0; chome--) {
        rc = bh_db_prepare(db, points_sql(db, chome), &pts);
        int r = SQLITE_DONE;
        while (rc == BH_OK && (r = sqlite3_step(pts)) == SQLITE_ROW) {
            char *at = area_at(q, g, sqlite3_column_double(pts, 1), sqlite3_column_double(pts, 2));
            if (at == NULL)
                continue; /* in no area: the summary's 位置不明 row */
            sqlite3_reset(up);
            sqlite3_bind_text(up, 1, at, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(up, 2, chome ? "c" : "o", -1, SQLITE_STATIC);
            sqlite3_bind_value(up, 3, sqlite3_column_value(pts, 0));
            if (sqlite3_step(up) != SQLITE_DONE)
                rc = bh_db_fail(db, "writing chome_area_map");
            bh_free(at);
        }
        if (rc == BH_OK && r != SQLITE_DONE)
            rc = bh_db_fail(db, "reading representative points");
        sqlite3_finalize(pts);
        pts = NULL;
    }
    sqlite3_finalize(q);
    sqlite3_finalize(up);
    return rc;
}

/* The blocks' pieces in the polygons of a layer, in one statement. */
static bh_status build_polygon(bh_db *db, const char *kind, const char *table,
                               const polygon_kind *pk)
{
    if (!bh_db_has_table(db, pk->table))
        return bh_error(bh_db_ctx(db), BH_E_UNKNOWN_LAYER, "%s: layer '%s' is not loaded",
                        bh_db_path(db), pk->table);
    /* WHERE true: an upsert's SELECT needs a WHERE to parse ON CONFLICT unambiguously */
    return run(db, sqlite3_mprintf(
                       "INSERT INTO %s (kind, area_key, place_kind, place, area, place_area) "
                       "SELECT %Q, k, 'c', p, x, y FROM (SELECT a.\"%w\" k, b.key_code p, "
                       "ST_Area(ST_Intersection(a.geom, b.geom)) x, ST_Area(b.geom) y FROM \"%w\" "
                       "a JOIN town_blocks b ON MbrIntersects(a.geom, b.geom) WHERE a.\"%w\" IS "
                       "NOT NULL AND b.key_code IS NOT NULL) WHERE x > 0 "
                       "ON CONFLICT DO UPDATE SET area = area + excluded.area",
                       table, kind, pk->idcol, pk->table, pk->idcol));
}

/* Each block cut by the cells of its bounding box (the cells it overlaps, with their m²). */
static bh_status build_grid(bh_db *db, const char *kind, const char *table, double g)
{
    sqlite3_stmt *st, *cut = NULL, *ins = NULL;
    bh_status rc = bh_db_prepare(db,
                                 "SELECT key_code, geom, ST_Area(geom), MbrMinX(geom), "
                                 "MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM town_blocks "
                                 "WHERE geom IS NOT NULL AND key_code IS NOT NULL",
                                 &st);
    if (rc == BH_OK)
        rc = prepare(db,
                     sqlite3_mprintf("SELECT ST_Area(ST_Intersection(?1, BuildMbr(?2, ?3, ?4, ?5, "
                                     "%d)))",
                                     bh_db_srid(db)),
                     &cut);
    if (rc == BH_OK)
        rc = prepare(db,
                     sqlite3_mprintf("INSERT INTO %s (kind, area_key, place_kind, place, area, "
                                     "place_area) VALUES (%Q, ?1, 'c', ?2, ?3, ?4)",
                                     table, kind),
                     &ins);
    int r = SQLITE_DONE;
    while (rc == BH_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        long c0 = (long)floor(sqlite3_column_double(st, 3) / g);
        long r0 = (long)floor(sqlite3_column_double(st, 4) / g);
        long c1 = (long)floor(sqlite3_column_double(st, 5) / g);
        long r1 = (long)floor(sqlite3_column_double(st, 6) / g);
        for (long row = r0; rc == BH_OK && row <= r1; row++)
            for (long col = c0; rc == BH_OK && col <= c1; col++) {
                sqlite3_reset(cut);
                sqlite3_bind_value(cut, 1, sqlite3_column_value(st, 1));
                sqlite3_bind_double(cut, 2, col * g);
                sqlite3_bind_double(cut, 3, row * g);
                sqlite3_bind_double(cut, 4, (col + 1) * g);
                sqlite3_bind_double(cut, 5, (row + 1) * g);
                double part = sqlite3_step(cut) == SQLITE_ROW ? sqlite3_column_double(cut, 0) : 0;
                if (!(part > 0))
                    continue;
                char cell[64];
                snprintf(cell, sizeof cell, "%ld:%ld", col, row);
                sqlite3_reset(ins);
                sqlite3_bind_text(ins, 1, cell, -1, SQLITE_TRANSIENT);
                sqlite3_bind_value(ins, 2, sqlite3_column_value(st, 0));
                sqlite3_bind_double(ins, 3, part);
                sqlite3_bind_value(ins, 4, sqlite3_column_value(st, 2));
                if (sqlite3_step(ins) != SQLITE_DONE)
                    rc = bh_db_fail(db, "writing chome_area_map");
            }
    }
    if (rc == BH_OK && r != SQLITE_DONE)
        rc = bh_db_fail(db, "reading town_blocks");
    sqlite3_finalize(st);
    sqlite3_finalize(cut);
    sqlite3_finalize(ins);
    return rc;
}

/* 大字 by attribute: each block wholly in its oaza (share 1), a group of blocks sharing a name in
 * its blocks' 大字; 大字 places in themselves. */
static bh_status build_oaza(bh_db *db, const char *kind, const char *table)
{
    return run(db, sqlite3_mprintf(
                       "INSERT INTO %s (kind, area_key, place_kind, place, area, place_area, "
                       "point) SELECT %Q, oaza, 'c', key_code, ST_Area(geom), ST_Area(geom), 1 "
                       "FROM town_blocks WHERE oaza IS NOT NULL AND key_code IS NOT NULL "
                       "AND true ON CONFLICT DO NOTHING; "
                       "INSERT INTO %s (kind, area_key, place_kind, place, point) "
                       "SELECT %Q, min(b.oaza), 'c', m.place, 1 FROM (" BH_PLACES_OF_BLOCKS
                       ") m JOIN town_blocks b USING (key_code) WHERE m.n > 1 AND b.oaza IS NOT "
                       "NULL GROUP BY m.place; "
                       "INSERT INTO %s (kind, area_key, place_kind, place, point) "
                       "SELECT DISTINCT %Q, n, 'o', n, 1 FROM (%s) WHERE n IS NOT NULL",
                       table, kind, table, kind, table, kind,
                       bh_db_has_table(db, "oaza") ? "SELECT name n FROM oaza"
                                                   : "SELECT oaza n FROM town_blocks"));
}

static int is_main(const char *table)
{
    return strcmp(table, "chome_area_map") == 0;
}

bh_status bh_area_map_build(bh_db *db, const char *kind, const char *table)
{
    const polygon_kind *pk = polygon_of(kind);
    double g = strncmp(kind, "grid:", 5) == 0 ? strtod(kind + 5, NULL) : 0;
    if (!pk && strcmp(kind, "oaza") != 0 && !(g >= 10))
        return bh_error(bh_db_ctx(db), BH_E_INTERNAL, "chome_area_map: unknown kind '%s'", kind);
    bh_status rc = run(db, sqlite3_mprintf("DELETE FROM %s WHERE kind = %Q", table, kind));
    if (rc == BH_OK && !bh_db_has_table(db, "town_blocks"))
        rc = bh_error(bh_db_ctx(db), BH_E_UNKNOWN_LAYER,
                      "%s: layer 'town_blocks' is not loaded (run 'bohan init')", bh_db_path(db));
    if (rc == BH_OK)
        rc = pk  ? build_polygon(db, kind, table, pk)
             : g ? build_grid(db, kind, table, g)
                 : build_oaza(db, kind, table);
    if (rc == BH_OK && (pk || g))
        rc = mark_points(db, kind, table, pk, g);
    if (rc == BH_OK && is_main(table))
        rc = run(db, sqlite3_mprintf(
                         "INSERT OR REPLACE INTO chome_area_kinds (kind, source, built_at, n_rows) "
                         "SELECT %Q, %Q, strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'), count(*) "
                         "FROM chome_area_map WHERE kind = %Q",
                         kind, kind_source(kind), kind));
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

/* The kinds a database should hold: its layers' polygon kinds, oaza, the profile's grid sizes
 * (city.json crimes.area_grids_m), then every kind stored so far (cached grids). */
static void kinds_wanted(bh_db *db, kind_list *k)
{
    k->n = 0;
    for (size_t i = 0; i < sizeof polygon_kinds / sizeof *polygon_kinds; i++)
        if (bh_db_has_table(db, polygon_kinds[i].table))
            kinds_add(k, polygon_kinds[i].kind);
    kinds_add(k, "oaza");
    char *text = bh_db_meta_get(db, "city_json");
    json_object *root = text ? json_tokener_parse(text) : NULL, *crimes, *grids;
    bh_free(text);
    if (root && json_object_object_get_ex(root, "crimes", &crimes) &&
        json_object_object_get_ex(crimes, "area_grids_m", &grids) &&
        json_object_is_type(grids, json_type_array))
        for (size_t i = 0; i < json_object_array_length(grids); i++) {
            double m = json_object_get_double(json_object_array_get_idx(grids, i));
            char buf[48];
            if (m >= 10 && m <= 100000)
                kinds_add(k, bh_area_map_kind(BH_AREA_GRID, m, buf, sizeof buf));
        }
    json_object_put(root);
    sqlite3_stmt *q;
    if (bh_db_prepare(db, "SELECT kind FROM chome_area_kinds ORDER BY kind", &q) == BH_OK) {
        while (sqlite3_step(q) == SQLITE_ROW)
            kinds_add(k, (const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
}

bh_status bh_area_map_refresh(bh_db *db, const char *changed)
{
    if (!bh_db_has_table(db, "chome_area_map") || !bh_db_has_table(db, "town_blocks"))
        return BH_OK;
    kind_list k;
    kinds_wanted(db, &k);
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < k.n; i++) {
        const char *kind = k.names[i], *src = kind_source(kind);
        int stale = changed == NULL || strcmp(changed, "town_blocks") == 0 ||
                    strcmp(changed, src) == 0 || !kind_stored(db, kind);
        if (!stale)
            continue;
        if (strcmp(src, "grid") != 0 && !bh_db_has_table(db, src)) /* its layer is gone */
            rc = run(db, sqlite3_mprintf("DELETE FROM chome_area_map WHERE kind = %Q; DELETE "
                                         "FROM chome_area_kinds WHERE kind = %Q",
                                         kind, kind));
        else
            rc = bh_area_map_build(db, kind, "chome_area_map");
    }
    return rc;
}

static bh_status temp_table(bh_db *db, const char *name)
{
    return run(db, sqlite3_mprintf("CREATE TABLE IF NOT EXISTS %s (kind TEXT NOT NULL, area_key "
                                   "TEXT NOT NULL, place_kind TEXT NOT NULL, place TEXT NOT NULL, "
                                   "area REAL, place_area REAL, point INTEGER NOT NULL DEFAULT 0, "
                                   "PRIMARY KEY (kind, area_key, place_kind, place)) WITHOUT ROWID",
                                   name));
}

bh_status bh_area_map_source(bh_db *db, const char *kind, const char **table)
{
    *table = NULL;
    int stored = bh_db_has_table(db, "chome_area_map");
    if (stored && kind_stored(db, kind)) {
        *table = "chome_area_map";
        return BH_OK;
    }
    /* Built with SpatiaLite's SQL: PostgreSQL reads the kinds its copy holds. */
    bh_status rc = bh_db_require_sqlite(db, "a summary kind not stored in chome_area_map");
    if (rc != BH_OK)
        return rc;
    /* Inside the caller's write transaction the map is kept (committed with the caller's work);
     * a read builds it for this connection only. */
    if (stored && !sqlite3_get_autocommit(bh_db_sqlite(db)) && !bh_db_readonly(db)) {
        *table = "chome_area_map";
        return bh_area_map_build(db, kind, *table);
    }
    rc = temp_table(db, MAP_NOW);
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
    "place) WHERE s.point IS NOT f.point OR (s.area IS NULL) != (f.area IS NULL) OR "
    "abs(s.area - f.area) > 1e-9 * max(abs(s.area), abs(f.area), 1) ORDER BY 1, 2, 3";

static bh_status check_kind(bh_db *db, const char *kind, long *n_diff, bh_strbuf *out)
{
    bh_status rc = bh_area_map_build(db, kind, MAP_FRESH);
    sqlite3_stmt *q = NULL;
    if (rc == BH_OK)
        rc = bh_db_prepare(db, check_sql, &q);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        (*n_diff)++;
        bh_strbuf_printf(
            out,
            bh_tr("differs: chome_area_map kind %s, area '%s', %s '%s': stored %s m² "
                  "(point %s), fresh %s m² (point %s)\n"),
            kind, (const char *)sqlite3_column_text(q, 0),
            strcmp((const char *)sqlite3_column_text(q, 1), "c") == 0 ? "町丁目" : "大字",
            (const char *)sqlite3_column_text(q, 2),
            sqlite3_column_type(q, 3) == SQLITE_NULL ? "-"
                                                     : (const char *)sqlite3_column_text(q, 3),
            sqlite3_column_type(q, 5) == SQLITE_NULL ? "-"
                                                     : (const char *)sqlite3_column_text(q, 5),
            sqlite3_column_type(q, 4) == SQLITE_NULL ? "-"
                                                     : (const char *)sqlite3_column_text(q, 4),
            sqlite3_column_type(q, 6) == SQLITE_NULL ? "-"
                                                     : (const char *)sqlite3_column_text(q, 6));
    }
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? BH_OK : bh_db_fail(db, "checking chome_area_map");
}

bh_status bh_area_map_check(bh_db *db, long *n_diff, bh_strbuf *out)
{
    if (!bh_db_has_table(db, "chome_area_map") || !bh_db_has_table(db, "town_blocks"))
        return BH_OK;
    /* the stored kinds only: a kind not stored is computed by the summary that needs it */
    kind_list k = {.n = 0};
    sqlite3_stmt *q;
    bh_status rc = bh_db_prepare(db, "SELECT kind FROM chome_area_kinds ORDER BY kind", &q);
    while (rc == BH_OK && sqlite3_step(q) == SQLITE_ROW)
        kinds_add(&k, (const char *)sqlite3_column_text(q, 0));
    if (rc == BH_OK)
        sqlite3_finalize(q);
    long before = *n_diff;
    if (rc == BH_OK)
        rc = temp_table(db, MAP_FRESH);
    for (size_t i = 0; rc == BH_OK && i < k.n; i++)
        rc = check_kind(db, k.names[i], n_diff, out);
    if (rc == BH_OK && *n_diff == before)
        bh_strbuf_printf(
            out, bh_tr("chome_area_map matches a fresh computation: %zu kinds, %lld rows\n"), k.n,
            bh_db_scalar_int(db, "SELECT COUNT(*) FROM chome_area_map", 0));
    sqlite3_exec(bh_db_sqlite(db), "DROP TABLE IF EXISTS " MAP_FRESH, NULL, NULL, NULL);
    return rc;
}

/* The areal kinds of a summary read from the stored 町丁目 → area table (areamap.c): grid cells
 * and their area-weighted population, the population of polygon areas, and the area holding each
 * place's representative point — joins over small tables, no geometry work per summary. */
#include "crimes/summary_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/areamap.h"

static bh_status nomem(bh_summary *s)
{
    return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
}

/* On both backends (db/stmt.h). */
static bh_status prepare_kind(bh_summary *s, char *sql, const char *kind, bh_stmt **st)
{
    *st = NULL;
    bh_status rc = sql ? bh_stmt_prepare(s->db, sql, st) : nomem(s);
    sqlite3_free(sql);
    if (rc == BH_OK)
        bh_stmt_bind_text(*st, 1, kind);
    return rc;
}

/* SELECT of one grid cell's square (?1..?4) as MULTIPOLYGON WKB, in the backend's spelling. */
static char *cell_sql(bh_summary *s)
{
    const bh_db_dialect *d = bh_db_sql(s->db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, d->envelope, "?1", "?2", "?3", "?4", s->srid);
    char *env = bh_strbuf_take(&sb);
    char *multi = env ? bh_asprintf(d->multi, env) : NULL;
    char *wkb = multi ? bh_asprintf(d->geom_out, multi) : NULL;
    char *sql = wkb ? bh_asprintf("SELECT %s", wkb) : NULL;
    bh_free(env);
    bh_free(multi);
    bh_free(wkb);
    return sql;
}

/* Place (its "c:"/"o:" key) counts in area; -1 when no listed area is that: 位置不明. */
static int put_loc(bh_summary *s, const char *place, const char *area)
{
    int idx;
    if (area == NULL || !bh_sum_index_get(&s->ids, area, &idx))
        idx = -1;
    return bh_sum_index_put(&s->locs, place, idx);
}

/* Adds the cells of st's rows (col, row, population), each with its square. */
static bh_status add_cells(bh_summary *s, bh_stmt *st)
{
    bh_stmt *mbr = NULL;
    char *sql = cell_sql(s);
    bh_status rc = sql ? bh_stmt_prepare(s->db, sql, &mbr) : nomem(s);
    bh_free(sql);
    double g = s->grid_m;
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        long col = (long)bh_stmt_column_int64(st, 0), row = (long)bh_stmt_column_int64(st, 1);
        bh_stmt_reset(mbr);
        bh_stmt_bind_double(mbr, 1, col * g);
        bh_stmt_bind_double(mbr, 2, row * g);
        bh_stmt_bind_double(mbr, 3, (col + 1) * g);
        bh_stmt_bind_double(mbr, 4, (row + 1) * g);
        unsigned char *wkb = NULL;
        size_t len = 0;
        if (!s->no_geom && bh_stmt_step(mbr) == BH_STEP_ROW &&
            bh_stmt_column_type(mbr, 0) == BH_VAL_BLOB) {
            const void *p = bh_stmt_column_blob(mbr, 0, &len);
            if ((wkb = bh_malloc(len ? len : 1)) == NULL)
                rc = nomem(s);
            else
                memcpy(wkb, p, len);
        }
        char id[64];
        snprintf(id, sizeof id, "%ld:%ld", col, row);
        if (rc == BH_OK && bh_sum_add_area(s, id, id, bh_stmt_column_double(st, 2), wkb, len) < 0)
            rc = nomem(s);
    }
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    bh_stmt_finalize(mbr);
    return rc;
}

/* Cells with a piece of a block, north first (like reading a map), population split by the
 * share of each block in each cell (summed in key_code order, as the pieces are stored). */
static bh_status load_cells(bh_summary *s, const char *table, const char *kind)
{
    bh_stmt *st = NULL;
    const char *find = bh_db_sql(s->db)->strpos;
    char *colon = bh_asprintf(find, "area_key", "':'");
    bh_status rc = prepare_kind(
        s,
        colon ? sqlite3_mprintf(
                    "SELECT CAST(substr(area_key, 1, %s - 1) AS INTEGER) c, CAST(substr(area_key, "
                    "%s + 1) AS INTEGER) r, SUM(CASE WHEN m.place_area > 0 THEN "
                    "COALESCE(b.population, 0) * m.area / m.place_area END) FROM %s m LEFT JOIN "
                    "town_blocks b ON b.key_code = m.place WHERE m.kind = ?1 AND m.place_kind = "
                    "'c' AND m.area > 0 GROUP BY area_key ORDER BY r DESC, c",
                    colon, colon, table)
              : NULL,
        kind, &st);
    bh_free(colon);
    if (rc == BH_OK)
        rc = add_cells(s, st);
    bh_stmt_finalize(st);
    return rc;
}

/* The same from the base cells of b m (chome_area_cells, M = k·b): a cell of M is the base cells
 * floor(cx / k), floor(cy / k) (integer floor division, SQL's % truncates), its m² their sum, a
 * block's m² the sum of its pieces. */
#define FLOOR_DIV(v) "((" v ") - (((" v ") %% %ld + %ld) %% %ld)) / %ld"

static bh_status load_base_cells(bh_summary *s, long k)
{
    bh_stmt *st = NULL;
    bh_status rc = bh_stmt_preparef(
        s->db, &st,
        "SELECT f.c, f.r, SUM(CASE WHEN t.pa > 0 THEN COALESCE(b.population, 0) * f.a / t.pa "
        "END) FROM (SELECT place, " FLOOR_DIV("cx") " c, " FLOOR_DIV(
            "cy") " r, SUM(area) a "
                  "FROM chome_area_cells GROUP BY place, 2, 3) f JOIN (SELECT place, SUM(area) pa "
                  "FROM "
                  "chome_area_cells GROUP BY place) t ON t.place = f.place LEFT JOIN town_blocks b "
                  "ON "
                  "b.key_code = f.place GROUP BY f.c, f.r ORDER BY f.r DESC, f.c",
        k, k, k, k, k, k, k, k);
    if (rc == BH_OK)
        rc = add_cells(s, st);
    bh_stmt_finalize(st);
    return rc;
}

/* Every place's cell from its stored representative point: floor(x/M):floor(y/M), as the stored
 * grids mark it. */
static bh_status load_base_points(bh_summary *s)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(
        s->db, "SELECT place_kind || ':' || place, x, y FROM chome_area_points", &st);
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        char cell[64];
        snprintf(cell, sizeof cell, "%ld:%ld",
                 (long)floor(bh_stmt_column_double(st, 1) / s->grid_m),
                 (long)floor(bh_stmt_column_double(st, 2) / s->grid_m));
        if (put_loc(s, bh_stmt_column_text(st, 0), cell) != 0)
            rc = nomem(s);
    }
    bh_stmt_finalize(st);
    if (rc == BH_OK && r != BH_STEP_DONE)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    return rc;
}

/* Block population × share of the block in each area, for areas already loaded. */
static bh_status load_population(bh_summary *s, const char *table, const char *kind)
{
    bh_stmt *st;
    bh_status rc = prepare_kind(
        s,
        sqlite3_mprintf("SELECT area_key, SUM(b.population * m.area / m.place_area) FROM %s m "
                        "JOIN town_blocks b ON b.key_code = m.place WHERE m.kind = ?1 AND "
                        "m.place_kind = 'c' AND m.area > 0 AND m.place_area > 0 AND "
                        "b.population > 0 GROUP BY area_key",
                        table),
        kind, &st);
    if (rc != BH_OK)
        return rc;
    int r, idx;
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *id = bh_stmt_column_text(st, 0);
        if (id && bh_sum_index_get(&s->ids, id, &idx))
            s->areas[idx].pop = bh_stmt_column_double(st, 1);
    }
    bh_stmt_finalize(st);
    return r == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(s->db));
}

/* Every place's area (its representative point's), into the summary's location cache. */
static bh_status load_points(bh_summary *s, const char *table, const char *kind)
{
    bh_stmt *st;
    bh_status rc = prepare_kind(
        s,
        sqlite3_mprintf("SELECT place_kind || ':' || place, area_key FROM %s WHERE kind = ?1 AND "
                        "point = 1",
                        table),
        kind, &st);
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW)
        if (put_loc(s, bh_stmt_column_text(st, 0), bh_stmt_column_text(st, 1)) != 0)
            rc = nomem(s);
    bh_stmt_finalize(st);
    if (rc == BH_OK && r != BH_STEP_DONE)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    return rc;
}

bh_status bh_sum_map_load(bh_summary *s)
{
    char buf[48];
    const char *kind = bh_area_map_kind(s->by, s->grid_m, buf, sizeof buf), *table = NULL;
    if (kind == NULL)
        return bh_error(bh_db_ctx(s->db), BH_E_INTERNAL, "summary: not an areal kind");
    bh_status rc = bh_area_map_source(s->db, kind, &table);
    if (rc == BH_OK && strcmp(table, "chome_area_cells") == 0) {
        rc = load_base_cells(s, lround(s->grid_m / bh_area_cells_base(s->db)));
        return rc == BH_OK ? load_base_points(s) : rc;
    }
    if (rc == BH_OK)
        rc = s->by == BH_AREA_GRID ? load_cells(s, table, kind) : bh_sum_load_layer_areas(s);
    if (rc == BH_OK && (s->by == BH_AREA_KOBAN || s->by == BH_AREA_SCHOOL_DISTRICT))
        rc = load_population(s, table, kind);
    if (rc == BH_OK)
        rc = load_points(s, table, kind);
    return rc;
}

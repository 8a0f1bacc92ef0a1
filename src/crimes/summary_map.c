/* The areal kinds of a summary read from the stored 町丁目 → area table (areamap.c): grid cells
 * and their area-weighted population, the population of polygon areas, and the area holding each
 * place's representative point — joins over small tables, no geometry work per summary. */
#include "crimes/summary_internal.h"
#include "core/alloc.h"

#include <stdio.h>
#include <string.h>
#include "crimes/areamap.h"

static bh_status nomem(bh_summary *s)
{
    return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
}

static bh_status prepare_kind(bh_summary *s, char *sql, const char *kind, sqlite3_stmt **st)
{
    bh_status rc = sql ? bh_db_prepare(s->db, sql, st) : nomem(s);
    sqlite3_free(sql);
    if (rc == BH_OK)
        sqlite3_bind_text(*st, 1, kind, -1, SQLITE_STATIC);
    return rc;
}

/* Cells with a piece of a block, north first (like reading a map), population split by the
 * share of each block in each cell (summed in key_code order, as the pieces are stored). */
static bh_status load_cells(bh_summary *s, const char *table, const char *kind)
{
    sqlite3_stmt *st, *mbr = NULL;
    bh_status rc = prepare_kind(
        s,
        sqlite3_mprintf(
            "SELECT area_key, SUM(CASE WHEN m.place_area > 0 THEN COALESCE(b.population, 0) * "
            "m.area / m.place_area END), CAST(substr(area_key, 1, instr(area_key, ':') - 1) AS "
            "INTEGER) c, CAST(substr(area_key, instr(area_key, ':') + 1) AS INTEGER) r FROM %s m "
            "LEFT JOIN town_blocks b ON b.key_code = m.place WHERE m.kind = ?1 AND "
            "m.place_kind = 'c' AND m.area > 0 GROUP BY area_key ORDER BY r DESC, c",
            table),
        kind, &st);
    if (rc != BH_OK)
        return rc;
    char *sql = sqlite3_mprintf("SELECT AsBinary(CastToMultiPolygon(BuildMbr(?1, ?2, ?3, ?4, %d)))",
                                s->srid);
    rc = sql ? bh_db_prepare(s->db, sql, &mbr) : nomem(s);
    sqlite3_free(sql);
    double g = s->grid_m;
    while (rc == BH_OK && sqlite3_step(st) == SQLITE_ROW) {
        long col = (long)sqlite3_column_int64(st, 2), row = (long)sqlite3_column_int64(st, 3);
        sqlite3_reset(mbr);
        sqlite3_bind_double(mbr, 1, col * g);
        sqlite3_bind_double(mbr, 2, row * g);
        sqlite3_bind_double(mbr, 3, (col + 1) * g);
        sqlite3_bind_double(mbr, 4, (row + 1) * g);
        unsigned char *wkb = NULL;
        size_t len = 0;
        if (sqlite3_step(mbr) == SQLITE_ROW && sqlite3_column_type(mbr, 0) == SQLITE_BLOB) {
            len = (size_t)sqlite3_column_bytes(mbr, 0);
            if ((wkb = bh_malloc(len)) == NULL)
                rc = nomem(s);
            else
                memcpy(wkb, sqlite3_column_blob(mbr, 0), len);
        }
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (rc == BH_OK && bh_sum_add_area(s, id, id, sqlite3_column_double(st, 1), wkb, len) < 0)
            rc = nomem(s);
    }
    sqlite3_finalize(mbr);
    sqlite3_finalize(st);
    return rc;
}

/* Block population × share of the block in each area, for areas already loaded. */
static bh_status load_population(bh_summary *s, const char *table, const char *kind)
{
    sqlite3_stmt *st;
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
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (id && bh_sum_index_get(&s->ids, id, &idx))
            s->areas[idx].pop = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? BH_OK : bh_db_fail(s->db, "weighting population");
}

/* Every place's area (its representative point's), into the summary's location cache. */
static bh_status load_points(bh_summary *s, const char *table, const char *kind)
{
    sqlite3_stmt *st;
    bh_status rc = prepare_kind(
        s,
        sqlite3_mprintf("SELECT place_kind || ':' || place, area_key FROM %s WHERE kind = ?1 AND "
                        "point = 1",
                        table),
        kind, &st);
    int r = SQLITE_DONE;
    while (rc == BH_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        int idx;
        if (!bh_sum_index_get(&s->ids, (const char *)sqlite3_column_text(st, 1), &idx))
            idx = -1; /* a point in no listed area: 位置不明 */
        if (bh_sum_index_put(&s->locs, (const char *)sqlite3_column_text(st, 0), idx) != 0)
            rc = nomem(s);
    }
    if (st)
        sqlite3_finalize(st);
    if (rc == BH_OK && r != SQLITE_DONE)
        rc = bh_db_fail(s->db, "reading chome_area_map");
    return rc;
}

bh_status bh_sum_map_load(bh_summary *s)
{
    char buf[48];
    const char *kind = bh_area_map_kind(s->by, s->grid_m, buf, sizeof buf), *table = NULL;
    if (kind == NULL)
        return bh_error(bh_db_ctx(s->db), BH_E_INTERNAL, "summary: not an areal kind");
    bh_status rc = bh_area_map_source(s->db, kind, &table);
    if (rc == BH_OK)
        rc = s->by == BH_AREA_GRID ? load_cells(s, table, kind) : bh_sum_load_layer_areas(s);
    if (rc == BH_OK && (s->by == BH_AREA_KOBAN || s->by == BH_AREA_SCHOOL_DISTRICT))
        rc = load_population(s, table, kind);
    if (rc == BH_OK)
        rc = load_points(s, table, kind);
    return rc;
}

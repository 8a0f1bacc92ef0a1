/* The areas of a summary and where each crime row falls.
 *
 *   chome            one area per place (crimes/places.h): a town_blocks row (id key_code), or the
 *                    group of the blocks sharing a name (id their key_codes joined by '+', union,
 *                    population summed). Rows known only to the
 *                    大字 (state 'oaza') go to one "大字のみ" remainder row per 大字 (id
 * "oaza:<name>", no geometry, no population), listed after the blocks. oaza             oaza layer
 * rows (id name), or the dissolve of town_blocks by oaza when there is no oaza layer; population =
 * sum of the blocks with that oaza. koban            koban_areas (id name); school-district:
 * school_districts (id school_name). Population area-weighted: block population × (area of block ∩
 * area) / block area. A crime row is placed at its block's PointOnSurface (state 'chome') or its
 * 大字's PointOnSurface (state 'oaza') and counted in the area containing that point. grid:M square
 * cells aligned to multiples of M metres in the storage SRID (id "col:row" =
 * floor(x/M):floor(y/M)), every cell that overlaps a block; population area-weighted; crimes placed
 * as above. Count-table rows by 交番 (state 'koban') go to that koban area for koban summaries and
 * to a
 * "<name>（交番単位）" row (id "koban:<name>") otherwise; city-wide count rows (state 'city') to a
 * "（市全体・地区不明）" row (id "city"). These rows have no geometry and no population.
 * A row whose place is in no area (unknown key_code, point outside every polygon) is counted in a
 * "位置不明" row (id "unlocated"), so the areas' totals always add up to the in-city rows. */
#include "crimes/summary_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/places.h"

int bh_sum_index_get(const bh_hash_map *m, const char *key, int *val)
{
    const bh_hash_entry *e = bh_hash_map_get(m, key);
    if (e)
        *val = (int)e->val.num;
    return e != NULL;
}

int bh_sum_index_put(bh_hash_map *m, const char *key, int val)
{
    bh_hash_entry *e = bh_hash_map_add(m, key, strlen(key), NULL);
    if (!e)
        return -1;
    e->val.num = val;
    return 0;
}

int bh_sum_add_area(bh_summary *s, const char *id, const char *name, double pop, unsigned char *wkb,
                    size_t wkb_len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        bh_sum_area *a = bh_realloc(s->areas, cap * sizeof *a);
        if (a == NULL) {
            bh_free(wkb);
            return -1;
        }
        s->areas = a;
        s->cap = cap;
    }
    bh_sum_area *a = &s->areas[s->n];
    memset(a, 0, sizeof *a);
    a->id = bh_strdup(id);
    a->name = bh_strdup(name ? name : id);
    a->pop = pop;
    a->wkb = wkb;
    a->wkb_len = wkb_len;
    a->counts = bh_calloc(s->n_types ? s->n_types : 1, sizeof *a->counts);
    s->n++;
    if (a->id == NULL || a->name == NULL || a->counts == NULL ||
        bh_sum_index_put(&s->ids, id, (int)(s->n - 1)) != 0)
        return -1;
    return (int)(s->n - 1);
}

static unsigned char *blob_copy(sqlite3_stmt *st, int col, size_t *len)
{
    *len = 0;
    if (sqlite3_column_type(st, col) != SQLITE_BLOB)
        return NULL;
    int n = sqlite3_column_bytes(st, col);
    unsigned char *p = bh_malloc((size_t)n);
    if (p) {
        memcpy(p, sqlite3_column_blob(st, col), (size_t)n);
        *len = (size_t)n;
    }
    return p;
}

static bh_status nomem(bh_summary *s)
{
    return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
}

/* Runs sql yielding (id, name, population, wkb) rows and appends them as areas. */
static bh_status load_rows(bh_summary *s, const char *sql)
{
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(s->db, sql, &st);
    if (rc != BH_OK)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (id == NULL)
            continue;
        size_t len;
        unsigned char *wkb = blob_copy(st, 3, &len);
        if (bh_sum_add_area(s, id, (const char *)sqlite3_column_text(st, 1),
                            sqlite3_column_double(st, 2), wkb, len) < 0) {
            sqlite3_finalize(st);
            return nomem(s);
        }
    }
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? BH_OK : bh_db_fail(s->db, "reading areas");
}

/* Adds area-weighted block population to every area of a polygon table. */
static bh_status weight_population(bh_summary *s, const char *table, const char *idcol)
{
    char *sql = sqlite3_mprintf(
        "SELECT a.\"%w\", SUM(b.population * ST_Area(ST_Intersection(a.geom, b.geom)) / "
        "ST_Area(b.geom)) FROM \"%w\" a JOIN town_blocks b ON MbrIntersects(a.geom, b.geom) "
        "WHERE b.population > 0 AND ST_Area(b.geom) > 0 GROUP BY a.\"%w\"",
        idcol, table, idcol);
    if (sql == NULL)
        return nomem(s);
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(s->db, sql, &st);
    sqlite3_free(sql);
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

static bh_status need_table(bh_summary *s, const char *table, const char *hint)
{
    if (bh_db_has_table(s->db, table))
        return BH_OK;
    return bh_error(bh_db_ctx(s->db), BH_E_UNKNOWN_LAYER, "%s: layer '%s' is not loaded%s",
                    bh_db_path(s->db), table, hint);
}

static bh_status grid_cell(bh_summary *s, long col, long row, int *index)
{
    char id[64];
    snprintf(id, sizeof id, "%ld:%ld", col, row);
    if (bh_sum_index_get(&s->ids, id, index))
        return BH_OK;
    double g = s->grid_m;
    char *sql = sqlite3_mprintf("SELECT AsBinary(CastToMultiPolygon(BuildMbr(%.17g, %.17g, "
                                "%.17g, %.17g, %d)))",
                                col * g, row * g, (col + 1) * g, (row + 1) * g, s->srid);
    sqlite3_stmt *st;
    bh_status rc = sql ? bh_db_prepare(s->db, sql, &st) : nomem(s);
    sqlite3_free(sql);
    if (rc != BH_OK)
        return rc;
    size_t len = 0;
    unsigned char *wkb = sqlite3_step(st) == SQLITE_ROW ? blob_copy(st, 0, &len) : NULL;
    sqlite3_finalize(st);
    *index = bh_sum_add_area(s, id, id, 0.0, wkb, len);
    return *index < 0 ? nomem(s) : BH_OK;
}

static int cmp_cells(const void *a, const void *b)
{
    const bh_sum_area *x = a, *y = b;
    long xc, xr, yc, yr;
    sscanf(x->id, "%ld:%ld", &xc, &xr);
    sscanf(y->id, "%ld:%ld", &yc, &yr);
    if (xr != yr)
        return xr > yr ? -1 : 1; /* north first, like reading a map */
    return (xc > yc) - (xc < yc);
}

/* Cells over every block, population split by the share of each block's area in each cell. */
static bh_status load_grid(bh_summary *s)
{
    sqlite3_stmt *st, *cut;
    bh_status rc = bh_db_prepare(
        s->db,
        "SELECT geom, COALESCE(population, 0), ST_Area(geom), MbrMinX(geom), MbrMinY(geom), "
        "MbrMaxX(geom), MbrMaxY(geom) FROM town_blocks WHERE geom IS NOT NULL ORDER BY key_code",
        &st);
    if (rc != BH_OK)
        return rc;
    char *sql = sqlite3_mprintf("SELECT ST_Area(ST_Intersection(?1, BuildMbr(?2, ?3, ?4, ?5, %d)))",
                                s->srid);
    rc = sql ? bh_db_prepare(s->db, sql, &cut) : nomem(s);
    sqlite3_free(sql);
    if (rc != BH_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    double g = s->grid_m;
    int r;
    while (rc == BH_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        double pop = sqlite3_column_double(st, 1), area = sqlite3_column_double(st, 2);
        long c0 = (long)floor(sqlite3_column_double(st, 3) / g);
        long r0 = (long)floor(sqlite3_column_double(st, 4) / g);
        long c1 = (long)floor(sqlite3_column_double(st, 5) / g);
        long r1 = (long)floor(sqlite3_column_double(st, 6) / g);
        for (long row = r0; rc == BH_OK && row <= r1; row++)
            for (long col = c0; rc == BH_OK && col <= c1; col++) {
                sqlite3_reset(cut);
                sqlite3_bind_value(cut, 1, sqlite3_column_value(st, 0));
                sqlite3_bind_double(cut, 2, col * g);
                sqlite3_bind_double(cut, 3, row * g);
                sqlite3_bind_double(cut, 4, (col + 1) * g);
                sqlite3_bind_double(cut, 5, (row + 1) * g);
                double part = sqlite3_step(cut) == SQLITE_ROW ? sqlite3_column_double(cut, 0) : 0;
                if (!(part > 0))
                    continue;
                int idx;
                rc = grid_cell(s, col, row, &idx);
                if (rc == BH_OK && area > 0)
                    s->areas[idx].pop += pop * part / area;
            }
    }
    sqlite3_finalize(cut);
    sqlite3_finalize(st);
    if (rc != BH_OK)
        return rc;
    qsort(s->areas, s->n, sizeof *s->areas, cmp_cells);
    bh_hash_map_free(&s->ids, NULL);
    for (size_t i = 0; i < s->n; i++)
        if (bh_sum_index_put(&s->ids, s->areas[i].id, (int)i) != 0)
            return nomem(s);
    return BH_OK;
}

/* One area per place (crimes/places.h): a block, or a group of blocks sharing a name (union,
 * population summed). A member's own key_code (rows imported before groups) locates the group. */
static bh_status load_places(bh_summary *s)
{
    bh_status rc = load_rows(
        s, "SELECT m.place, min(b.name), COALESCE(sum(b.population), 0), CASE count(*) WHEN 1 "
           "THEN AsBinary(b.geom) ELSE AsBinary(CastToMultiPolygon(ST_Union(b.geom))) END "
           "FROM town_blocks b JOIN (" BH_PLACES_OF_BLOCKS ") m USING (key_code) "
           "GROUP BY m.place ORDER BY min(b.key_code)");
    sqlite3_stmt *st;
    if (rc == BH_OK)
        rc = bh_db_prepare(
            s->db, "SELECT 'c:' || key_code, place FROM (" BH_PLACES_OF_BLOCKS ") WHERE n > 1",
            &st);
    if (rc != BH_OK)
        return rc;
    int r, idx;
    while (rc == BH_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
        if (bh_sum_index_get(&s->ids, (const char *)sqlite3_column_text(st, 1), &idx) &&
            bh_sum_index_put(&s->locs, (const char *)sqlite3_column_text(st, 0), idx) != 0)
            rc = nomem(s);
    sqlite3_finalize(st);
    return rc != BH_OK || r == SQLITE_DONE ? rc : bh_db_fail(s->db, "reading places");
}

bh_status bh_sum_load_areas(bh_summary *s)
{
    bh_status rc = need_table(s, "town_blocks", " (run 'bohan init')");
    if (rc != BH_OK)
        return rc;
    switch (s->by) {
    case BH_AREA_CHOME:
        return load_places(s);
    case BH_AREA_OAZA:
        if (bh_db_has_table(s->db, "oaza"))
            return load_rows(s, "SELECT o.name, o.name, (SELECT COALESCE(SUM(b.population), 0) "
                                "FROM town_blocks b WHERE b.oaza = o.name), AsBinary(o.geom) "
                                "FROM oaza o ORDER BY o.name");
        return load_rows(s, "SELECT oaza, oaza, COALESCE(SUM(population), 0), "
                            "AsBinary(CastToMultiPolygon(ST_Union(geom))) FROM town_blocks "
                            "WHERE oaza IS NOT NULL GROUP BY oaza ORDER BY oaza");
    case BH_AREA_KOBAN:
        rc = need_table(s, "koban_areas", " (run 'bohan crimes koban')");
        if (rc == BH_OK)
            rc = load_rows(s, "SELECT name, name, 0, AsBinary(geom) FROM koban_areas "
                              "ORDER BY name");
        return rc == BH_OK ? weight_population(s, "koban_areas", "name") : rc;
    case BH_AREA_SCHOOL_DISTRICT:
        rc = need_table(s, "school_districts", " (run 'bohan init')");
        if (rc == BH_OK)
            rc = load_rows(s, "SELECT school_name, school_name, 0, AsBinary(geom) "
                              "FROM school_districts ORDER BY school_name");
        return rc == BH_OK ? weight_population(s, "school_districts", "school_name") : rc;
    case BH_AREA_GRID:
        return load_grid(s);
    }
    return bh_error(bh_db_ctx(s->db), BH_E_INTERNAL, "summary: unknown area kind");
}

/* Text of the first column of sql with one bound text parameter (caller frees); NULL if none. */
static char *query_text(bh_summary *s, const char *sql, const char *param)
{
    sqlite3_stmt *st;
    if (bh_db_prepare(s->db, sql, &st) != BH_OK)
        return NULL;
    sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = bh_strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* The representative point of a block or a 大字; 0 when it has none. */
static int place_point(bh_summary *s, int is_chome, const char *key, double *x, double *y)
{
    const char *sql =
        is_chome ? bh_place_point_sql(key)
        : bh_db_has_table(s->db, "oaza")
            ? "SELECT X(p), Y(p) FROM (SELECT PointOnSurface(geom) p FROM oaza WHERE name = ?1)"
            : "SELECT X(p), Y(p) FROM (SELECT PointOnSurface(ST_Union(geom)) p FROM town_blocks "
              "WHERE oaza = ?1)";
    sqlite3_stmt *st;
    if (bh_db_prepare(s->db, sql, &st) != BH_OK)
        return 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (ok) {
        *x = sqlite3_column_double(st, 0);
        *y = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    return ok;
}

static char *area_at_point(bh_summary *s, double x, double y)
{
    const char *table = s->by == BH_AREA_KOBAN ? "koban_areas" : "school_districts";
    const char *idcol = s->by == BH_AREA_KOBAN ? "name" : "school_name";
    char *sql =
        sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE MbrContains(geom, MakePoint(%.17g, "
                        "%.17g)) AND ST_Intersects(geom, MakePoint(%.17g, %.17g, %d)) "
                        "ORDER BY 1 LIMIT 1",
                        idcol, table, x, y, x, y, s->srid);
    char *v = sql ? query_text(s, sql, "") : NULL;
    sqlite3_free(sql);
    return v;
}

static bh_status special_row(bh_summary *s, const char *id, const char *name, int *index)
{
    if (bh_sum_index_get(&s->ids, id, index))
        return BH_OK;
    if (s->frozen) { /* a computed summary: no crime of the period lies there */
        *index = -1;
        return BH_OK;
    }
    *index = bh_sum_add_area(s, id, name, 0.0, NULL, 0);
    return *index < 0 ? nomem(s) : BH_OK;
}

static bh_status locate_uncached(bh_summary *s, char kind, const char *place, int *index)
{
    *index = -1;
    char *id = NULL;
    if (kind == 'w')
        return special_row(s, "city", "（市全体・地区不明）", index);
    if (kind == 'k' && s->by != BH_AREA_KOBAN) {
        char *rid = bh_asprintf("koban:%s", place), *rname = bh_asprintf("%s（交番単位）", place);
        bh_status rc = (rid && rname) ? special_row(s, rid, rname, index) : nomem(s);
        bh_free(rid);
        bh_free(rname);
        return rc;
    }
    if (kind == 'k') {
        id = bh_strdup(place);
    } else if (s->by == BH_AREA_CHOME) {
        if (kind == 'c') {
            id = bh_strdup(place);
        } else {
            char *rid = bh_asprintf("oaza:%s", place),
                 *rname = bh_asprintf("%s（大字のみ）", place);
            bh_status rc = (rid && rname) ? special_row(s, rid, rname, index) : nomem(s);
            bh_free(rid);
            bh_free(rname);
            return rc;
        }
    } else if (s->by == BH_AREA_OAZA) {
        id = kind == 'c'
                 ? query_text(
                       s, "SELECT min(oaza) FROM town_blocks WHERE " BH_PLACE_HAS("?1", "key_code"),
                       place)
                 : bh_strdup(place);
    } else {
        double x, y;
        if (place_point(s, kind == 'c', place, &x, &y)) {
            if (s->by == BH_AREA_GRID && s->frozen) {
                char cell[64];
                snprintf(cell, sizeof cell, "%ld:%ld", (long)floor(x / s->grid_m),
                         (long)floor(y / s->grid_m));
                if (!bh_sum_index_get(&s->ids, cell, index))
                    *index = -1;
                return BH_OK;
            }
            if (s->by == BH_AREA_GRID) {
                long col = (long)floor(x / s->grid_m), row = (long)floor(y / s->grid_m);
                return grid_cell(s, col, row, index);
            }
            id = area_at_point(s, x, y);
        }
    }
    if (id == NULL || !bh_sum_index_get(&s->ids, id, index))
        *index = -1;
    bh_free(id);
    return BH_OK;
}

bh_status bh_sum_locate(bh_summary *s, char kind, const char *place, int *index)
{
    *index = -1;
    if (kind == 'w' || (place != NULL && *place != '\0')) {
        char *key = bh_asprintf("%c:%s", kind, kind == 'w' ? "" : place);
        if (key == NULL)
            return nomem(s);
        bh_status rc = BH_OK;
        if (!bh_sum_index_get(&s->locs, key, index)) {
            rc = locate_uncached(s, kind, place, index);
            if (rc == BH_OK && bh_sum_index_put(&s->locs, key, *index) != 0)
                rc = nomem(s);
        }
        bh_free(key);
        if (rc != BH_OK)
            return rc;
    }
    if (*index < 0)
        return special_row(s, "unlocated", "（位置不明）", index);
    return BH_OK;
}

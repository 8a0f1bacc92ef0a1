/* Building the 町丁目 → area table (areamap.c): the pieces of every block in the areas of one
 * kind and the area holding each place's representative point. Neutral SQL (db/stmt.h), so the
 * same code builds it on SpatiaLite and on PostGIS: spatial SQL that differs comes from the
 * dialect (bh_db_sql), and the places sharing a 町丁目 name are grouped by the SQL function
 * bh_chome_key on SQLite, by the library's bh_norm_chome into a VALUES list on PostgreSQL. */
#include "core/alloc.h"
#include "core/normalize.h"
#include "core/strbuf.h"
#include "crimes/areamap.h"
#include "crimes/places.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bh_status nomem(bh_db *db)
{
    return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

static bh_status step_error(bh_db *db)
{
    bh_status rc = bh_ctx_status(bh_db_ctx(db));
    return rc != BH_OK ? rc : bh_error(bh_db_ctx(db), BH_E_DB, "chome_area_map: SQL error");
}

typedef struct {
    char *code, *key; /* key_code, its name's grouping key (the code itself when none) */
} block_key;

static int by_key_code(const void *a, const void *b)
{
    const block_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->code, y->code);
}

/* Appends the VALUES rows (key_code, place, n) of the blocks whose place has n > 1 blocks. */
static bh_status values_of_groups(bh_db *db, block_key *b, size_t n, bh_strbuf *out)
{
    size_t rows = 0;
    for (size_t i = 0, j; i < n; i = j) {
        bh_strbuf place;
        bh_strbuf_init(&place);
        for (j = i; j < n && strcmp(b[j].key, b[i].key) == 0; j++)
            bh_strbuf_printf(&place, "%s%s", j > i ? "+" : "", b[j].code);
        for (size_t m = i; j - i > 1 && m < j && !place.failed; m++) {
            char *row = sqlite3_mprintf("%s(%Q, %Q, %ld)", rows++ ? ", " : "(VALUES ", b[m].code,
                                        place.data, (long)(j - i));
            bh_strbuf_append(out, row ? row : "");
            out->failed |= row == NULL;
            sqlite3_free(row);
        }
        int failed = place.failed;
        bh_strbuf_free(&place);
        if (failed)
            return nomem(db);
    }
    bh_strbuf_append(out, rows ? ") AS m(key_code, place, n)"
                               : "(SELECT NULL::text AS key_code, NULL::text AS place, 0 AS n "
                                 "WHERE false) AS m");
    return out->failed ? nomem(db) : BH_OK;
}

/* The blocks' places as a FROM item "m(key_code, place, n)" (crimes/places.h); on PostgreSQL
 * only the blocks of groups (n > 1), which is what the builders read. */
static bh_status places_src(bh_db *db, bh_strbuf *out)
{
    if (bh_db_kind_of(db) == BH_DB_SQLITE) {
        bh_strbuf_append(out, "(" BH_PLACES_OF_BLOCKS ") AS m");
        return out->failed ? nomem(db) : BH_OK;
    }
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(
        db, "SELECT key_code, name FROM town_blocks WHERE key_code IS NOT NULL", &st);
    block_key *b = NULL;
    size_t n = 0;
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        block_key *b2 = bh_realloc(b, (n + 1) * sizeof *b);
        if (b2 == NULL) {
            rc = nomem(db);
            break;
        }
        b = b2;
        const char *name = bh_stmt_column_text(st, 1);
        b[n].code = bh_strdup(bh_stmt_column_text(st, 0));
        b[n].key = name ? bh_norm_chome(name) : NULL;
        if (b[n].key == NULL && b[n].code)
            b[n].key = bh_strdup(b[n].code);
        if (b[n++].key == NULL)
            rc = nomem(db);
    }
    bh_stmt_finalize(st);
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = step_error(db);
    if (rc == BH_OK) {
        qsort(b, n, sizeof *b, by_key_code);
        rc = values_of_groups(db, b, n, out);
    }
    for (size_t i = 0; i < n; i++)
        bh_free(b[i].code), bh_free(b[i].key);
    bh_free(b);
    return rc;
}

bh_status bh_area_map_points_sql(bh_db *db, int chome, char **sql)
{
    const bh_db_dialect *d = bh_db_sql(db);
    *sql = NULL;
    if (!chome) {
        /* the 大字: the oaza layer's polygons, else the union of their blocks */
        char *u = bh_asprintf(d->union_agg, "geom");
        *sql = !u ? NULL
               : bh_db_has_table(db, "oaza")
                   ? bh_asprintf("SELECT name AS place, ST_PointOnSurface(geom) AS "
                                 "pt FROM oaza "
                                 "WHERE name IS NOT NULL AND geom IS NOT NULL")
                   : bh_asprintf("SELECT oaza AS place, ST_PointOnSurface(%s) AS "
                                 "pt FROM "
                                 "town_blocks WHERE oaza IS NOT NULL GROUP BY oaza",
                                 u);
        bh_free(u);
        return *sql ? BH_OK : nomem(db);
    }
    /* every block, and every group of blocks sharing a name at the point of its union: the group
     * is the place its rows name; a member's own row serves a database imported before groups */
    bh_strbuf m;
    bh_strbuf_init(&m);
    bh_status rc = places_src(db, &m);
    char *u = rc == BH_OK ? bh_asprintf(d->union_agg, "b.geom") : NULL;
    if (rc == BH_OK && u)
        *sql = bh_asprintf(
            "SELECT key_code AS place, ST_PointOnSurface(geom) AS pt FROM town_blocks WHERE "
            "key_code IS NOT NULL AND geom IS NOT NULL UNION ALL SELECT m.place, "
            "ST_PointOnSurface(%s) FROM %s JOIN town_blocks b USING (key_code) "
            "WHERE m.n > 1 GROUP BY m.place",
            u, m.data);
    bh_free(u);
    bh_strbuf_free(&m);
    return rc != BH_OK ? rc : *sql ? BH_OK : nomem(db);
}

/* Marks, for every block and 大字, the polygon area holding its representative point: the first
 * by name when it lies on a boundary. One statement per place kind. */
static bh_status mark_polygon(bh_db *db, const char *kind, const char *table,
                              const bh_area_polygon *pk)
{
    bh_status rc = BH_OK;
    for (int chome = 1; rc == BH_OK && chome >= 0; chome--) {
        char *pts = NULL, *hit = NULL;
        rc = bh_area_map_points_sql(db, chome, &pts);
        if (rc == BH_OK && (hit = bh_asprintf(bh_db_sql(db)->mbr_hit, "a.geom", "p.pt")) == NULL)
            rc = nomem(db);
        if (rc == BH_OK)
            rc = bh_db_execq(db,
                             "INSERT INTO %s (kind, area_key, place_kind, place, point) "
                             "SELECT %Q, k, %Q, place, 1 FROM (SELECT p.place, (SELECT a.\"%w\" "
                             "FROM \"%w\" a WHERE %s AND ST_Intersects(a.geom, p.pt) ORDER BY 1 "
                             "LIMIT 1) k FROM (%s) p WHERE p.pt IS NOT NULL) q "
                             "WHERE k IS NOT NULL ON CONFLICT (kind, area_key, place_kind, place) "
                             "DO UPDATE SET point = 1",
                             table, kind, chome ? "c" : "o", pk->idcol, pk->table, hit, pts);
        bh_free(pts);
        bh_free(hit);
    }
    return rc;
}

#define MARKS_PER_STATEMENT 250

/* Grid marks waiting to be written: the cell and the place of each, copied. */
typedef struct {
    char *cell[MARKS_PER_STATEMENT], *place[MARKS_PER_STATEMENT];
    int n;
} marks;

static void marks_clear(marks *m)
{
    for (int i = 0; i < m->n; i++)
        bh_free(m->cell[i]), bh_free(m->place[i]);
    m->n = 0;
}

/* Upserts the waiting marks of place_kind pk in one statement (no round trip per place). */
static bh_status marks_flush(bh_db *db, const char *kind, const char *table, const char *pk,
                             marks *m)
{
    bh_strbuf sql;
    bh_strbuf_init(&sql);
    bh_strbuf_printf(&sql, "INSERT INTO %s (kind, area_key, place_kind, place, point) VALUES ",
                     table);
    for (int i = 0; i < m->n; i++)
        bh_strbuf_append(&sql, i ? ", (?, ?, ?, ?, 1)" : "(?, ?, ?, ?, 1)");
    bh_strbuf_append(&sql, " ON CONFLICT (kind, area_key, place_kind, place) DO UPDATE SET "
                           "point = 1");
    bh_stmt *up = NULL;
    bh_status rc = sql.failed ? nomem(db) : bh_stmt_prepare(db, sql.data, &up);
    for (int i = 0; rc == BH_OK && i < m->n; i++) {
        bh_stmt_bind_text(up, 4 * i + 1, kind);
        bh_stmt_bind_text(up, 4 * i + 2, m->cell[i]);
        bh_stmt_bind_text(up, 4 * i + 3, pk);
        bh_stmt_bind_text(up, 4 * i + 4, m->place[i]);
    }
    if (rc == BH_OK && m->n > 0 && bh_stmt_step(up) == BH_STEP_ERROR)
        rc = step_error(db);
    bh_stmt_finalize(up);
    bh_strbuf_free(&sql);
    marks_clear(m);
    return rc;
}

/* Marks the grid cell holding every place's representative point (floor(x/g), floor(y/g)) of
 * one place kind. */
static bh_status mark_grid_places(bh_db *db, const char *kind, const char *table, double g,
                                  int chome)
{
    char *sql = NULL;
    bh_stmt *pts = NULL;
    bh_status rc = bh_area_map_points_sql(db, chome, &sql);
    if (rc == BH_OK)
        rc = bh_stmt_preparef(
            db, &pts, "SELECT place, ST_X(pt), ST_Y(pt) FROM (%s) p WHERE pt IS NOT NULL", sql);
    bh_free(sql);
    marks m = {.n = 0};
    const char *pk = chome ? "c" : "o";
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(pts)) == BH_STEP_ROW) {
        char cell[64];
        snprintf(cell, sizeof cell, "%ld:%ld", (long)floor(bh_stmt_column_double(pts, 1) / g),
                 (long)floor(bh_stmt_column_double(pts, 2) / g));
        m.cell[m.n] = bh_strdup(cell);
        m.place[m.n] = bh_strdup(bh_stmt_column_text(pts, 0));
        if (m.n++, m.cell[m.n - 1] == NULL || m.place[m.n - 1] == NULL)
            rc = nomem(db);
        else if (m.n == MARKS_PER_STATEMENT)
            rc = marks_flush(db, kind, table, pk, &m);
    }
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = step_error(db);
    if (rc == BH_OK)
        rc = marks_flush(db, kind, table, pk, &m);
    marks_clear(&m);
    bh_stmt_finalize(pts);
    return rc;
}

static bh_status mark_grid(bh_db *db, const char *kind, const char *table, double g)
{
    bh_status rc = mark_grid_places(db, kind, table, g, 1);
    return rc == BH_OK ? mark_grid_places(db, kind, table, g, 0) : rc;
}

/* The blocks' pieces in the polygons of a layer, in one statement. */
static bh_status build_polygon(bh_db *db, const char *kind, const char *table,
                               const bh_area_polygon *pk)
{
    if (!bh_db_has_table(db, pk->table))
        return bh_error(bh_db_ctx(db), BH_E_UNKNOWN_LAYER, "%s: layer '%s' is not loaded",
                        bh_db_path(db), pk->table);
    char *hit = bh_asprintf(bh_db_sql(db)->mbr_hit, "a.geom", "b.geom");
    /* WHERE x > 0: an upsert's SELECT needs a WHERE to parse ON CONFLICT unambiguously */
    bh_status rc =
        hit ? bh_db_execq(db,
                          "INSERT INTO %s (kind, area_key, place_kind, place, area, place_area) "
                          "SELECT %Q, k, 'c', p, x, y FROM (SELECT a.\"%w\" k, b.key_code p, "
                          "ST_Area(ST_Intersection(a.geom, b.geom)) x, ST_Area(b.geom) y FROM "
                          "\"%w\" a JOIN town_blocks b ON %s WHERE a.\"%w\" IS NOT NULL AND "
                          "b.key_code IS NOT NULL) q WHERE x > 0 ON CONFLICT (kind, area_key, "
                          "place_kind, place) DO UPDATE SET area = %s.area + excluded.area",
                          table, kind, pk->idcol, pk->table, hit, pk->idcol, table)
            : nomem(db);
    bh_free(hit);
    return rc == BH_OK ? mark_polygon(db, kind, table, pk) : rc;
}

/* Each block cut by the cells of its bounding box (the cells it overlaps, with their m²). */
static bh_status build_grid(bh_db *db, const char *kind, const char *table, double g)
{
    bh_status rc = bh_area_map_cut_into(db, g, table, kind);
    return rc == BH_OK ? mark_grid(db, kind, table, g) : rc;
}

/* 大字 by attribute: each block wholly in its oaza (share 1), a group of blocks sharing a name in
 * its blocks' 大字; 大字 places in themselves. */
static bh_status build_oaza(bh_db *db, const char *kind, const char *table)
{
    bh_strbuf m;
    bh_strbuf_init(&m);
    bh_status rc = places_src(db, &m);
    if (rc == BH_OK)
        rc = bh_db_execq(db,
                         "INSERT INTO %s (kind, area_key, place_kind, place, area, place_area, "
                         "point) SELECT %Q, oaza, 'c', key_code, ST_Area(geom), ST_Area(geom), 1 "
                         "FROM town_blocks WHERE oaza IS NOT NULL AND key_code IS NOT NULL "
                         "ON CONFLICT (kind, area_key, place_kind, place) DO NOTHING; "
                         "INSERT INTO %s (kind, area_key, place_kind, place, point) "
                         "SELECT %Q, min(b.oaza), 'c', m.place, 1 FROM %s JOIN town_blocks b "
                         "USING (key_code) WHERE m.n > 1 AND b.oaza IS NOT NULL GROUP BY m.place; "
                         "INSERT INTO %s (kind, area_key, place_kind, place, point) "
                         "SELECT DISTINCT %Q, n, 'o', n, 1 FROM (%s) o WHERE n IS NOT NULL",
                         table, kind, table, kind, m.data, table, kind,
                         bh_db_has_table(db, "oaza") ? "SELECT name AS n FROM oaza"
                                                     : "SELECT oaza AS n FROM town_blocks");
    bh_strbuf_free(&m);
    return rc;
}

bh_status bh_area_map_build_rows(bh_db *db, const char *kind, const char *table,
                                 const bh_area_polygon *pk, double g)
{
    return pk  ? build_polygon(db, kind, table, pk)
           : g ? build_grid(db, kind, table, g)
               : build_oaza(db, kind, table);
}

#include "crimes/koban.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/areamap.h"
#include "crimes/places.h"
#include "db/stage.h"

/* Block → 交番 assignment table, filled by the three steps of koban.h. */
static const char koban_majority_sql[] =
    "DROP TABLE IF EXISTS temp._bh_kb;"
    "CREATE TEMP TABLE _bh_kb (key_code TEXT PRIMARY KEY, koban TEXT, how TEXT);"
    /* a block of a group (crimes/places.h) takes the majority of the group's rows */
    "DROP TABLE IF EXISTS temp._bh_kb_place;"
    "CREATE TEMP TABLE _bh_kb_place (key_code TEXT PRIMARY KEY, place TEXT);"
    "INSERT INTO temp._bh_kb_place SELECT key_code, place FROM (" BH_PLACES_OF_BLOCKS ");"
    "INSERT INTO temp._bh_kb SELECT b.key_code, (SELECT c.koban FROM crimes c WHERE c.key_code = "
    "(SELECT place FROM temp._bh_kb_place m WHERE m.key_code = b.key_code) AND c.state = "
    "'chome' AND COALESCE(c.koban, '') <> '' GROUP BY c.koban "
    "ORDER BY COUNT(*) DESC, c.koban LIMIT 1), NULL FROM town_blocks b WHERE b.key_code IS NOT "
    "NULL AND b.geom IS NOT NULL;"
    "UPDATE temp._bh_kb SET how = 'majority' WHERE koban IS NOT NULL;";

static const char koban_neighbour_sql[] =
    "DROP TABLE IF EXISTS temp._bh_kb_next;"
    "CREATE TEMP TABLE _bh_kb_next AS SELECT u.key_code AS key_code, (SELECT n.koban FROM "
    "town_blocks bu, town_blocks bn, temp._bh_kb n WHERE bu.key_code = u.key_code AND "
    "n.koban IS NOT NULL AND bn.key_code = n.key_code AND MbrIntersects(bu.geom, bn.geom) AND "
    "ST_Intersects(bu.geom, bn.geom) GROUP BY n.koban ORDER BY "
    "SUM(COALESCE(ST_Length(ST_Intersection(bu.geom, bn.geom)), 0)) DESC, n.koban LIMIT 1) AS "
    "koban FROM temp._bh_kb u WHERE u.koban IS NULL;"
    "UPDATE temp._bh_kb SET koban = (SELECT x.koban FROM temp._bh_kb_next x WHERE x.key_code = "
    "_bh_kb.key_code), how = 'neighbour' WHERE koban IS NULL AND key_code IN (SELECT key_code "
    "FROM temp._bh_kb_next WHERE koban IS NOT NULL);";

static const char koban_nearest_sql[] =
    "UPDATE temp._bh_kb SET koban = (SELECT n.koban FROM town_blocks bu, town_blocks bn, "
    "temp._bh_kb n WHERE bu.key_code = _bh_kb.key_code AND n.koban IS NOT NULL AND bn.key_code "
    "= n.key_code ORDER BY ST_Distance(bu.geom, bn.geom), n.koban LIMIT 1), how = 'nearest' "
    "WHERE koban IS NULL;";

static bh_status koban_rebuild(bh_db *db, int srid, int sample)
{
    bh_status rc = BH_OK;
    if (bh_db_has_table(db, "koban_areas")) {
        if (bh_db_scalar_int(db,
                             "SELECT COUNT(*) FROM geometry_columns WHERE f_table_name = "
                             "'koban_areas'",
                             0) > 0)
            rc = bh_db_exec(db, "SELECT DropTable(NULL, 'koban_areas')");
        else
            rc = bh_db_exec(db, "DROP TABLE koban_areas");
    }
    if (rc == BH_OK)
        rc = bh_db_execf(
            db,
            "CREATE TABLE koban_areas (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
            "police_station TEXT, derived_from TEXT%s);"
            "SELECT AddGeometryColumn('koban_areas', 'geom', %d, 'MULTIPOLYGON', 'XY');"
            "SELECT CreateSpatialIndex('koban_areas', 'geom');",
            sample ? ", sample INTEGER NOT NULL DEFAULT 1" : "", srid);
    if (rc == BH_OK && bh_db_scalar_int(db,
                                        "SELECT COUNT(*) FROM geometry_columns WHERE "
                                        "f_table_name = 'koban_areas'",
                                        0) != 1)
        rc = bh_error(bh_db_ctx(db), BH_E_DB, "%s: koban_areas: could not register geometry",
                      bh_db_path(db));
    if (rc == BH_OK)
        rc = bh_db_exec(
            db,
            "INSERT INTO koban_areas (name, police_station, derived_from, geom) "
            "SELECT k.koban, (SELECT c.police_station FROM crimes c WHERE c.koban = k.koban AND "
            "COALESCE(c.police_station, '') <> '' GROUP BY c.police_station ORDER BY COUNT(*) "
            "DESC, c.police_station LIMIT 1), printf('crimes: %d 町丁目 (%d by majority of rows, "
            "%d by neighbours, %d by nearest)', COUNT(*), SUM(k.how = 'majority'), "
            "SUM(k.how = 'neighbour'), SUM(k.how = 'nearest')), "
            "CastToMultiPolygon(ST_Union(b.geom)) FROM temp._bh_kb k JOIN town_blocks b ON "
            "b.key_code = k.key_code WHERE k.koban IS NOT NULL GROUP BY k.koban ORDER BY k.koban");
    if (rc == BH_OK &&
        bh_db_scalar_int(db, "SELECT COUNT(*) FROM koban_areas WHERE geom IS NULL", 1) != 0)
        rc = bh_error(bh_db_ctx(db), BH_E_GEOMETRY,
                      "%s: koban_areas: the union of a 交番's 町丁目 is not a polygon",
                      bh_db_path(db));
    if (rc == BH_OK)
        rc = bh_db_execf(
            db,
            "INSERT OR REPLACE INTO layers (name, title, kind, table_name, geometry_type, srid, "
            "source, plan_items, credit, feature_count, imported_at, definition) VALUES "
            "('koban_areas', '交番管内（犯罪データから推定）', '%s', 'koban_areas', "
            "'MULTIPOLYGON', %d, 'derived', '[]', '管轄交番は犯罪オープンデータの記載から推定', "
            "(SELECT COUNT(*) FROM koban_areas), datetime('now'), json_object('name', "
            "'koban_areas', 'title', '交番管内', 'kind', '%s', 'table', 'koban_areas', "
            "'geometry', 'MULTIPOLYGON', 'fields', json('[{\"name\": \"name\", \"type\": "
            "\"TEXT\", \"unique\": true}, {\"name\": \"police_station\", \"type\": "
            "\"TEXT\"}]'), 'method', 'majority of crime rows per 町丁目, then neighbours, then "
            "nearest; ST_Union per 交番', 'note', 'approximate: police 管轄 boundaries are not "
            "published; each 町丁目 goes wholly to one 交番'))",
            sample ? "sample" : "approximate", srid, sample ? "sample" : "approximate");
    return rc;
}

static bh_status koban_work(bh_db *db)
{
    bh_status rc = bh_db_exec(db, koban_majority_sql);
    long assigned =
        rc == BH_OK ? (long)bh_db_scalar_int(db,
                                             "SELECT COUNT(*) FROM temp._bh_kb WHERE koban IS NOT "
                                             "NULL",
                                             0)
                    : 0;
    if (rc != BH_OK)
        return rc;
    if (assigned == 0) {
        bh_log(bh_db_ctx(db), BH_LOG_INFO,
               "koban_areas: no crime row names a 交番 for a known 町丁目; nothing derived");
        return BH_OK;
    }
    for (;;) {
        rc = bh_db_exec(db, koban_neighbour_sql);
        if (rc != BH_OK || sqlite3_changes(bh_db_sqlite(db)) == 0)
            break;
    }
    if (rc == BH_OK)
        rc = bh_db_exec(db, koban_nearest_sql);
    int sample = (int)bh_db_scalar_int(
        db, "SELECT MAX(COALESCE(sample, 0)) FROM crimes WHERE state = 'chome' AND koban <> ''", 0);
    if (rc == BH_OK)
        rc = koban_rebuild(db, bh_db_srid(db), sample);
    if (rc == BH_OK)
        bh_log(bh_db_ctx(db), BH_LOG_INFO, "koban_areas: %lld 交番管内 from %ld 町丁目 with rows",
               bh_db_scalar_int(db, "SELECT COUNT(*) FROM koban_areas", 0), assigned);
    return rc;
}

bh_status bh_koban_stage_crimes(bh_db *db, bh_db_stage *sg)
{
    if (!bh_db_has_table(db, "crimes"))
        return BH_OK;
    bh_status st = bh_db_stage_rows(sg, "bh_stage_crimes",
                                    "SELECT key_code, state, koban, police_station, sample, "
                                    "COUNT(*) AS n FROM crimes WHERE koban <> '' GROUP BY "
                                    "key_code, state, koban, police_station, sample");
    bh_db *mem = bh_db_stage_db(sg);
    if (st == BH_OK && bh_db_has_table(mem, "bh_stage_crimes"))
        st = bh_db_exec(mem, "CREATE TABLE bh_stage_seq (i INTEGER PRIMARY KEY);"
                             "WITH RECURSIVE q(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM q "
                             "WHERE i < (SELECT MAX(n) FROM bh_stage_crimes)) "
                             "INSERT INTO bh_stage_seq SELECT i FROM q;"
                             "CREATE VIEW crimes AS SELECT c.key_code, c.state, c.koban, "
                             "c.police_station, c.sample FROM bh_stage_crimes c JOIN bh_stage_seq "
                             "q ON q.i <= c.n;");
    return st;
}

static bh_status koban_prepare(bh_db *db, bh_db_stage *sg, void *user)
{
    (void)user;
    return bh_koban_stage_crimes(db, sg);
}

static bh_status koban_derive_on(bh_db *work, void *user)
{
    (void)user;
    return bh_koban_derive(work);
}

/* PostgreSQL: the derivation (SpatiaLite SQL: unions, neighbours, the 町丁目 → area table) on a
 * working copy of the layers with the crime rows that name a 交番; koban_areas, the catalogue
 * and the area table written back in db's transaction (one of its own when none is open). */
static bh_status koban_staged(bh_db *db)
{
    static const char *const extra[] = {"koban_areas", "chome_area_map", "chome_area_kinds", NULL};
    /* the blocks; the areas of the --by kinds the 町丁目 → area table builds besides */
    static const char *const reads[] = {"town_blocks", "oaza", "school_districts", NULL};
    const bh_db_stage_spec spec = {
        .write = 1, .extra = extra, .reads = reads, .prepare = koban_prepare};
    return bh_db_staged(db, &spec, koban_derive_on, NULL);
}

bh_status bh_koban_derive(bh_db *db)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (!bh_db_has_table(db, "town_blocks"))
        return bh_error(ctx, BH_E_UNKNOWN_LAYER,
                        "%s: layer 'town_blocks' is not loaded (run 'bohan init')", bh_db_path(db));
    char *src = NULL;
    bh_stmt *st;
    if (bh_db_has_table(db, "layers") &&
        bh_stmt_prepare(db, "SELECT source FROM layers WHERE name = 'koban_areas'", &st) == BH_OK) {
        if (bh_stmt_step(st) == BH_STEP_ROW && bh_stmt_column_text(st, 0))
            src = bh_strdup(bh_stmt_column_text(st, 0));
        bh_stmt_finalize(st);
    }
    if (src != NULL && strcmp(src, "derived") != 0) {
        bh_log(ctx, BH_LOG_INFO, "koban_areas: imported from %s; not derived", src);
        bh_free(src);
        return BH_OK;
    }
    bh_free(src);
    if (!bh_db_has_table(db, "crimes")) {
        bh_log(ctx, BH_LOG_INFO, "koban_areas: no crimes loaded; nothing derived");
        return BH_OK;
    }
    if (bh_db_kind_of(db) == BH_DB_POSTGRES)
        return koban_staged(db);
    /* Alone: one transaction (a rolled-back one leaves the file's bytes unchanged). Inside the
     * caller's transaction: a savepoint, undone on failure. */
    int alone = sqlite3_get_autocommit(bh_db_sqlite(db));
    bh_status rc = alone ? bh_db_begin(db) : bh_db_exec(db, "SAVEPOINT bh_koban");
    if (rc != BH_OK)
        return rc;
    rc = koban_work(db);
    if (rc == BH_OK) /* the 交番 map of the summaries follows the new areas */
        rc = bh_area_map_refresh(db, "koban_areas");
    sqlite3_exec(bh_db_sqlite(db),
                 "DROP TABLE IF EXISTS temp._bh_kb; DROP TABLE IF EXISTS "
                 "temp._bh_kb_next; DROP TABLE IF EXISTS temp._bh_kb_place",
                 NULL, NULL, NULL);
    if (alone) {
        if (rc == BH_OK)
            rc = bh_db_commit(db);
        else
            bh_db_rollback(db);
        return rc;
    }
    if (rc != BH_OK)
        sqlite3_exec(bh_db_sqlite(db), "ROLLBACK TO bh_koban", NULL, NULL, NULL);
    sqlite3_exec(bh_db_sqlite(db), "RELEASE bh_koban", NULL, NULL, NULL);
    return rc;
}

typedef struct koban_row {
    char *name, *station, *from;
    double area;
} koban_row;

struct bh_koban_list {
    koban_row *rows;
    size_t n;
    char *source, *kind;
};

bh_status bh_koban_list_load(bh_db *db, bh_koban_list **out)
{
    *out = NULL;
    if (!bh_db_has_table(db, "koban_areas"))
        return bh_error(bh_db_ctx(db), BH_E_UNKNOWN_LAYER,
                        "%s: layer 'koban_areas' is not loaded (no crime row names a 交番; "
                        "import crimes or a koban_areas layer)",
                        bh_db_path(db));
    bh_koban_list *l = bh_calloc(1, sizeof *l);
    if (l == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_stmt *st;
    bh_status rc = BH_OK;
    if (bh_db_has_table(db, "layers") &&
        bh_stmt_prepare(db, "SELECT source, kind FROM layers WHERE name = 'koban_areas'", &st) ==
            BH_OK) {
        if (bh_stmt_step(st) == BH_STEP_ROW) {
            l->source = bh_strdup(bh_stmt_column_text(st, 0));
            l->kind = bh_strdup(bh_stmt_column_text(st, 1));
        }
        bh_stmt_finalize(st);
    }
    size_t n = (size_t)bh_db_scalar_int(db, "SELECT COUNT(*) FROM koban_areas", 0);
    l->rows = bh_calloc(n ? n : 1, sizeof *l->rows);
    rc = l->rows ? bh_stmt_prepare(db,
                                   "SELECT name, police_station, derived_from, ST_Area(geom) "
                                   "FROM koban_areas ORDER BY name",
                                   &st)
                 : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    int r_step = BH_STEP_DONE;
    while (rc == BH_OK && l->n < n && (r_step = bh_stmt_step(st)) == BH_STEP_ROW) {
        koban_row *r = &l->rows[l->n++];
        r->name = bh_strdup(bh_stmt_column_text(st, 0));
        r->station = bh_strdup(bh_stmt_column_text(st, 1));
        r->from = bh_strdup(bh_stmt_column_text(st, 2));
        r->area = bh_stmt_column_double(st, 3);
    }
    if (rc == BH_OK && r_step == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(db));
    if (l->rows)
        bh_stmt_finalize(st);
    if (rc != BH_OK) {
        bh_koban_list_destroy(l);
        return rc;
    }
    *out = l;
    return BH_OK;
}

void bh_koban_list_destroy(bh_koban_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++) {
        bh_free(l->rows[i].name);
        bh_free(l->rows[i].station);
        bh_free(l->rows[i].from);
    }
    bh_free(l->rows);
    bh_free(l->source);
    bh_free(l->kind);
    bh_free(l);
}

size_t bh_koban_list_count(const bh_koban_list *l)
{
    return l->n;
}

const char *bh_koban_list_name(const bh_koban_list *l, size_t i)
{
    return l->rows[i].name;
}

const char *bh_koban_list_station(const bh_koban_list *l, size_t i)
{
    return l->rows[i].station;
}

const char *bh_koban_list_derived_from(const bh_koban_list *l, size_t i)
{
    return l->rows[i].from;
}

double bh_koban_list_area_m2(const bh_koban_list *l, size_t i)
{
    return l->rows[i].area;
}

const char *bh_koban_list_source(const bh_koban_list *l)
{
    return l->source;
}

const char *bh_koban_list_kind(const bh_koban_list *l)
{
    return l->kind;
}

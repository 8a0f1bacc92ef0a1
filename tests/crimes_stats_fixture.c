#include "crimes_stats_fixture.h"

#include <stdio.h>
#include "support.h"

static int fx_exec(bh_db *db, const char *sql)
{
    if (bh_db_exec(db, sql) != BH_OK) {
        fprintf(stderr, "fixture: %s\n", bh_ctx_error(bh_db_ctx(db)));
        return -1;
    }
    return 0;
}

int cs_fixture_layers(bh_db *db)
{
    return fx_exec(
        db,
        "CREATE TABLE town_blocks (id INTEGER PRIMARY KEY, key_code TEXT UNIQUE, name TEXT, "
        "oaza TEXT, population INTEGER, households INTEGER);"
        "SELECT AddGeometryColumn('town_blocks', 'geom', 6677, 'MULTIPOLYGON', 'XY');"
        "SELECT CreateSpatialIndex('town_blocks', 'geom');"
        "INSERT INTO town_blocks (key_code, name, oaza, population, geom) VALUES "
        "('001', '甲1丁目', '甲', 1000, CastToMultiPolygon(BuildMbr(0, 0, 1000, 1000, 6677))),"
        "('002', '甲2丁目', '甲', 2000, CastToMultiPolygon(BuildMbr(1000, 0, 2000, 1000, 6677))),"
        "('003', '乙1丁目', '乙', 500, CastToMultiPolygon(BuildMbr(2000, 0, 3000, 1000, 6677))),"
        "('004', '乙2丁目', '乙', 1500, CastToMultiPolygon(BuildMbr(0, 1000, 1000, 2000, 6677))),"
        "('005', '丙', '丙', 0, CastToMultiPolygon(BuildMbr(1000, 1000, 3000, 2000, 6677)));"
        "CREATE TABLE school_districts (id INTEGER PRIMARY KEY, school_name TEXT UNIQUE, "
        "population INTEGER, households INTEGER);"
        "SELECT AddGeometryColumn('school_districts', 'geom', 6677, 'MULTIPOLYGON', 'XY');"
        "SELECT CreateSpatialIndex('school_districts', 'geom');"
        "INSERT INTO school_districts (school_name, geom) VALUES "
        "('西小学校', CastToMultiPolygon(BuildMbr(0, 0, 1600, 2000, 6677))),"
        "('東小学校', CastToMultiPolygon(BuildMbr(1600, 0, 3000, 2000, 6677)));");
}

int cs_add_crimes(bh_db *db, const char *type, const char *state, const char *key, const char *oaza,
                  int ym, const char *koban, int n)
{
    sqlite3_stmt *st;
    if (bh_db_prepare(db,
                      "INSERT INTO crimes (file_id, line, crime_type, police_station, koban, "
                      "key_code, oaza, occurred_ym, state, sample) VALUES (1, "
                      "(SELECT COUNT(*) + 2 FROM crimes), ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
                      &st) != BH_OK)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
        if (koban)
            sqlite3_bind_text(st, 2, koban[0] == '\xe7' ? "甲警察署" : "乙警察署", -1,
                              SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 2);
        sqlite3_bind_text(st, 3, koban, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, oaza, -1, SQLITE_STATIC);
        if (ym)
            sqlite3_bind_int(st, 6, ym);
        else
            sqlite3_bind_null(st, 6);
        sqlite3_bind_text(st, 7, state, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "fixture: %s\n", sqlite3_errmsg(bh_db_sqlite(db)));
            rc = -1;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

bh_db *cs_fixture_db(bh_ctx *ctx, const char *path)
{
    bh_db *db = bh_test_new_db(ctx, path, 6677);
    if (db == NULL)
        return NULL;
    const char *K = "甲交番", *O = "乙交番";
    int rc = cs_fixture_layers(db);
    rc = rc ? rc
            : fx_exec(db, "INSERT INTO crime_files (id, path, sha256, encoding, imported_at) "
                          "VALUES (1, 'fixture.csv', 'x', 'UTF-8', '2025-01-01')");
    rc = rc ? rc : cs_add_crimes(db, "ひったくり", "chome", "001", "甲", 202403, K, 2);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "001", "甲", 202405, K, 5);
    rc = rc ? rc : cs_add_crimes(db, "車上ねらい", "chome", "001", "甲", 202412, K, 1);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "001", "甲", 0, K, 1);
    rc = rc ? rc : cs_add_crimes(db, "自動車盗", "chome", "002", "甲", 202401, K, 1);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "002", "甲", 202406, K, 3);
    rc = rc ? rc : cs_add_crimes(db, "部品ねらい", "chome", "003", "乙", 202407, O, 4);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "oaza", NULL, "甲", 202408, K, 2);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "999", NULL, 202409, K, 1);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "outside", NULL, NULL, 202409, NULL, 3);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "rejected", NULL, NULL, 202409, NULL, 1);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "001", "甲", 202305, K, 3);
    rc = rc ? rc : cs_add_crimes(db, "ひったくり", "chome", "003", "乙", 202311, O, 1);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "004", "乙", 202304, K, 1);
    rc = rc ? rc : cs_add_crimes(db, "自転車盗", "chome", "004", "乙", 202304, O, 1);
    rc = rc ? rc
            : fx_exec(db, "INSERT INTO crime_counts (file_id, line, area_name, key_code, oaza, "
                          "crime_type, from_ym, to_ym, count, state) VALUES "
                          "(1, 2, '甲2丁目', '002', '甲', '住宅対象侵入盗', 202401, 202412, 6, "
                          "'chome'), (1, 3, '松戸市', NULL, NULL, '電話de詐欺', 202401, 202412, "
                          "10, 'city')");
    if (rc != 0) {
        bh_db_close(db);
        return NULL;
    }
    return db;
}

/* 交番管内 derivation on the fixture of crimes_stats_fixture.h:
 * 001, 002 → 甲交番 (majority); 003 → 乙交番 (majority); 004 has one row of each → tie → 乙交番
 * (乙 U+4E59 sorts before 甲 U+7532); 005 has no rows and shares 1000 m of boundary with 002
 * (甲) and 2000 m with 003 + 004 (乙) → 乙交番. So 甲交番 = 2 km², 乙交番 = 4 km². */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/koban.h"
#include "crimes/summary.h"
#include "crimes_stats_fixture.h"
#include "support.h"

typedef struct fx {
    bh_ctx *ctx;
    char *dir, *path;
    bh_db *db;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
    f->dir = bh_test_tmpdir("koban");
    f->path = bh_asprintf("%s/db.sqlite", f->dir);
    f->db = cs_fixture_db(f->ctx, f->path);
    assert_non_null(f->db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    bh_db_close(f->db);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

static void derive(fx *f)
{
    if (bh_koban_derive(f->db) != BH_OK)
        fail_msg("%s", bh_ctx_error(f->ctx));
}

static double area_of(fx *f, const char *name)
{
    char *sql = bh_asprintf("SELECT CAST(ST_Area(geom) AS INTEGER) FROM koban_areas WHERE name "
                            "= '%s'",
                            name);
    double a = (double)bh_db_scalar_int(f->db, sql, -1);
    free(sql);
    return a;
}

static void test_majority_tie_and_neighbour_rules(void **state)
{
    fx *f = *state;
    derive(f);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM koban_areas", 0), 2);
    assert_float_equal(area_of(f, "甲交番"), 2e6, 1);
    assert_float_equal(area_of(f, "乙交番"), 4e6, 1);
    bh_koban_list *l = NULL;
    assert_int_equal(bh_koban_list_load(f->db, &l), BH_OK);
    assert_int_equal(bh_koban_list_count(l), 2);
    assert_string_equal(bh_koban_list_name(l, 0), "乙交番");
    assert_string_equal(bh_koban_list_station(l, 0), "乙警察署");
    assert_string_equal(bh_koban_list_station(l, 1), "甲警察署");
    assert_non_null(strstr(bh_koban_list_derived_from(l, 0), "3 町丁目 (2 by majority of rows, "
                                                             "1 by neighbours, 0 by nearest)"));
    assert_string_equal(bh_koban_list_source(l), "derived");
    assert_string_equal(bh_koban_list_kind(l), "approximate");
    bh_koban_list_destroy(l);
    bh_koban_list_destroy(NULL);
    /* Registered and indexed. */
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT COUNT(*) FROM geometry_columns WHERE f_table_name "
                                      "= 'koban_areas' AND spatial_index_enabled = 1",
                                      0),
                     1);
    assert_int_equal(
        bh_db_scalar_int(f->db, "SELECT feature_count FROM layers WHERE name = 'koban_areas'", 0),
        2);
}

static void test_rederive_replaces_layer(void **state)
{
    fx *f = *state;
    derive(f);
    assert_int_equal(cs_add_crimes(f->db, "自転車盗", "chome", "005", "丙", 202401, "甲交番", 3),
                     0);
    derive(f);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM koban_areas", 0), 2);
    assert_float_equal(area_of(f, "甲交番"), 4e6, 1);
    assert_float_equal(area_of(f, "乙交番"), 2e6, 1);
}

static void test_island_block_takes_nearest(void **state)
{
    fx *f = *state;
    assert_int_equal(bh_db_exec(f->db, "INSERT INTO town_blocks (key_code, name, oaza, "
                                       "population, geom) VALUES ('006', '丁', '丁', 10, "
                                       "CastToMultiPolygon(BuildMbr(5000, 0, 6000, 1000, 6677)))"),
                     BH_OK);
    derive(f);
    /* 006 is 2 km from 003 (乙) and 3 km from 002 (甲). */
    assert_float_equal(area_of(f, "乙交番"), 5e6, 1);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT derived_from LIKE '%1 by nearest)' FROM koban_areas "
                                      "WHERE name = '乙交番'",
                                      0),
                     1);
}

static void test_derive_inside_callers_transaction(void **state)
{
    fx *f = *state;
    /* bohan init calls it inside its own transaction: a savepoint, committed by the caller. */
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    derive(f);
    assert_int_equal(bh_db_commit(f->db), BH_OK);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM koban_areas", 0), 2);
    /* ... and a caller's rollback undoes it. */
    assert_int_equal(bh_db_exec(f->db, "DELETE FROM crimes WHERE koban = '乙交番'"), BH_OK);
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    derive(f);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM koban_areas", 0), 1);
    bh_db_rollback(f->db);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM koban_areas", 0), 2);
}

static void test_imported_layer_wins(void **state)
{
    fx *f = *state;
    assert_int_equal(
        bh_db_exec(f->db,
                   "CREATE TABLE koban_areas (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
                   "police_station TEXT, derived_from TEXT);"
                   "SELECT AddGeometryColumn('koban_areas', 'geom', 6677, 'MULTIPOLYGON', 'XY');"
                   "INSERT INTO koban_areas (name, geom) VALUES ('公式交番', "
                   "CastToMultiPolygon(BuildMbr(0, 0, 3000, 2000, 6677)));"
                   "INSERT INTO layers (name, kind, table_name, source) VALUES ('koban_areas', "
                   "'real', 'koban_areas', 'koban.geojson');"),
        BH_OK);
    derive(f);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM koban_areas", 0), 1);
    bh_koban_list *l = NULL;
    assert_int_equal(bh_koban_list_load(f->db, &l), BH_OK);
    assert_string_equal(bh_koban_list_name(l, 0), "公式交番");
    assert_string_equal(bh_koban_list_source(l), "koban.geojson");
    bh_koban_list_destroy(l);
}

static void test_no_rows_derives_nothing(void **state)
{
    fx *f = *state;
    assert_int_equal(bh_db_exec(f->db, "DELETE FROM crimes"), BH_OK);
    derive(f);
    assert_false(bh_db_has_table(f->db, "koban_areas"));
    bh_koban_list *l = NULL;
    assert_int_equal(bh_koban_list_load(f->db, &l), BH_E_UNKNOWN_LAYER);
    assert_null(l);
}

static void test_koban_summary_keeps_totals_and_population(void **state)
{
    fx *f = *state;
    derive(f);
    bh_summary_opts o = {0};
    o.by = BH_AREA_KOBAN;
    o.from_ym = 202401;
    o.to_ym = 202412;
    bh_summary *s = NULL;
    assert_int_equal(bh_summary_compute(f->db, &o, &s), BH_OK);
    double pop = 0;
    long total = 0;
    for (size_t i = 0; i < bh_summary_n_areas(s); i++) {
        pop += bh_summary_population(s, i);
        total += bh_summary_total(s, i);
        if (strcmp(bh_summary_area_id(s, i), "甲交番") == 0) {
            assert_float_equal(bh_summary_population(s, i), 3000.0, 1e-6);
            assert_int_equal(bh_summary_total(s, i), 8 + 10 + 2); /* 001, 002, 甲-only rows */
        }
    }
    assert_float_equal(pop, 5000.0, 1.0);
    assert_int_equal(total, 35);
    bh_summary_destroy(s);
}

static void test_derive_failure_leaves_db_unchanged(void **state)
{
    fx *f = *state;
    derive(f);
    bh_db_close(f->db);
    char *copy = bh_asprintf("%s/before.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &f->db), BH_OK);
    /* The last step (cataloguing) fails after the table was dropped and rebuilt. */
    assert_int_equal(bh_db_exec(f->db, "CREATE TEMP TRIGGER boom BEFORE INSERT ON layers "
                                       "BEGIN SELECT RAISE(ABORT, 'boom'); END"),
                     BH_OK);
    assert_int_not_equal(bh_koban_derive(f->db), BH_OK);
    bh_db_close(f->db);
    f->db = NULL;
    assert_true(bh_test_same_bytes(f->path, copy));
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_majority_tie_and_neighbour_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rederive_replaces_layer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_island_block_takes_nearest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_derive_inside_callers_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_imported_layer_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_rows_derives_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_koban_summary_keeps_totals_and_population, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_derive_failure_leaves_db_unchanged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

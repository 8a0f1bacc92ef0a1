/* crimes summary: per-area counts, populations, 前年比, 危険度 on the fixture of
 * crimes_stats_fixture.h, each checked against an independent SQL aggregation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/summary.h"
#include "crimes_stats_fixture.h"
#include "support.h"

typedef struct fx {
    bh_ctx *ctx;
    char *dir;
    bh_db *db;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
    f->dir = bh_test_tmpdir("summary");
    char *path = bh_asprintf("%s/db.sqlite", f->dir);
    f->db = cs_fixture_db(f->ctx, path);
    free(path);
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
    free(f);
    return 0;
}

static bh_summary *run(fx *f, const char *by, int from, int to, const char *types)
{
    bh_summary_opts o = {0};
    assert_int_equal(bh_summary_parse_by(f->ctx, by, &o), BH_OK);
    o.from_ym = from;
    o.to_ym = to;
    o.types = types;
    bh_summary *s = NULL;
    bh_status st = bh_summary_compute(f->db, &o, &s);
    if (st != BH_OK)
        fail_msg("%s", bh_ctx_error(f->ctx));
    return s;
}

static long find(const bh_summary *s, const char *id)
{
    for (size_t i = 0; i < bh_summary_n_areas(s); i++)
        if (strcmp(bh_summary_area_id(s, i), id) == 0)
            return (long)i;
    return -1;
}

static long grand_total(const bh_summary *s)
{
    long t = 0;
    for (size_t i = 0; i < bh_summary_n_areas(s); i++)
        t += bh_summary_total(s, i);
    return t;
}

static double pop_total(const bh_summary *s)
{
    double t = 0;
    for (size_t i = 0; i < bh_summary_n_areas(s); i++)
        t += bh_summary_population(s, i);
    return t;
}

/* In-city rows of the period, counted by a different query than the summary's. */
static long independent_total(fx *f, int from, int to)
{
    char *sql = bh_asprintf(
        "SELECT (SELECT COUNT(*) FROM crimes WHERE state <> 'outside' AND state <> 'rejected' "
        "AND occurred_ym >= %d AND occurred_ym <= %d) + (SELECT COALESCE(SUM(count), 0) FROM "
        "crime_counts WHERE state <> 'rejected' AND from_ym >= %d AND to_ym <= %d)",
        from, to, from, to);
    long v = (long)bh_db_scalar_int(f->db, sql, -1);
    free(sql);
    return v;
}

static void test_chome_totals_equal_independent_sql_per_block(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 202401, 202412, NULL);
    sqlite3_stmt *st;
    assert_int_equal(bh_db_prepare(f->db,
                                   "SELECT b.key_code, (SELECT COUNT(*) FROM crimes c WHERE "
                                   "c.key_code = b.key_code AND c.state = 'chome' AND "
                                   "c.occurred_ym BETWEEN 202401 AND 202412) + (SELECT "
                                   "COALESCE(SUM(count), 0) FROM crime_counts k WHERE k.key_code "
                                   "= b.key_code AND k.state = 'chome') FROM town_blocks b",
                                   &st),
                     BH_OK);
    int blocks = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = find(s, (const char *)sqlite3_column_text(st, 0));
        assert_true(i >= 0);
        assert_int_equal(bh_summary_total(s, (size_t)i), sqlite3_column_int(st, 1));
        blocks++;
    }
    sqlite3_finalize(st);
    assert_int_equal(blocks, 5);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "001")), 8);  /* 2 + 5 + 1 */
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "002")), 10); /* 1 + 3 + 6 counted */
    /* 大字-only rows, unknown key and city-wide counts are kept in their own rows. */
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "oaza:甲")), 2);
    assert_string_equal(bh_summary_area_name(s, (size_t)find(s, "oaza:甲")), "甲（大字のみ）");
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "unlocated")), 1);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "city")), 10);
    assert_null(bh_summary_area_wkb(s, (size_t)find(s, "city"), NULL));
    size_t len = 0;
    assert_non_null(bh_summary_area_wkb(s, (size_t)find(s, "001"), &len));
    assert_true(len > 20);
    assert_int_equal(grand_total(s), independent_total(f, 202401, 202412));
    assert_int_equal(grand_total(s), 35);
    bh_summary_destroy(s);
}

static void test_per_type_counts_and_per_1000(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 202401, 202412, NULL);
    size_t i = (size_t)find(s, "001");
    long sum = 0;
    for (size_t t = 0; t < bh_summary_n_types(s); t++) {
        sum += bh_summary_count(s, i, t);
        if (strcmp(bh_summary_type_name(s, t), "自転車盗") == 0)
            assert_int_equal(bh_summary_count(s, i, t), 5);
    }
    assert_int_equal(sum, bh_summary_total(s, i));
    /* crime_types order: ひったくり (1) before 電話de詐欺 (9). */
    long first = -1, last = -1;
    for (size_t t = 0; t < bh_summary_n_types(s); t++) {
        if (strcmp(bh_summary_type_name(s, t), "ひったくり") == 0)
            first = (long)t;
        if (strcmp(bh_summary_type_name(s, t), "電話de詐欺") == 0)
            last = (long)t;
    }
    assert_true(first >= 0 && last > first);
    assert_float_equal(bh_summary_per_1000(s, i), 8.0, 1e-9);
    assert_true(isnan(bh_summary_per_1000(s, (size_t)find(s, "005"))));
    assert_int_equal(bh_summary_from_ym(s), 202401);
    assert_int_equal(bh_summary_to_ym(s), 202412);
    assert_int_equal(bh_summary_is_sample(s), 0);
    bh_summary_destroy(s);
}

static void test_whole_data_counts_undated_rows(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 0, 0, NULL);
    long in_city = (long)bh_db_scalar_int(
        f->db,
        "SELECT (SELECT COUNT(*) FROM crimes WHERE state IN ('chome','oaza')) + (SELECT "
        "SUM(count) FROM crime_counts)",
        -1);
    assert_int_equal(grand_total(s), in_city);
    assert_int_equal(bh_summary_from_ym(s), 202304);
    assert_int_equal(bh_summary_to_ym(s), 202412);
    bh_summary_destroy(s);
}

static void test_population_totals_equal_city_for_every_kind(void **state)
{
    fx *f = *state;
    const char *kinds[] = {"chome", "oaza", "school-district", "grid:1000", "grid:700", "grid:333"};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        bh_summary *s = run(f, kinds[k], 202401, 202412, NULL);
        assert_float_equal(pop_total(s), 5000.0, 1.0);
        assert_int_equal(grand_total(s), 35);
        bh_summary_destroy(s);
    }
}

static void test_school_districts_area_weighted(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "school-district", 202401, 202412, NULL);
    /* 西 (x < 1600): 001 1000 + 60 % of 002's 2000 + 004 1500 = 3700; 東: 800 + 500 = 1300. */
    assert_float_equal(bh_summary_population(s, (size_t)find(s, "西小学校")), 3700.0, 1e-6);
    assert_float_equal(bh_summary_population(s, (size_t)find(s, "東小学校")), 1300.0, 1e-6);
    /* Rows sit at their block's PointOnSurface: 001, 002 (1500,500), 甲's point → 西. */
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "東小学校")), 4); /* 003 */
    bh_summary_destroy(s);
}

static void test_oaza_sums_blocks_and_oaza_rows(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "oaza", 202401, 202412, NULL);
    assert_int_equal(bh_summary_n_areas(s), 5); /* 甲 乙 丙 + 位置不明 + 市全体 */
    long kou = (long)bh_db_scalar_int(
        f->db,
        "SELECT (SELECT COUNT(*) FROM crimes WHERE oaza = '甲' AND state IN ('chome','oaza') "
        "AND occurred_ym BETWEEN 202401 AND 202412) + (SELECT SUM(count) FROM crime_counts "
        "WHERE oaza = '甲')",
        -1);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "甲")), kou);
    assert_float_equal(bh_summary_population(s, (size_t)find(s, "甲")), 3000.0, 1e-9);
    assert_non_null(bh_summary_area_wkb(s, (size_t)find(s, "甲"), NULL));
    bh_summary_destroy(s);
}

static void test_oaza_layer_used_when_loaded(void **state)
{
    fx *f = *state;
    assert_int_equal(
        bh_db_exec(f->db, "CREATE TABLE oaza (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
                          "population INTEGER);"
                          "SELECT AddGeometryColumn('oaza', 'geom', 6677, 'MULTIPOLYGON', 'XY');"
                          "INSERT INTO oaza (name, population, geom) SELECT oaza, 0, "
                          "CastToMultiPolygon(ST_Union(geom)) FROM town_blocks GROUP BY oaza;"),
        BH_OK);
    bh_summary *s = run(f, "oaza", 202401, 202412, NULL);
    /* Population comes from the blocks (the layer's own column is ignored), geometry from
     * the layer. */
    assert_float_equal(pop_total(s), 5000.0, 1e-9);
    assert_float_equal(bh_summary_population(s, (size_t)find(s, "乙")), 2000.0, 1e-9);
    assert_int_equal(grand_total(s), 35);
    bh_summary_destroy(s);
    s = run(f, "grid:1000", 202401, 202412, NULL);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "1:0")), 12);
    bh_summary_destroy(s);
}

static void test_grid_cells_count_block_points(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "grid:1000", 202401, 202412, NULL);
    /* 3 × 2 cells of 1 km, one per 1 km square; north row first. */
    assert_string_equal(bh_summary_area_id(s, 0), "0:1");
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "0:0")), 8);
    /* 002's 10 + the 2 甲-only rows placed at 甲's PointOnSurface (1000..2000, 0..1000). */
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "1:0")), 12);
    assert_float_equal(bh_summary_population(s, (size_t)find(s, "1:0")), 2000.0, 1e-6);
    assert_float_equal(bh_summary_population(s, (size_t)find(s, "2:1")), 0.0, 1e-9);
    assert_int_equal(find(s, "3:0"), -1);
    bh_summary_destroy(s);
}

static void test_previous_year_same_months(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 202401, 202412, NULL);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "001")), 3);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "003")), 1);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "004")), 2);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "002")), 0);
    bh_summary_destroy(s);
    /* No data a year before 2023 → -1 everywhere. */
    s = run(f, "chome", 202301, 202312, NULL);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "001")), -1);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "001")), 3);
    bh_summary_destroy(s);
    /* Longer than a year: no 前年比 (the year before would overlap the period). */
    s = run(f, "chome", 202301, 202412, NULL);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "001")), -1);
    bh_summary_destroy(s);
    /* Part of a year: 2024-03..05 vs 2023-03..05. */
    s = run(f, "chome", 202403, 202405, NULL);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "001")), 7);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "001")), 3);
    assert_int_equal(bh_summary_prev_total(s, (size_t)find(s, "004")), 2);
    bh_summary_destroy(s);
}

static void test_empty_period_gives_zero_rows(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 201901, 201912, NULL);
    assert_int_equal(bh_summary_n_areas(s), 5);
    assert_int_equal(grand_total(s), 0);
    assert_int_equal(bh_summary_prev_total(s, 0), -1);
    bh_summary_destroy(s);
}

static void test_types_filter_and_unknown_type(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 202401, 202412, "自転車盗, 部品ねらい");
    assert_int_equal(bh_summary_n_types(s), 2);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "001")), 5);
    assert_int_equal(bh_summary_total(s, (size_t)find(s, "003")), 4);
    assert_int_equal(grand_total(s), 5 + 3 + 4 + 2 + 1);
    /* 危険度 still counts the 窃盗4罪種, whatever the displayed types. */
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "003")), 5);
    bh_summary_destroy(s);
    bh_summary_opts o = {0};
    o.types = "空き巣";
    assert_int_equal(bh_summary_compute(f->db, &o, &s), BH_E_ARG);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "空き巣"));
}

static void test_risk_levels_on_known_rates(void **state)
{
    fx *f = *state;
    bh_summary *s = run(f, "chome", 202401, 202412, NULL);
    /* 窃盗4罪種 2024: 001 ひったくり 2 + 車上 1 = 3; 002 自動車盗 1 + 住宅対象侵入盗 6 = 7;
     * 003 部品 4; 004 0. City rate 14 / 5000. Ratios: 001 (3/1000)/(14/5000) = 1.07 → 3,
     * 002 1.25 → 4, 003 2.86 → 5, 004 0 → 1, 005 no residents → 0. */
    assert_string_equal(bh_summary_risk_method(s), "ratio");
    const double *b = bh_summary_risk_breaks(s);
    assert_float_equal(b[0], 0.5, 1e-12);
    assert_float_equal(b[3], 2.0, 1e-12);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "001")), 3);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "002")), 4);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "003")), 5);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "004")), 1);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "005")), 0);
    bh_summary_destroy(s);
    /* An earlier edition's breaks passed back. */
    const double fixed[4] = {1.0, 2.0, 3.0, 4.0};
    bh_summary_opts o = {0};
    o.from_ym = 202401;
    o.to_ym = 202412;
    o.risk_breaks = fixed;
    assert_int_equal(bh_summary_compute(f->db, &o, &s), BH_OK);
    assert_string_equal(bh_summary_risk_method(s), "fixed");
    assert_float_equal(bh_summary_risk_breaks(s)[2], 3.0, 0);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "001")), 2);
    assert_int_equal(bh_summary_risk_level(s, (size_t)find(s, "003")), 3);
    bh_summary_destroy(s);
}

static void test_parse_by_rejects_unknown(void **state)
{
    fx *f = *state;
    bh_summary_opts o = {0};
    assert_int_equal(bh_summary_parse_by(f->ctx, "ward", &o), BH_E_ARG);
    assert_int_equal(bh_summary_parse_by(f->ctx, "grid:abc", &o), BH_E_ARG);
    assert_int_equal(bh_summary_parse_by(f->ctx, "grid:5", &o), BH_E_ARG);
    assert_int_equal(bh_summary_parse_by(f->ctx, "grid:250", &o), BH_OK);
    assert_int_equal(o.by, BH_AREA_GRID);
    assert_float_equal(o.grid_m, 250.0, 0);
    assert_int_equal(bh_summary_parse_by(f->ctx, "school-district", &o), BH_OK);
    assert_int_equal(o.by, BH_AREA_SCHOOL_DISTRICT);
    /* koban without a koban_areas layer: a clear error, not a crash. */
    o.by = BH_AREA_KOBAN;
    bh_summary *s = NULL;
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_summary_compute(f->db, &o, &s), BH_E_UNKNOWN_LAYER);
    assert_null(s);
    bh_summary_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_chome_totals_equal_independent_sql_per_block, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_per_type_counts_and_per_1000, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_data_counts_undated_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_population_totals_equal_city_for_every_kind, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_school_districts_area_weighted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oaza_sums_blocks_and_oaza_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oaza_layer_used_when_loaded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grid_cells_count_block_points, setup, teardown),
        cmocka_unit_test_setup_teardown(test_previous_year_same_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_period_gives_zero_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_types_filter_and_unknown_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_risk_levels_on_known_rates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_by_rejects_unknown, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

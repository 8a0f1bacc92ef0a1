/* plan: the 66 items of Matsudo's R5 report / R6 plan load with their declared category counts,
 * departments (many-to-many), metrics and layer links; broken plan files give one-line errors
 * naming file, line and field and leave the database unchanged; list/show query it back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "db/db.h"
#include "plan/plan.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir;
    char *path;
    bh_db *db;
} fixture;

/* Loads the Matsudo profile's plan in one transaction. */
static bh_status load_matsudo(fixture *f)
{
    bh_city *city = NULL;
    bh_status st = bh_city_load(f->ctx, bh_city_default_dir(), &city);
    if (st == BH_OK)
        st = bh_db_begin(f->db);
    if (st == BH_OK)
        st = bh_plan_load(f->db, city);
    if (st == BH_OK)
        st = bh_db_commit(f->db);
    else
        bh_db_rollback(f->db);
    bh_city_destroy(city);
    return st;
}

static int setup_empty(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("plan");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->db = bh_test_new_db(f->ctx, f->path, 6677);
    *state = f;
    return f->db ? 0 : -1;
}

static int setup(void **state)
{
    if (setup_empty(state) != 0)
        return -1;
    fixture *f = *state;
    if (load_matsudo(f) != BH_OK) {
        fprintf(stderr, "plan load: %s\n", bh_ctx_error(f->ctx));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

static long long q(fixture *f, const char *sql)
{
    return bh_db_scalar_int(f->db, sql, -1);
}

static void test_loads_66_items_with_declared_category_counts(void **state)
{
    fixture *f = *state;
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items"), 66);
    assert_int_equal(q(f, "SELECT min(no) FROM plan_items"), 1);
    assert_int_equal(q(f, "SELECT max(no) FROM plan_items"), 66);
    static const int declared[] = {12, 4, 24, 8, 18};
    static const int first[] = {1, 13, 17, 41, 49}, last[] = {12, 16, 40, 48, 66};
    char sql[160];
    for (int c = 1; c <= 5; c++) {
        snprintf(sql, sizeof sql, "SELECT declared_count FROM plan_categories WHERE id = %d", c);
        assert_int_equal(q(f, sql), declared[c - 1]);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_items WHERE category_id = %d", c);
        assert_int_equal(q(f, sql), declared[c - 1]);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM plan_items WHERE category_id = %d AND no BETWEEN %d AND %d",
                 c, first[c - 1], last[c - 1]);
        assert_int_equal(q(f, sql), declared[c - 1]);
    }
    assert_int_equal(q(f, "SELECT count(*) FROM plan_categories WHERE name = '見守り活動推進事業' "
                          "AND id = 5"),
                     1);
    /* The lossy spot: category 5's heading printed at item 47 moved to item 49 with its group. */
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items WHERE no IN (47, 48) AND "
                          "project = '施設、設備整備業務'"),
                     2);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items WHERE no = 49 AND "
                          "project = '自主防犯活動推進業務'"),
                     1);
}

static void test_every_item_has_a_department_and_every_seed_department_is_linked(void **state)
{
    fixture *f = *state;
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items i WHERE NOT EXISTS (SELECT 1 FROM "
                          "plan_item_departments d WHERE d.item_no = i.no)"),
                     0);
    /* The 12 departments of the seed's 担当課 column, parentheses normalised to full width. */
    static const char *const keys[] = {
        "市民安全課",       "教育委員会（学務課）", "松戸市",
        "各学校（学務課）", "消防局（情報通信課）", "保育課",
        "高齢者支援課",     "児童生徒課",           "危機管理課",
        "市民自治課",       "消防局（警防課）",     "子ども居場所課"};
    assert_int_equal(q(f, "SELECT count(*) FROM departments"), 12);
    char sql[256];
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM plan_item_departments d JOIN departments p ON "
                 "p.id = d.department_id WHERE p.name = '%s'",
                 keys[i]);
        assert_true(q(f, sql) >= 1);
    }
    /* 市民安全課 is 担当課 of 34 items (counted in the seed's 担当課 column). */
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_departments d JOIN departments p ON "
                          "p.id = d.department_id WHERE p.name = '市民安全課'"),
                     34);
}

static void test_multi_department_items_link_two_departments_with_original_spelling(void **state)
{
    fixture *f = *state;
    assert_int_equal(q(f, "SELECT count(*) FROM (SELECT item_no FROM plan_item_departments "
                          "GROUP BY item_no HAVING count(*) = 2)"),
                     3);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_departments WHERE item_no IN "
                          "(19, 20, 45)"),
                     6);
    assert_int_equal(q(f, "SELECT max(n) FROM (SELECT count(*) AS n FROM plan_item_departments "
                          "GROUP BY item_no)"),
                     2);
    bh_plan_item *it = NULL;
    assert_int_equal(bh_plan_item_get(f->db, 45, &it), BH_OK);
    assert_int_equal(bh_plan_item_department_count(it), 2);
    assert_string_equal(bh_plan_item_departments_text(it), "危機管理課 消防局(情報通信課)");
    assert_string_equal(bh_plan_item_department(it, 1), "消防局（情報通信課）");
    assert_string_equal(bh_plan_item_department_spelling(it, 1), "消防局(情報通信課)");
    bh_plan_item_destroy(it);
    assert_int_equal(bh_plan_item_get(f->db, 19, &it), BH_OK);
    assert_string_equal(bh_plan_item_department(it, 0), "市民安全課");
    assert_string_equal(bh_plan_item_department(it, 1), "消防局（情報通信課）");
    bh_plan_item_destroy(it);
}

static void test_r5_figures_are_metrics(void **state)
{
    fixture *f = *state;
    static const struct {
        int item;
        double value;
        const char *unit;
    } want[] = {{46, 290, "台"},   {46, 20, "台"},    {46, 246, "件"},  {46, 292, "台"},
                {64, 2376, "件"},  {20, 46920, "件"}, {20, 413, "件"},  {20, 211, "件"},
                {15, 71, "件"},    {44, 235, "台"},   {44, 3000, "個"}, {32, 1038, "枚"},
                {32, 18, "回"},    {53, 147, "回"},   {53, 988, "名"},  {60, 34, "回"},
                {61, 137, "箇所"}, {61, 18, "名"},    {22, 13, "回"},   {13, 12, "団体"},
                {13, 13, "件"},    {14, 2, "件"}};
    char sql[200];
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM plan_metrics WHERE item_no = %d AND value = %.1f AND "
                 "unit = '%s' AND fiscal_year = 'R5'",
                 want[i].item, want[i].value, want[i].unit);
        assert_int_equal(q(f, sql), 1);
    }
    assert_int_equal(q(f, "SELECT count(*) FROM plan_metrics"), 32);
    bh_plan_item *it = NULL;
    assert_int_equal(bh_plan_item_get(f->db, 46, &it), BH_OK);
    assert_int_equal(bh_plan_item_metric_count(it), 4);
    const bh_plan_metric *m = bh_plan_item_metric(it, 1);
    assert_string_equal(m->metric, "cameras_total");
    assert_true(m->value == 290.0);
    assert_string_equal(m->unit, "台");
    bh_plan_item_destroy(it);
}

static void test_every_metric_source_text_occurs_in_its_items_r5_text(void **state)
{
    fixture *f = *state;
    sqlite3_stmt *s;
    assert_int_equal(bh_db_prepare(f->db,
                                   "SELECT m.source_text, t.text, m.value FROM plan_metrics m "
                                   "JOIN plan_texts t ON t.item_no = m.item_no AND "
                                   "t.fiscal_year = 'R5' AND t.kind = 'report'",
                                   &s),
                     BH_OK);
    int n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_text(s, 0);
        const char *r5 = (const char *)sqlite3_column_text(s, 1);
        assert_non_null(src);
        assert_non_null(strstr(r5, src));
        /* The figure itself is in the phrase (plain or with thousands commas). */
        char plain[32], commas[32];
        long v = (long)sqlite3_column_double(s, 2);
        snprintf(plain, sizeof plain, "%ld", v);
        if (v >= 1000)
            snprintf(commas, sizeof commas, "%ld,%03ld", v / 1000, v % 1000);
        else
            snprintf(commas, sizeof commas, "%ld", v);
        assert_true(strstr(src, plain) != NULL || strstr(src, commas) != NULL);
        n++;
    }
    sqlite3_finalize(s);
    assert_int_equal(n, 32);
}

static void test_texts_equal_the_seed_verbatim(void **state)
{
    fixture *f = *state;
    bh_plan_item *it = NULL;
    assert_int_equal(bh_plan_item_get(f->db, 46, &it), BH_OK);
    assert_string_equal(bh_plan_item_content(it),
                        "松戸市内犯罪多発地域への街頭防犯カメラの設置・維持管理");
    assert_string_equal(
        bh_plan_item_report(it),
        "市設置防犯カメラを20台増設。今年度までで計290台の防犯カメラを設置完了し、運"
        "用した。警察への画像提供件数は246件。また、市民参加型街頭防犯ネットワーク"
        "カメラ設置事業を開始し、現在292台の設置が完了している。");
    assert_int_equal(bh_plan_item_category(it), 4);
    bh_plan_item_destroy(it);

    assert_int_equal(bh_plan_item_get(f->db, 1, &it), BH_OK);
    assert_string_equal(bh_plan_item_content(it), "防犯対策推進本部の運営関係事務");
    assert_string_equal(bh_plan_item_project(it), "本部、支部推進体制強化業務");
    assert_string_equal(bh_plan_item_report(it), "推進本部会議を5/16に開催した。");
    assert_string_equal(bh_plan_item_plan(it), "年に1回の開催とする。また、緊急時などは随時実施。");
    assert_string_equal(bh_plan_item_category_name(it), "防犯体制連携強化推進事業");
    bh_plan_item_destroy(it);

    /* Items 10 and 64 sit in column-shifted rows of the seed. */
    assert_int_equal(bh_plan_item_get(f->db, 10, &it), BH_OK);
    assert_string_equal(bh_plan_item_content(it), "防犯協力団体連携関係事務");
    assert_string_equal(bh_plan_item_project(it), "関係団体推進体制強化業務");
    bh_plan_item_destroy(it);
    assert_int_equal(bh_plan_item_get(f->db, 64, &it), BH_OK);
    assert_string_equal(bh_plan_item_content(it), "こども110番の家");
    assert_string_equal(bh_plan_item_report(it), "市内に2,376件の登録(R6.3.31)");
    assert_string_equal(
        bh_plan_item_plan(it),
        "小学校と連携し最新情報把握、名簿管理、プレートの発注、配付を行う。協力者を募"
        "り、活用性を高める。");
    assert_string_equal(bh_plan_item_project(it), "その他業務");
    bh_plan_item_destroy(it);
}

static void test_list_filters_by_category_and_department(void **state)
{
    fixture *f = *state;
    bh_plan_list *l = NULL;
    assert_int_equal(bh_plan_list_query(f->db, NULL, &l), BH_OK);
    assert_int_equal(bh_plan_list_count(l), 66);
    assert_int_equal(bh_plan_list_no(l, 65), 66);
    bh_plan_list_destroy(l);

    bh_plan_filter fl = {3, NULL, NULL};
    assert_int_equal(bh_plan_list_query(f->db, &fl, &l), BH_OK);
    assert_int_equal(bh_plan_list_count(l), 24);
    assert_int_equal(bh_plan_list_no(l, 0), 17);
    assert_string_equal(bh_plan_list_category_name(l, 0), "防犯対策啓発事業");
    bh_plan_list_destroy(l);

    /* 学務課 (either bracket width): items 2,17,18,21,24,27,28,42,43,49,50,51,62,63. */
    fl = (bh_plan_filter){0, "学務課", NULL};
    assert_int_equal(bh_plan_list_query(f->db, &fl, &l), BH_OK);
    assert_int_equal(bh_plan_list_count(l), 14);
    bh_plan_list_destroy(l);

    fl = (bh_plan_filter){0, "消防局(情報通信課)", NULL};
    assert_int_equal(bh_plan_list_query(f->db, &fl, &l), BH_OK);
    assert_int_equal(bh_plan_list_count(l), 3);
    assert_int_equal(bh_plan_list_no(l, 2), 45);
    assert_string_equal(bh_plan_list_departments(l, 0), "市民安全課 消防局（情報通信課）");
    bh_plan_list_destroy(l);

    fl = (bh_plan_filter){5, "市民安全課", NULL};
    assert_int_equal(bh_plan_list_query(f->db, &fl, &l), BH_OK);
    assert_int_equal(bh_plan_list_count(l), 9); /* 56-61, 64-66 (counted in the seed) */
    bh_plan_list_destroy(l);

    fl = (bh_plan_filter){0, "存在しない課", NULL};
    assert_int_equal(bh_plan_list_query(f->db, &fl, &l), BH_OK);
    assert_int_equal(bh_plan_list_count(l), 0);
    bh_plan_list_destroy(l);

    fl = (bh_plan_filter){9, NULL, NULL};
    assert_int_equal(bh_plan_list_query(f->db, &fl, &l), BH_E_NOT_FOUND);
    assert_null(l);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "category 9"));
}

static void test_show_counts_linked_layer_features_and_notes_unloaded_layers(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_db_exec(f->db,
                                "CREATE TABLE cameras(id INTEGER PRIMARY KEY, camera_id TEXT);"
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                "WHERE i < 290) INSERT INTO cameras(camera_id) SELECT 'C' || i "
                                "FROM n;"
                                "CREATE TABLE patrol_areas(id INTEGER PRIMARY KEY, plan_item "
                                "INTEGER);"
                                "INSERT INTO patrol_areas(plan_item) VALUES (56),(56),(57),(58),"
                                "(58),(58);"),
                     BH_OK);
    bh_plan_item *it = NULL;
    assert_int_equal(bh_plan_item_get(f->db, 46, &it), BH_OK);
    assert_int_equal(bh_plan_item_link_count(it), 2);
    const bh_plan_link *cam = bh_plan_item_link(it, 0), *net = bh_plan_item_link(it, 1);
    assert_string_equal(cam->layer, "cameras");
    assert_int_equal(cam->loaded, 1);
    assert_int_equal(cam->features, 290);
    assert_null(cam->status);
    assert_string_equal(net->layer, "network_cameras");
    assert_int_equal(net->loaded, 0);
    assert_int_equal(net->features, 0);
    assert_string_equal(net->status, "layer not loaded");
    bh_plan_item_destroy(it);

    assert_int_equal(bh_plan_item_get(f->db, 58, &it), BH_OK);
    assert_int_equal(bh_plan_item_link_count(it), 1);
    assert_string_equal(bh_plan_item_link(it, 0)->filter, "plan_item = 58");
    assert_int_equal(bh_plan_item_link(it, 0)->features, 3);
    bh_plan_item_destroy(it);

    /* The links the issue names: 62/64, 33/66, 65, 17/18/21. */
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_layers WHERE layer_name = "
                          "'refuge_houses' AND item_no IN (62, 64)"),
                     2);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_layers WHERE layer_name = "
                          "'station_patrol_zones' AND item_no IN (33, 66)"),
                     2);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_layers WHERE item_no = 65 AND "
                          "layer_name IN ('safety_facilities', 'box_activity_area')"),
                     2);
    /* Every link names a layer of the architecture's canonical table. */
    assert_int_equal(
        q(f, "SELECT count(*) FROM plan_item_layers WHERE layer_name NOT IN ('city_boundary', "
             "'census_points', 'town_blocks', 'oaza', 'schools', 'school_districts', 'shelters', "
             "'railway_stations', 'police_stations', 'safety_facilities', 'box_activity_area', "
             "'station_patrol_zones', 'council_areas', 'cameras', 'network_cameras', "
             "'refuge_houses', 'patrol_areas', 'koban_areas')"),
        0);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_layers WHERE layer_name = 'schools' "
                          "AND item_no IN (17, 18, 21)"),
                     3);
}

static void test_unknown_item_is_not_found(void **state)
{
    fixture *f = *state;
    bh_plan_item *it = (bh_plan_item *)f; /* must be reset to NULL */
    assert_int_equal(bh_plan_item_get(f->db, 67, &it), BH_E_NOT_FOUND);
    assert_null(it);
    assert_string_equal(bh_ctx_error(f->ctx), "plan item 67: no such item");
    bh_plan_item_destroy(NULL);
    bh_plan_list_destroy(NULL);
}

static void test_reload_replaces_instead_of_duplicating(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_matsudo(f), BH_OK);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items"), 66);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_item_departments"), 69);
    assert_int_equal(q(f, "SELECT count(*) FROM departments"), 12);
}

static void test_department_key_normalises_parentheses(void **state)
{
    (void)state;
    char *k = bh_plan_department_key(" 教育委員会(学務課) ");
    assert_string_equal(k, "教育委員会（学務課）");
    free(k);
    k = bh_plan_department_key("消防局（情報通信課）");
    assert_string_equal(k, "消防局（情報通信課）");
    free(k);
}

/* Loads tests/data/plan/<name> in a transaction that is rolled back; returns the status. */
static bh_status load_fixture(fixture *f, const char *name)
{
    char *rel = bh_asprintf("plan/%s", name);
    char *dir = bh_test_data(rel);
    free(rel);
    bh_ctx_clear_error(f->ctx);
    bh_status st = bh_db_begin(f->db);
    if (st == BH_OK)
        st = bh_plan_load_dir(f->db, dir);
    if (st == BH_OK)
        st = bh_db_commit(f->db);
    else
        bh_db_rollback(f->db);
    free(dir);
    return st;
}

static void test_small_fixture_loads(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_fixture(f, "good"), BH_OK);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items"), 3);
    assert_int_equal(q(f, "SELECT count(*) FROM departments"), 2);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_metrics WHERE value = 1234"), 1);
}

static void expect_error(fixture *f, const char *name, bh_status want, const char *msg)
{
    bh_status st = load_fixture(f, name);
    if (st != want || strstr(bh_ctx_error(f->ctx), msg) == NULL)
        fail_msg("%s: got %d '%s', want %d '%s'", name, st, bh_ctx_error(f->ctx), want, msg);
    assert_null(strchr(bh_ctx_error(f->ctx), '\n'));
}

static void test_broken_fixtures_name_file_line_and_field(void **state)
{
    fixture *f = *state;
    expect_error(f, "wrong_count", BH_E_FORMAT,
                 "categories.csv: line 3: field 'declared_count': category 2 declares 2 items but "
                 "items.csv has 1");
    expect_error(f, "duplicate_no", BH_E_DUPLICATE,
                 "items.csv: line 4: field 'no': item 2 already on line 3");
    expect_error(f, "missing_file", BH_E_NOT_FOUND, "missing_file/links.csv: plan file missing");
    expect_error(f, "bad_source_text", BH_E_FORMAT,
                 "metrics.csv: line 3: field 'source_text': not found in the item's report text");
    expect_error(f, "no_department", BH_E_FORMAT,
                 "items.csv: line 4: field 'departments': item 3 has no row in departments.csv");
    expect_error(f, "bad_category", BH_E_FORMAT, "items.csv: line 4: field 'category'");
    expect_error(f, "missing_column", BH_E_FORMAT,
                 "metrics.csv: line 1: field 'label': column missing");
}

static void test_failed_load_leaves_database_byte_identical(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    f->db = NULL;
    char *copy = bh_asprintf("%s/before.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &f->db), BH_OK);
    assert_int_equal(load_fixture(f, "wrong_count"), BH_E_FORMAT);
    assert_int_equal(q(f, "SELECT count(*) FROM plan_items"), 66);
    bh_db_close(f->db);
    f->db = NULL;
    assert_true(bh_test_same_bytes(f->path, copy));
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_loads_66_items_with_declared_category_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_every_item_has_a_department_and_every_seed_department_is_linked, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_multi_department_items_link_two_departments_with_original_spelling, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_r5_figures_are_metrics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_metric_source_text_occurs_in_its_items_r5_text,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_texts_equal_the_seed_verbatim, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_by_category_and_department, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_show_counts_linked_layer_features_and_notes_unloaded_layers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_item_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reload_replaces_instead_of_duplicating, setup,
                                        teardown),
        cmocka_unit_test(test_department_key_normalises_parentheses),
        cmocka_unit_test_setup_teardown(test_small_fixture_loads, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_broken_fixtures_name_file_line_and_field, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_load_leaves_database_byte_identical, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

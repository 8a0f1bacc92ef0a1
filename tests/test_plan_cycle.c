/* plan cycle and metrics: fiscal years parse both ways; cycle R5 of the seed holds the 66 items
 * under headings declaring 12/4/24/8/18 with the R5 report and R6 plan; a year without a cycle
 * carries the latest one's items with empty texts; figures get 前年比 and the count of the
 * check's layer (with :fy bound), a difference flagged; an item as in one cycle (its No. there)
 * and links changed in one cycle while the others keep theirs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "plan/cycle.h"
#include "plan/metrics.h"
#include "plan/plan.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir, *path;
    bh_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    bh_city *city = NULL;
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("plancycle");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->db = bh_test_new_db(f->ctx, f->path, 6677);
    *state = f;
    bh_status st = f->db ? bh_city_load(f->ctx, bh_city_default_dir(), &city) : BH_E_DB;
    if (st == BH_OK)
        st = bh_db_begin(f->db);
    if (st == BH_OK)
        st = bh_plan_load(f->db, city);
    if (st == BH_OK)
        st = bh_db_commit(f->db);
    bh_city_destroy(city);
    return st == BH_OK ? 0 : -1;
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

static void test_fiscal_years_parse_and_format(void **state)
{
    (void)state;
    assert_int_equal(bh_plan_fy_year("R5"), 2023);
    assert_int_equal(bh_plan_fy_year("r1"), 2019);
    assert_int_equal(bh_plan_fy_year("2024"), 2024);
    assert_int_equal(bh_plan_fy_year("R"), 0);
    assert_int_equal(bh_plan_fy_year("R5x"), 0);
    assert_int_equal(bh_plan_fy_year("H30"), 0);
    assert_int_equal(bh_plan_fy_year(""), 0);
    char b[8];
    bh_plan_fy_name(2025, b, sizeof b);
    assert_string_equal(b, "R7");
}

static void test_cycle_r5_holds_the_seed(void **state)
{
    fixture *f = *state;
    bh_plan_cycle *c = NULL;
    assert_int_equal(bh_plan_cycle_query(f->db, "R5", NULL, &c), BH_OK);
    assert_true(c->exists);
    assert_string_equal(c->plan_fy, "R6");
    assert_int_equal(c->count, 66);
    int per[6] = {0}, declared[6] = {0};
    for (size_t i = 0; i < c->count; i++) {
        assert_int_equal(c->rows[i].number, (int)i + 1);
        per[c->rows[i].category]++;
        declared[c->rows[i].category] = c->rows[i].declared_count;
        assert_non_null(c->rows[i].report);
        assert_non_null(c->rows[i].plan);
        assert_null(c->rows[i].prev_plan); /* no R5 plan: the seed starts with the R5 report */
    }
    const int want[6] = {0, 12, 4, 24, 8, 18};
    for (int k = 1; k <= 5; k++) {
        assert_int_equal(per[k], want[k]);
        assert_int_equal(declared[k], want[k]);
    }
    assert_string_equal(c->rows[63].report, "市内に2,376件の登録(R6.3.31)");
    bh_plan_cycle_destroy(c);
}

static void test_a_year_without_cycle_carries_the_items(void **state)
{
    fixture *f = *state;
    bh_plan_cycle *c = NULL;
    assert_int_equal(bh_plan_cycle_query(f->db, "R6", "市民安全課", &c), BH_OK);
    assert_false(c->exists);
    assert_true(c->count > 30 && c->count < 66);
    for (size_t i = 0; i < c->count; i++) {
        assert_null(c->rows[i].report);
        assert_null(c->rows[i].plan);
        assert_non_null(c->rows[i].prev_plan); /* R6's plan, written in cycle R5 */
    }
    bh_plan_cycle_destroy(c);
    assert_int_equal(bh_plan_cycle_query(f->db, "R4", NULL, &c), BH_E_NOT_FOUND);
    assert_null(c);
    assert_int_equal(bh_plan_cycle_query(f->db, "X", NULL, &c), BH_E_ARG);
}

static const bh_plan_metric_row *find(const bh_plan_metrics *m, const char *metric, const char *fy)
{
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->rows[i].metric, metric) == 0 && strcmp(m->rows[i].fiscal_year, fy) == 0)
            return &m->rows[i];
    return NULL;
}

static void test_metrics_compute_from_the_layer_with_the_year(void **state)
{
    fixture *f = *state;
    bh_plan_metrics *m = NULL;
    assert_int_equal(bh_plan_metrics_query(f->db, 46, NULL, &m), BH_OK);
    assert_int_equal(m->count, 4);
    const bh_plan_metric_row *r = find(m, "cameras_total", "R5");
    assert_non_null(r);
    assert_false(r->has_computed); /* no cameras table yet */
    assert_string_equal(r->check, "cameras: layer not loaded");
    bh_plan_metrics_destroy(m);

    /* A stand-in cameras table: 3 installed in R5, 1 before; an R6 figure of 310. */
    assert_int_equal(bh_db_exec(f->db,
                                "CREATE TABLE cameras(id INTEGER PRIMARY KEY, "
                                "installed_fy TEXT); INSERT INTO cameras(installed_fy) "
                                "VALUES ('R5'), ('R5'), ('R5'), ('R4以前');"
                                "INSERT INTO plan_metrics(item_no, fiscal_year, metric, "
                                "value, unit) VALUES (46, 'R6', 'cameras_total', 310, '台')"),
                     BH_OK);
    assert_int_equal(bh_plan_metrics_query(f->db, 46, NULL, &m), BH_OK);
    r = find(m, "cameras_added", "R5");
    assert_true(r->has_computed);
    assert_int_equal(r->computed, 3);
    assert_true(bh_plan_metric_mismatch(r)); /* 20 stated */
    r = find(m, "cameras_total", "R6");
    assert_true(r->has_prev);
    assert_float_equal(r->prev, 290, 0);
    assert_float_equal(r->value, 310, 0);
    assert_int_equal(r->computed, 4);
    assert_false(find(m, "cameras_total", "R5")->has_prev);
    bh_plan_metrics_destroy(m);
    assert_int_equal(bh_plan_metrics_query(f->db, 0, "R5", &m), BH_OK);
    assert_int_equal(m->count, 32);
    bh_plan_metrics_destroy(m);
}

/* Cycle R6 as an import makes it: item 2 renumbered 70, the links of R5 carried forward. */
static void make_r6(fixture *f)
{
    assert_int_equal(bh_db_exec(f->db,
                                "INSERT INTO plan_years(fiscal_year, year) VALUES ('R6', 2024);"
                                "INSERT INTO plan_item_years(fiscal_year, item_no, number, "
                                "category_id) SELECT 'R6', item_no, CASE number WHEN 2 THEN 70 "
                                "ELSE number END, category_id FROM plan_item_years;"
                                "INSERT INTO plan_item_layers(item_no, layer_name, filter, note, "
                                "fiscal_year) SELECT item_no, layer_name, filter, note, 'R6' FROM "
                                "plan_item_layers;"
                                "CREATE TABLE schools(id INTEGER PRIMARY KEY, name TEXT);"
                                "INSERT INTO schools(name) VALUES ('a'), ('b'), ('c');"),
                     BH_OK);
}

static void test_an_item_as_in_a_cycle_and_links_per_cycle(void **state)
{
    fixture *f = *state;
    make_r6(f);
    bh_plan_item *it = NULL;
    assert_int_equal(bh_plan_item_get_fy(f->db, NULL, 70, &it), BH_OK); /* the latest: R6 */
    assert_int_equal(bh_plan_item_no(it), 70);
    assert_int_equal(bh_plan_item_id(it), 2);
    assert_string_equal(bh_plan_item_fiscal_year(it), "R6");
    assert_string_equal(bh_plan_item_plan_fiscal_year(it), "R7");
    assert_null(bh_plan_item_report(it)); /* nothing reported for R6 yet */
    assert_int_equal(bh_plan_item_metric_count(it), 0);
    assert_int_equal(bh_plan_item_link_count(it), 1); /* schools, carried forward */
    assert_int_equal(bh_plan_item_link(it, 0)->features, 3);
    bh_plan_item_destroy(it);
    assert_int_equal(bh_plan_item_get_fy(f->db, "R6", 2, &it), BH_E_NOT_FOUND);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "plan item No. 2: not in cycle R6"));
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_plan_item_get_fy(f->db, "R7", 2, &it), BH_E_NOT_FOUND);
    assert_string_equal(bh_ctx_error(f->ctx),
                        "fiscal year R7: no plan cycle in the database (cycles: R5, R6)");
    bh_ctx_clear_error(f->ctx);

    /* R6 only: item 2's link narrowed, item 1 linked to the schools; R5 keeps its links. */
    assert_int_equal(bh_plan_link_set(f->db, "R6", 70, "schools", "name <> 'a'", "two"), BH_OK);
    assert_int_equal(bh_plan_link_set(f->db, "R6", 1, "schools", NULL, NULL), BH_OK);
    assert_int_equal(bh_plan_link_set(f->db, "R6", 1, "nope", NULL, NULL), BH_E_NOT_FOUND);
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_plan_link_set(f->db, "R6", 1, "schools", "nope = 1", NULL), BH_E_FORMAT);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "plan link: layer 'schools' [nope = 1]: filter"));
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_plan_item_get_fy(f->db, "R6", 70, &it), BH_OK);
    assert_int_equal(bh_plan_item_link_count(it), 1);
    assert_int_equal(bh_plan_item_link(it, 0)->features, 2);
    assert_string_equal(bh_plan_item_link(it, 0)->note, "two");
    bh_plan_item_destroy(it);
    assert_int_equal(bh_plan_item_get_fy(f->db, "R5", 2, &it), BH_OK);
    assert_int_equal(bh_plan_item_link(it, 0)->features, 3);
    bh_plan_item_destroy(it);
    size_t n5 = (size_t)bh_db_scalar_int(
        f->db, "SELECT count(*) FROM plan_item_layers WHERE fiscal_year = 'R5'", 0);
    assert_int_equal(bh_plan_link_remove(f->db, "R6", 1, "schools"), BH_OK);
    assert_int_equal(bh_plan_link_remove(f->db, "R6", 1, "schools"), BH_E_NOT_FOUND);
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT count(*) FROM plan_item_layers WHERE fiscal_year "
                                      "= 'R6'",
                                      0),
                     (long long)n5);
    /* bh_plan_item_get (stable id) takes the latest cycle holding the item. */
    assert_int_equal(bh_plan_item_get(f->db, 2, &it), BH_OK);
    assert_int_equal(bh_plan_item_no(it), 70);
    assert_string_equal(bh_plan_item_fiscal_year(it), "R6");
    bh_plan_item_destroy(it);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fiscal_years_parse_and_format),
        cmocka_unit_test_setup_teardown(test_cycle_r5_holds_the_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_year_without_cycle_carries_the_items, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_metrics_compute_from_the_layer_with_the_year, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_item_as_in_a_cycle_and_links_per_cycle, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The atlas library: argument parsing and the errors that must leave no output behind. The full
 * atlas on the default city is tested end to end in tests/cli/atlas.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/strbuf.h"
#include "render/atlas.h"
#include "support.h"

typedef struct fixture {
    bh_ctx *ctx;
    char *dir;
    bh_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("atlas");
    char *path = bh_asprintf("%s/empty.sqlite", f->dir);
    f->db = bh_test_new_db(f->ctx, path, 6677);
    free(path);
    *state = f;
    return f->db ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void test_parse_by_accepts_the_three_kinds_only(void **state)
{
    fixture *f = *state;
    bh_area_kind k;
    assert_int_equal(bh_atlas_parse_by(f->ctx, "koban", &k), BH_OK);
    assert_int_equal(k, BH_AREA_KOBAN);
    assert_int_equal(bh_atlas_parse_by(f->ctx, "oaza", &k), BH_OK);
    assert_int_equal(k, BH_AREA_OAZA);
    assert_int_equal(bh_atlas_parse_by(f->ctx, "school-district", &k), BH_OK);
    assert_int_equal(k, BH_AREA_SCHOOL_DISTRICT);
    assert_int_equal(bh_atlas_parse_by(f->ctx, "chome", &k), BH_E_USAGE);
    assert_int_equal(bh_ctx_status(f->ctx), BH_E_USAGE); /* kept in the ctx: exit 2 */
    assert_non_null(strstr(bh_ctx_error(f->ctx), "'chome'"));
}

static void test_parse_ym_takes_year_month(void **state)
{
    fixture *f = *state;
    int ym = 0;
    assert_int_equal(bh_atlas_parse_ym(f->ctx, "--from", "2023-04", &ym), BH_OK);
    assert_int_equal(ym, 202304);
    assert_int_equal(bh_atlas_parse_ym(f->ctx, "--to", "202312", &ym), BH_OK);
    assert_int_equal(ym, 202312);
    /* the one month parser (core/month.c): the office's spellings too */
    assert_int_equal(bh_atlas_parse_ym(f->ctx, "--from", "2023/01", &ym), BH_OK);
    assert_int_equal(ym, 202301);
    assert_int_equal(bh_atlas_parse_ym(f->ctx, "--from", "令和5年4月", &ym), BH_OK);
    assert_int_equal(ym, 202304);
    const char *bad[] = {"2023-13", "2023-00", "23-01", "2023-01x", "", "2023/13"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bh_ctx_clear_error(f->ctx);
        assert_int_equal(bh_atlas_parse_ym(f->ctx, "--from", bad[i], &ym), BH_E_USAGE);
        assert_non_null(strstr(bh_ctx_error(f->ctx), "--from"));
    }
}

static void test_render_refuses_svg_and_missing_output(void **state)
{
    fixture *f = *state;
    char *svg = bh_asprintf("%s/a.svg", f->dir);
    bh_atlas_opts o = {.by = BH_AREA_OAZA, .out = svg};
    bh_atlas_result r;
    assert_int_equal(bh_atlas_render(f->db, &o, &r), BH_E_USAGE);
    assert_int_equal(access(svg, F_OK), -1);
    bh_ctx_clear_error(f->ctx);
    o.out = NULL;
    assert_int_equal(bh_atlas_render(f->db, &o, NULL), BH_E_USAGE);
    bh_ctx_clear_error(f->ctx);
    o.out = svg;
    o.by = BH_AREA_CHOME;
    assert_int_equal(bh_atlas_render(f->db, &o, NULL), BH_E_USAGE);
    free(svg);
}

static void test_render_on_a_database_without_areas_fails_without_output(void **state)
{
    fixture *f = *state;
    char *pdf = bh_asprintf("%s/a.pdf", f->dir);
    bh_atlas_opts o = {.by = BH_AREA_KOBAN, .out = pdf};
    bh_status st = bh_atlas_render(f->db, &o, NULL);
    assert_int_not_equal(st, BH_OK);
    assert_false(bh_status_is_usage(st));
    assert_true(strlen(bh_ctx_error(f->ctx)) > 0);
    assert_int_equal(access(pdf, F_OK), -1);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parse_by_accepts_the_three_kinds_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_parse_ym_takes_year_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_refuses_svg_and_missing_output, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_render_on_a_database_without_areas_fails_without_output, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

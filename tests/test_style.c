/* render style: the shipped styles parse; every error names the JSON path; colours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "render/style.h"
#include "support.h"

static void test_shipped_styles_parse(void **state)
{
    bh_ctx *ctx = *state;
    char *dir = bh_test_source("styles");
    static const char *const names[] = {"crime-map", "atlas-page", "bicycle-theft", "plain"};
    for (int i = 0; i < 4; i++) {
        bh_style *s = NULL;
        bh_status st = bh_style_load(ctx, names[i], dir, &s);
        if (st != BH_OK)
            fail_msg("%s: %s", names[i], bh_ctx_error(ctx));
        assert_string_equal(bh_style_name(s), names[i]);
        assert_non_null(bh_style_areas(s));
        bh_style_destroy(s);
    }
    /* crime-map: 危険度 in 5 classes, charts, the asset layers internal only. */
    bh_style *s = NULL;
    assert_int_equal(bh_style_load(ctx, "crime-map", dir, &s), BH_OK);
    const bh_style_layer *a = bh_style_areas(s);
    assert_int_equal(a->fill_by, BH_FILL_RISK);
    assert_int_equal(a->n_classes, 5);
    assert_true(a->charts);
    assert_int_equal(bh_rgba_hex(&a->classes[4].paint.fill), 0x800026);
    size_t internal = 0;
    for (size_t i = 0; i < bh_style_n_layers(s); i++) {
        const bh_style_layer *L = bh_style_layer_at(s, i);
        if (L->table &&
            (strcmp(L->table, "refuge_houses") == 0 || strcmp(L->table, "cameras") == 0 ||
             strcmp(L->table, "network_cameras") == 0)) {
            assert_int_equal(L->edition, BH_SHOW_INTERNAL);
            internal++;
        }
    }
    assert_int_equal(internal, 3);
    const bh_style_page *pg = bh_style_page_of(s);
    assert_string_equal(pg->paper, "A3");
    assert_true(pg->landscape);
    bh_style_destroy(s);
    /* bicycle-theft: count of 自転車盗, Jenks. */
    assert_int_equal(bh_style_load(ctx, "bicycle-theft", dir, &s), BH_OK);
    a = bh_style_areas(s);
    assert_int_equal(a->fill_by, BH_FILL_COUNT);
    assert_string_equal(a->types, "自転車盗");
    assert_string_equal(a->method, "jenks");
    bh_style_destroy(s);
    /* plain (B/W): numbers on the bars and every bar outlined in black, so its light greys show
     * on dotted and hatched fills; crime-map: numbers, no outline. */
    assert_int_equal(bh_style_load(ctx, "plain", dir, &s), BH_OK);
    a = bh_style_areas(s);
    assert_true(a->chart_values);
    assert_true(a->chart_outline.set);
    assert_int_equal(bh_rgba_hex(&a->chart_outline), 0x000000);
    assert_true(a->chart_outline_mm > 0);
    assert_string_equal(a->chart_types,
                        "ひったくり,自動車盗,住宅対象侵入盗,車上・部品ねらい,電話de詐欺");
    /* its labels (and the bar numbers, drawn in the label style) keep a white halo on the
     * cross-hatch of 危険度4/5 */
    assert_true(bh_style_page_of(s)->label_halo_mm >= 0.3);
    bh_style_destroy(s);
    assert_int_equal(bh_style_load(ctx, "crime-map", dir, &s), BH_OK);
    a = bh_style_areas(s);
    assert_true(a->chart_values);
    assert_false(a->chart_outline.set);
    bh_style_destroy(s);
    free(dir);
}

/* Parses text and expects BH_E_STYLE with msg in the error. */
static void expect_error(bh_ctx *ctx, const char *text, const char *msg)
{
    bh_style *s = NULL;
    bh_status st = bh_style_parse(ctx, text, "t.json", &s);
    if (st != BH_E_STYLE || strstr(bh_ctx_error(ctx), msg) == NULL)
        fail_msg("want '%s', got status %d '%s'", msg, st, bh_ctx_error(ctx));
    assert_null(s);
    bh_ctx_clear_error(ctx);
}

static void test_errors_name_the_json_path(void **state)
{
    bh_ctx *ctx = *state;
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"none\"},"
                 " {\"type\": \"table\", \"table\": \"a\"},"
                 " {\"type\": \"table\", \"table\": \"b\", \"paint\": {\"fill\": \"red\"}}]}",
                 "t.json: layers[2].paint.fill: expected colour");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"count\", \"classes\": "
                 "[{\"paint\": {\"fill\": \"#fff\"}}, {\"paint\": {\"fill\": 3}}]}]}",
                 "layers[0].classes[1].paint.fill: expected colour");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"table\", \"table\": \"x\", \"paint\": "
                 "{\"stroke_width_mm\": -1}}]}",
                 "layers[0].paint.stroke_width_mm: expected a number from 0 to 20");
    expect_error(ctx, "{\"layers\": [{\"type\": \"table\", \"table\": \"x\", \"pain\": {}}]}",
                 "layers[0].pain: unknown key");
    expect_error(ctx, "{\"layers\": [{\"table\": \"x\"}]}", "layers[0].type: required");
    expect_error(ctx, "{\"layers\": [{\"type\": \"table\"}]}", "layers[0].table: required");
    expect_error(ctx, "{\"layers\": [{\"type\": \"table\", \"table\": \"x; DROP\"}]}",
                 "layers[0].table: expected a table name");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"risk\", \"classes\": "
                 "[{}, {}]}]}",
                 "layers[0].classes: fill_by risk needs exactly 5 classes");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"count\", \"classes\": [{}],"
                 " \"classification\": {\"method\": \"magic\"}}]}",
                 "layers[0].classification.method: expected one of quantile|equal|jenks");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"count\", \"classes\": [{}],"
                 " \"classification\": {\"method\": \"manual\", \"breaks\": [5, 2]}}]}",
                 "layers[0].classification.breaks[1]: breaks must be strictly increasing");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"table\", \"table\": \"x\", \"fill_by\": "
                 "\"risk\"}]}",
                 "layers[0].fill_by: only allowed in a layer of type \"areas\"");
    expect_error(ctx,
                 "{\"page\": {\"paper\": \"A0\"}, \"layers\": [{\"type\": \"table\", "
                 "\"table\": \"x\"}]}",
                 "page.paper: expected one of A4|A3|B4|B3");
    expect_error(ctx,
                 "{\"furniture\": {\"legend\": {\"corner\": \"middle\"}}, \"layers\": "
                 "[{\"type\": \"table\", \"table\": \"x\"}]}",
                 "furniture.legend.corner: expected one of top-left");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"table\", \"table\": \"x\", \"public_counts\": "
                 "\"n\"}]}",
                 "layers[0].public_counts: only for a table layer with \"edition\": \"internal\"");
    expect_error(ctx,
                 "{\"fonts\": {\"label_halo_mm\": 9}, \"layers\": [{\"type\": \"table\", "
                 "\"table\": \"x\"}]}",
                 "fonts.label_halo_mm: expected a number from 0 to 3");
    expect_error(ctx, "{\"layers\": []}", "layers: expected a non-empty array");
    expect_error(ctx, "{\"layers\": [1]}", "layers[0]: expected an object");
    expect_error(ctx, "{\"layers\": [{\"type\": \"table\", \"table\": \"x\",}", "invalid JSON");
    expect_error(ctx, "[1, 2]", "expected a JSON object at the top");
}

static void test_defaults_fill_what_a_style_leaves_out(void **state)
{
    bh_ctx *ctx = *state;
    bh_style *s = NULL;
    assert_int_equal(bh_style_parse(ctx,
                                    "{\"layers\": [{\"type\": \"table\", \"table\": \"t\", "
                                    "\"symbol\": {}}]}",
                                    "d.json", &s),
                     BH_OK);
    const bh_style_page *pg = bh_style_page_of(s);
    assert_string_equal(pg->paper, "A3");
    assert_true(pg->landscape);
    assert_true(pg->legend.show);
    assert_int_equal(pg->north.corner, BH_CORNER_TOP_RIGHT);
    assert_true(pg->label_halo_mm == 0.5);
    const bh_style_layer *L = bh_style_layer_at(s, 0);
    assert_string_equal(L->id, "t");
    assert_int_equal(L->symbol.shape, BH_SYMBOL_CIRCLE);
    assert_true(fabs(L->paint.stroke_width_mm - 0.2) < 1e-12);
    assert_int_equal(L->edition, BH_SHOW_ALWAYS);
    assert_null(bh_style_areas(s));
    assert_null(bh_style_layer_at(s, 1));
    bh_style_destroy(s);
    bh_style_destroy(NULL);
}

static void test_colours_parse_and_reject(void **state)
{
    (void)state;
    bh_rgba c;
    assert_int_equal(bh_style_parse_color("#ff8000", &c), 0);
    assert_int_equal(bh_rgba_hex(&c), 0xff8000);
    assert_true(c.set && c.a == 1);
    assert_int_equal(bh_style_parse_color("#f80", &c), 0);
    assert_int_equal(bh_rgba_hex(&c), 0xff8800);
    assert_int_equal(bh_style_parse_color("#00000080", &c), 0);
    assert_true(fabs(c.a - 128 / 255.0) < 1e-12);
    assert_int_equal(bh_style_parse_color("none", &c), 0);
    assert_false(c.set);
    assert_int_equal(bh_style_parse_color("red", &c), -1);
    assert_int_equal(bh_style_parse_color("#12345", &c), -1);
    assert_int_equal(bh_style_parse_color("#gggggg", &c), -1);
    assert_int_equal(bh_style_parse_color("#123456789", &c), -1);
}

static void test_missing_style_file_is_named(void **state)
{
    bh_ctx *ctx = *state;
    bh_style *s = NULL;
    assert_int_equal(bh_style_load(ctx, "no-such-style", "/nonexistent", &s), BH_E_NOT_FOUND);
    assert_non_null(strstr(bh_ctx_error(ctx), "/nonexistent/no-such-style.json"));
    bh_ctx_clear_error(ctx);
}

/* The hot-spot and 前年比 styles: a raster layer of the KDE grid, Gi* categories, change
 * classes; their keys are checked like the others. */
static void test_hotspot_and_change_styles(void **state)
{
    bh_ctx *ctx = *state;
    char *dir = bh_test_source("styles");
    bh_style *s = NULL;
    assert_int_equal(bh_style_load(ctx, "hotspots", dir, &s), BH_OK);
    const bh_style_layer *r = bh_style_layer_at(s, 1);
    assert_int_equal(r->type, BH_LAYER_RASTER);
    assert_string_equal(r->table, "hotspot_kde");
    assert_string_equal(r->value, "density");
    assert_true(r->per_year && r->smooth);
    assert_true(fabs(r->threshold_share - 0.1) < 1e-12);
    assert_int_equal(r->n_classes, 5);
    bh_style_destroy(s);
    assert_int_equal(bh_style_load(ctx, "gistar", dir, &s), BH_OK);
    const bh_style_layer *g = bh_style_layer_at(s, 1);
    assert_int_equal(g->n_categories, 6);
    assert_non_null(strstr(g->categories[0].where, "p_sim <= 0.01"));
    assert_non_null(strstr(g->credit, "{permutations}"));
    bh_style_destroy(s);
    assert_int_equal(bh_style_load(ctx, "change", dir, &s), BH_OK);
    const bh_style_layer *c = bh_style_areas(s);
    assert_int_equal(c->fill_by, BH_FILL_CHANGE);
    assert_int_equal(c->n_classes, c->n_breaks + 1);
    assert_int_equal(c->new_paint.hatch, BH_HATCH_CROSS);
    bh_style_destroy(s);
    free(dir);
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"raster\", \"table\": \"g\", \"classes\": "
                 "[{\"paint\": {\"fill\": \"#fff\"}}]}]}",
                 "layers[0].value: required");
    expect_error(ctx, "{\"layers\": [{\"type\": \"table\", \"table\": \"g\", \"value\": \"v\"}]}",
                 "layers[0].value: only allowed in a raster layer");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"none\", "
                 "\"categories\": []}]}",
                 "layers[0].categories: only allowed in a table layer");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"table\", \"table\": \"g\", \"categories\": "
                 "[{\"label\": \"x\"}]}]}",
                 "layers[0].categories[0].where: required");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"areas\", \"fill_by\": \"change\", "
                 "\"classes\": [{}, {}]}]}",
                 "layers[0].classification: fill_by change needs method manual");
    expect_error(ctx,
                 "{\"layers\": [{\"type\": \"raster\", \"table\": \"g\", \"value\": "
                 "\"v\", \"opacity\": 2, \"classes\": [{}]}]}",
                 "layers[0].opacity: expected a number from 0 to 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_styles_parse),
        cmocka_unit_test(test_errors_name_the_json_path),
        cmocka_unit_test(test_defaults_fill_what_a_style_leaves_out),
        cmocka_unit_test(test_colours_parse_and_reject),
        cmocka_unit_test(test_missing_style_file_is_named),
        cmocka_unit_test(test_hotspot_and_change_styles),
    };
    return cmocka_run_group_tests(tests, bh_test_ctx_setup, bh_test_ctx_teardown);
}

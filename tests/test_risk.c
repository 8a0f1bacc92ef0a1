/* 市内対比危険度: configuration from the city profile, ratio and quantile breaks, fixed breaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include "core/city.h"
#include "crimes/risk.h"
#include "support.h"

static int setup(void **state)
{
    bh_ctx *ctx = NULL;
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    bh_ctx_destroy(*state);
    return 0;
}

static void test_ratio_levels_on_known_rates(void **state)
{
    bh_ctx *ctx = *state;
    bh_risk_config cfg;
    bh_risk_config_default(&cfg);
    /* City: 100 crimes / 10,000 residents = 0.01. Areas' rates 0.004 0.007 0.01 0.015 0.03
     * → ratios 0.4 0.7 1.0 1.5 3.0 → levels 1 2 3 4 5; a ratio exactly on a break (0.5, 1.2)
     * stays in the lower level; 30 residents (< min_population 50) → 0. */
    const long counts[] = {4, 7, 10, 15, 30, 5, 12, 3};
    const double pop[] = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 30};
    int lev[8];
    double breaks[4], ratio[8];
    assert_int_equal(
        bh_risk_levels(ctx, &cfg, counts, pop, 8, 100, 10000, NULL, lev, breaks, ratio), BH_OK);
    const int want[] = {1, 2, 3, 4, 5, 1, 3, 0};
    for (int i = 0; i < 8; i++)
        assert_int_equal(lev[i], want[i]);
    assert_float_equal(ratio[4], 3.0, 1e-12);
    assert_true(isnan(ratio[7]));
    assert_float_equal(breaks[1], 0.8, 0);
}

static void test_quantile_breaks_split_areas_in_fifths(void **state)
{
    bh_ctx *ctx = *state;
    bh_risk_config cfg;
    bh_risk_config_default(&cfg);
    cfg.method = BH_RISK_QUANTILE;
    long counts[10];
    double pop[10];
    for (int i = 0; i < 10; i++) {
        counts[i] = i + 1; /* rates 1..10 per 1000 */
        pop[i] = 1000;
    }
    int lev[10];
    double b[4];
    /* City rate 55 / 10000 → ratios (i+1)/5.5; type-7 quantiles at 0.2..0.8 of 1..10 are
     * 2.8, 4.6, 6.4, 8.2 → ratios /5.5. Two areas per level. */
    assert_int_equal(bh_risk_levels(ctx, &cfg, counts, pop, 10, 55, 10000, NULL, lev, b, NULL),
                     BH_OK);
    assert_float_equal(b[0], 2.8 / 5.5, 1e-12);
    assert_float_equal(b[3], 8.2 / 5.5, 1e-12);
    int per[6] = {0};
    for (int i = 0; i < 10; i++)
        per[lev[i]]++;
    for (int l = 1; l <= 5; l++)
        assert_int_equal(per[l], 2);
}

static void test_fixed_breaks_override_and_must_increase(void **state)
{
    bh_ctx *ctx = *state;
    bh_risk_config cfg;
    bh_risk_config_default(&cfg);
    cfg.method = BH_RISK_QUANTILE;
    const long counts[] = {1, 2, 3};
    const double pop[] = {100, 100, 100};
    const double fixed[] = {0.1, 0.2, 0.3, 10}, bad[] = {1, 1, 2, 3};
    int lev[3];
    double b[4];
    assert_int_equal(bh_risk_levels(ctx, &cfg, counts, pop, 3, 6, 300, fixed, lev, b, NULL), BH_OK);
    assert_float_equal(b[3], 10, 0);
    assert_int_equal(lev[2], 4); /* ratio 1.5 */
    assert_int_equal(bh_risk_levels(ctx, &cfg, counts, pop, 3, 6, 300, bad, lev, b, NULL),
                     BH_E_ARG);
    assert_int_equal(bh_risk_level_of(fixed, 0.1), 1);
    assert_int_equal(bh_risk_level_of(fixed, 0.10001), 2);
}

static void test_config_from_profile_and_errors(void **state)
{
    bh_ctx *ctx = *state;
    bh_risk_config cfg;
    json_object *root = json_tokener_parse(
        "{\"risk\": {\"method\": \"quantile\", \"breaks\": [1, 2, 3, 4], \"min_population\": 0, "
        "\"types\": [\"ひったくり\", \"自動車盗\"]}}");
    assert_int_equal(bh_risk_config_from_json(ctx, root, &cfg), BH_OK);
    assert_int_equal(cfg.method, BH_RISK_QUANTILE);
    assert_float_equal(cfg.breaks[3], 4, 0);
    assert_int_equal(cfg.n_types, 2);
    assert_true(bh_risk_is_type(&cfg, "自動車盗"));
    assert_false(bh_risk_is_type(&cfg, "自転車盗"));
    json_object_put(root);
    const char *bad[] = {
        "{\"risk\": {\"method\": \"median\"}}", "{\"risk\": {\"breaks\": [1, 2, 3]}}",
        "{\"risk\": {\"breaks\": [1, 3, 2, 4]}}", "{\"risk\": {\"types\": []}}", "{\"risk\": 5}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        root = json_tokener_parse(bad[i]);
        bh_ctx_clear_error(ctx);
        assert_int_equal(bh_risk_config_from_json(ctx, root, &cfg), BH_E_FORMAT);
        json_object_put(root);
    }
    /* No risk section: documented defaults. */
    assert_int_equal(bh_risk_config_from_json(ctx, NULL, &cfg), BH_OK);
    assert_int_equal(cfg.method, BH_RISK_RATIO);
    assert_int_equal(cfg.n_types, 5);
}

static void test_matsudo_profile_risk_section_loads(void **state)
{
    bh_ctx *ctx = *state;
    char *dir = bh_test_source("data/matsudo");
    bh_city *city = NULL;
    assert_int_equal(bh_city_load(ctx, dir, &city), BH_OK);
    bh_risk_config cfg;
    assert_int_equal(bh_risk_config_from_json(ctx, bh_city_json(city), &cfg), BH_OK);
    assert_int_equal(cfg.method, BH_RISK_RATIO);
    assert_float_equal(cfg.breaks[0], 0.5, 0);
    assert_float_equal(cfg.breaks[3], 2.0, 0);
    assert_true(bh_risk_is_type(&cfg, "住宅対象侵入盗"));
    assert_true(bh_risk_is_type(&cfg, "部品ねらい"));
    assert_string_equal(bh_risk_method_name(cfg.method), "ratio");
    bh_city_destroy(city);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ratio_levels_on_known_rates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quantile_breaks_split_areas_in_fifths, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fixed_breaks_override_and_must_increase, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config_from_profile_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matsudo_profile_risk_section_loads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

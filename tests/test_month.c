/* core/month: every way the office writes a month gives the same YYYYMM, era boundaries hold
 * (令和 from 2019-05, 平成 to 2019-04), and anything else is refused with a one-line usage error
 * naming the option and the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "core/ctx.h"
#include "core/month.h"
#include "support.h"

static void month_is(const char *text, int want)
{
    int ym = -1;
    if (bh_month_scan(text, &ym) != 0)
        fail_msg("'%s' refused, want %d", text, want);
    if (ym != want)
        fail_msg("'%s' -> %d, want %d", text, ym, want);
}

static void refused(const char *text)
{
    int ym = 4242;
    if (bh_month_scan(text, &ym) == 0)
        fail_msg("'%s' accepted as %d", text, ym);
    assert_int_equal(ym, 4242);
}

static void test_every_office_spelling_of_july_2023_is_202307(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "2023-07",        "2023-7",
        "202307",         "2023/07",
        "2023/7",         "2023.07",
        "2023.7",         "2023年7月",
        "2023年07月",     "2023年7",
        "令和5年7月",     "令和05年07月",
        "令和5.7",        "令和5-07",
        "R5-07",          "R5.7",
        "R05.07",         "R5/7",
        "r5-7",           "R5年7月",
        "２０２３－０７", "２０２３／７",
        "令和５年７月",   "Ｒ５．７",
        " 2023-07 ",      "\u30002023年7月\u3000",
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        month_is(forms[i], 202307);
}

static void test_era_years_and_boundaries(void **state)
{
    (void)state;
    month_is("令和元年5月", 201905);
    month_is("R1-05", 201905);
    month_is("平成31年4月", 201904);
    month_is("H31.4", 201904);
    month_is("平成元年1月", 198901);
    month_is("H30/12", 201812);
    month_is("令和8年12月", 202612);
    refused("令和元年4月"); /* 令和 began on 2019-05-01 */
    refused("R1-04");
    refused("平成31年5月");
    refused("H32.1");
}

static void test_malformed_months_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",        "2023",     "2023-13",   "2023-00",      "2023-7-1",  "23-07",
        "20237",   "2023-007", "2023年",    "2023年7月1日", "令和年7月", "R0-07",
        "R123-01", "S60-01",   "1899-12",   "+2023-07",     "2023 -07",  "2023-07x",
        "R5",      "2023月7",  "2023-07月", "ー2023-07",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        refused(bad[i]);
    refused(NULL);
}

static void test_parse_error_names_option_text_and_forms(void **state)
{
    bh_ctx *ctx = *state;
    int ym = 7;
    assert_int_equal(bh_month_parse(ctx, "--from", "2023-13", &ym), BH_E_USAGE);
    assert_int_equal(ym, 7);
    const char *msg = bh_ctx_error(ctx);
    assert_non_null(strstr(msg, "--from '2023-13'"));
    assert_non_null(strstr(msg, "令和5年7月"));
    assert_null(strchr(msg, '\n'));
    bh_ctx_clear_error(ctx);
    assert_int_equal(bh_month_parse(ctx, "--to", "令和5年12月", &ym), BH_OK);
    assert_int_equal(ym, 202312);
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_office_spelling_of_july_2023_is_202307),
        cmocka_unit_test(test_era_years_and_boundaries),
        cmocka_unit_test(test_malformed_months_are_refused),
        cmocka_unit_test_setup_teardown(test_parse_error_names_option_text_and_forms,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

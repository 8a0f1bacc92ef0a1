/* refuges/place and refuges/report: the 街区 number of the address spellings a register holds, and
 * the import report's counts and unplaced list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "refuges/place.h"
#include "refuges/report.h"

static void gaiku_is(const char *address, const char *want)
{
    char out[32];
    int found = bh_refuge_gaiku_number(address, out, sizeof out);
    if (want == NULL) {
        if (found)
            fail_msg("'%s': want no 街区, got '%s'", address, out);
        return;
    }
    if (!found)
        fail_msg("'%s': no 街区 found, want '%s'", address, want);
    assert_string_equal(out, want);
}

static void test_gaiku_number_follows_the_chome(void **state)
{
    (void)state;
    gaiku_is("松戸市稔台5丁目2番3号", "2");
    gaiku_is("松戸市稔台五丁目12番3号", "12");
    gaiku_is("稔台５丁目１２－３", "12");
    gaiku_is("稔台5丁目", NULL);
}

static void test_gaiku_number_without_chome_word(void **state)
{
    (void)state;
    gaiku_is("稔台5-2-3", "2");       /* 丁目-街区-号 */
    gaiku_is("紙敷1234番地", "1234"); /* the 地番 of a 大字 without 丁目 */
    gaiku_is("松戸市常盤平", NULL);
    gaiku_is("", NULL);
}

static void test_gaiku_number_does_not_overflow(void **state)
{
    (void)state;
    char out[3];
    assert_int_equal(bh_refuge_gaiku_number("稔台5丁目12345番", out, sizeof out), 0);
    assert_int_equal(bh_refuge_gaiku_number(NULL, out, sizeof out), 0);
}

static void test_report_counts_and_lists_the_unplaced(void **state)
{
    (void)state;
    bh_refuge_import_report *r = bh_refuge_report_create("CP932");
    assert_non_null(r);
    assert_int_equal(bh_refuge_report_add(r, BH_PLACED_COORDS, 2, NULL, "a"), 0);
    assert_int_equal(bh_refuge_report_add(r, BH_PLACED_CHOME, 3, NULL, "b"), 0);
    assert_int_equal(bh_refuge_report_add(r, BH_PLACED_NONE, 4, "unknown_chome", "c"), 0);
    assert_int_equal(bh_refuge_import_rows(r), 3);
    assert_int_equal(bh_refuge_import_placed(r, "coordinates"), 1);
    assert_int_equal(bh_refuge_import_placed(r, "chome"), 1);
    assert_int_equal(bh_refuge_import_placed(r, "gaiku"), 0);
    assert_int_equal(bh_refuge_import_placed(r, "unplaced"), 1);
    assert_string_equal(bh_refuge_import_encoding(r), "CP932");
    assert_int_equal(bh_refuge_import_unplaced_count(r), 1);
    const char *reason, *addr;
    assert_int_equal(bh_refuge_import_unplaced(r, 0, &reason, &addr), 4);
    assert_string_equal(reason, "unknown_chome");
    assert_string_equal(addr, "c");
    bh_refuge_import_report_destroy(r);
    bh_refuge_import_report_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gaiku_number_follows_the_chome),
        cmocka_unit_test(test_gaiku_number_without_chome_word),
        cmocka_unit_test(test_gaiku_number_does_not_overflow),
        cmocka_unit_test(test_report_counts_and_lists_the_unplaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

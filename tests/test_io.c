/* io: libbohan-io is loaded on demand, once per ctx, and GDAL's errors reach the ctx that
 * attached it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_error.h>
#include <ogr_api.h>
#include "core/ctx.h"
#include "core/io.h"
#include "core/ctx_io.h"
#include "db/init.h"
#include "io/gdal.h"
#include "support.h"

/* Each test has a fresh ctx (whatever ran before in this process): opening a file through it
 * attaches the module to that ctx, with GDAL's drivers registered. */
static void test_opening_a_source_attaches_the_module_and_registers_drivers(void **state)
{
    bh_ctx *ctx = *state;
    assert_null(bh_ctx_io_table(ctx));
    char *csv = bh_test_source("data/matsudo/plan/items.csv");
    GDALDatasetH ds = bh_gdal_open(ctx, csv, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL);
    assert_non_null(ds);
    assert_non_null(bh_ctx_io_table(ctx));
    assert_non_null(GDALGetDriverByName("CSV"));
    assert_string_equal(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "CSV");
    assert_true(GDALDatasetGetLayerCount(ds) == 1);
    assert_true(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, 0), 1) == 66);
    GDALClose(ds);
    free(csv);
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

static void test_the_table_is_loaded_once_and_is_the_linked_code(void **state)
{
    bh_ctx *ctx = *state;
    const bh_io *a = NULL, *b = NULL;
    assert_int_equal(bh_ctx_io(ctx, &a), BH_OK);
    assert_int_equal(bh_ctx_io(ctx, &b), BH_OK);
    assert_non_null(a);
    assert_ptr_equal(a, b);
    assert_int_equal(a->version, BH_IO_VERSION);
    assert_int_equal(a->size, sizeof(bh_io));
    /* dlopen of the module this test links returns the same library, not a second copy. */
    assert_ptr_equal(a->init, bh_init);
    assert_ptr_equal(a->crimes_import, bh_crimes_import);
    assert_int_equal(bh_ctx_io(ctx, NULL), BH_OK);
}

static void test_gdal_failures_reach_the_attached_ctx_and_warnings_do_not(void **state)
{
    bh_ctx *ctx = *state;
    assert_int_equal(bh_ctx_io(ctx, NULL), BH_OK);
    CPLError(CE_Warning, CPLE_AppDefined, "only a warning");
    assert_string_equal(bh_ctx_gdal_error(ctx), "");
    CPLError(CE_Failure, CPLE_OpenFailed, "x.shp: cannot open");
    assert_string_equal(bh_ctx_gdal_error(ctx), "x.shp: cannot open");
    bh_gdal_clear_error(ctx);
    assert_string_equal(bh_ctx_gdal_error(ctx), "");
    assert_int_equal(CPLGetLastErrorType(), CE_None);
    /* GDAL's messages are kept apart from the ctx's first error. */
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

static void test_a_ctx_that_never_reads_files_never_attaches(void **state)
{
    (void)state;
    bh_ctx *ctx = NULL;
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    assert_int_equal(bh_error(ctx, BH_E_IO, "unrelated"), BH_E_IO);
    assert_int_equal(bh_ctx_status(ctx), BH_E_IO); /* errors need no io module */
    assert_string_equal(bh_ctx_error(ctx), "unrelated");
    assert_null(bh_ctx_io_table(ctx));
    bh_ctx_destroy(ctx);
    bh_ctx_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_opening_a_source_attaches_the_module_and_registers_drivers, bh_test_ctx_setup,
            bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_the_table_is_loaded_once_and_is_the_linked_code,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_gdal_failures_reach_the_attached_ctx_and_warnings_do_not, bh_test_ctx_setup,
            bh_test_ctx_teardown),
        cmocka_unit_test(test_a_ctx_that_never_reads_files_never_attaches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

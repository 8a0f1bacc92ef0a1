/* db/gdal: the GDAL bridge attaches once per ctx (drivers, CPL handler), GDAL's failures reach
 * the attached ctx and its warnings do not, and destroying the ctx detaches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_error.h>
#include <ogr_api.h>
#include "core/ctx.h"
#include "core/ctx_io.h"
#include "db/gdal.h"
#include "support.h"

static void test_opening_a_source_attaches_gdal_once(void **state)
{
    bh_ctx *ctx = *state;
    assert_false(bh_ctx_gdal_attached(ctx));
    char *csv = bh_test_source("data/matsudo/plan/items.csv");
    GDALDatasetH ds = bh_gdal_open(ctx, csv, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL);
    assert_non_null(ds);
    assert_true(bh_ctx_gdal_attached(ctx));
    assert_string_equal(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "CSV");
    assert_true(GDALDatasetGetLayerCount(ds) == 1);
    assert_true(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, 0), 1) == 66);
    GDALClose(ds);
    /* A second attach pushes no second handler: one failure, one message, in this ctx. */
    bh_gdal_attach(ctx);
    CPLError(CE_Failure, CPLE_OpenFailed, "once");
    assert_string_equal(bh_ctx_gdal_error(ctx), "once");
    free(csv);
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

static void test_gdal_failures_reach_the_attached_ctx_and_warnings_do_not(void **state)
{
    bh_ctx *ctx = *state;
    bh_gdal_attach(ctx);
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

static void test_destroying_the_ctx_detaches_its_handler(void **state)
{
    (void)state;
    bh_ctx *a = NULL, *b = NULL;
    assert_int_equal(bh_ctx_create(&a), BH_OK);
    assert_int_equal(bh_ctx_create(&b), BH_OK);
    bh_gdal_attach(a);
    bh_gdal_attach(b);
    bh_ctx_destroy(b);
    /* b's handler is popped: a's is the one CPL calls again. */
    CPLError(CE_Failure, CPLE_AppDefined, "after b");
    assert_string_equal(bh_ctx_gdal_error(a), "after b");
    bh_ctx_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_opening_a_source_attaches_gdal_once, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_gdal_failures_reach_the_attached_ctx_and_warnings_do_not, bh_test_ctx_setup,
            bh_test_ctx_teardown),
        cmocka_unit_test(test_destroying_the_ctx_detaches_its_handler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* db/gdal: the GDAL bridge registers the drivers once per ctx; a CPL error handler is scoped to
 * each call (bh_gdal_enter/leave): inside it GDAL's failures reach the ctx and its warnings do
 * not; outside it nothing of the library is left on CPL's handler stack. */
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
    /* Attaching pushes no handler: a failure now is not this ctx's. */
    bh_gdal_attach(ctx);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLError(CE_Failure, CPLE_OpenFailed, "outside");
    CPLPopErrorHandler();
    assert_string_equal(bh_ctx_gdal_error(ctx), "");
    free(csv);
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

static void test_gdal_failures_reach_the_attached_ctx_and_warnings_do_not(void **state)
{
    bh_ctx *ctx = *state;
    bh_gdal_enter(ctx);
    CPLError(CE_Warning, CPLE_AppDefined, "only a warning");
    assert_string_equal(bh_ctx_gdal_error(ctx), "");
    CPLError(CE_Failure, CPLE_OpenFailed, "x.shp: cannot open");
    assert_string_equal(bh_ctx_gdal_error(ctx), "x.shp: cannot open");
    bh_gdal_clear_error(ctx);
    assert_string_equal(bh_ctx_gdal_error(ctx), "");
    assert_int_equal(CPLGetLastErrorType(), CE_None);
    bh_gdal_leave(ctx);
    /* GDAL's messages are kept apart from the ctx's first error. */
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

static void test_scopes_nest_and_leave_the_handler_stack_as_it_was(void **state)
{
    (void)state;
    bh_ctx *a = NULL, *b = NULL;
    assert_int_equal(bh_ctx_create(&a), BH_OK);
    assert_int_equal(bh_ctx_create(&b), BH_OK);
    int mine = 0;
    CPLPushErrorHandlerEx(CPLQuietErrorHandler, &mine);
    bh_gdal_enter(a);
    bh_gdal_enter(b);
    CPLError(CE_Failure, CPLE_AppDefined, "inner");
    assert_string_equal(bh_ctx_gdal_error(b), "inner");
    assert_string_equal(bh_ctx_gdal_error(a), "");
    bh_gdal_leave(b);
    CPLError(CE_Failure, CPLE_AppDefined, "outer");
    assert_string_equal(bh_ctx_gdal_error(a), "outer");
    bh_gdal_leave(a);
    /* the caller's own handler is on top again, and destroying the ctxs pops nothing of it */
    assert_ptr_equal(CPLGetErrorHandlerUserData(), &mine);
    bh_ctx_destroy(b);
    bh_ctx_destroy(a);
    assert_ptr_equal(CPLGetErrorHandlerUserData(), &mine);
    CPLError(CE_Failure, CPLE_AppDefined, "after");
    assert_string_equal(CPLGetLastErrorMsg(), "after");
    CPLPopErrorHandler();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_opening_a_source_attaches_gdal_once, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_gdal_failures_reach_the_attached_ctx_and_warnings_do_not, bh_test_ctx_setup,
            bh_test_ctx_teardown),
        cmocka_unit_test(test_scopes_nest_and_leave_the_handler_stack_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* io: libbohan-io is loaded on demand, once per ctx, through the public API only (this test links
 * libbohan.so, as the CLI does, not the static archives), and attaching it registers GDAL. */
#define _GNU_SOURCE /* dladdr */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <string.h>
#include <gdal.h>
#include "bohan/bohan.h"

static int ctx_setup(void **state)
{
    bh_ctx *ctx = NULL;
    *state = NULL;
    if (bh_ctx_create(&ctx) != BH_OK)
        return -1;
    *state = ctx;
    return 0;
}

static int ctx_teardown(void **state)
{
    bh_ctx_destroy(*state);
    return 0;
}

static void test_the_table_is_loaded_once_per_ctx(void **state)
{
    bh_ctx *ctx = *state;
    const bh_io *a = NULL, *b = NULL;
    assert_int_equal(bh_ctx_io(ctx, &a), BH_OK);
    assert_int_equal(bh_ctx_io(ctx, &b), BH_OK);
    assert_non_null(a);
    assert_ptr_equal(a, b);
    assert_int_equal(a->version, BH_IO_VERSION);
    assert_int_equal(a->size, sizeof(bh_io));
    assert_int_equal(bh_ctx_io(ctx, NULL), BH_OK);
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
}

static void test_the_table_is_libbohan_io_beside_libbohan(void **state)
{
    bh_ctx *ctx = *state;
    const bh_io *io = NULL;
    assert_int_equal(bh_ctx_io(ctx, &io), BH_OK);
    Dl_info table, lib;
    assert_true(dladdr((const void *)io, &table) != 0);
    assert_true(dladdr((void *)bh_ctx_io, &lib) != 0);
    assert_non_null(strstr(table.dli_fname, "/libbohan-io.so"));
    assert_non_null(strstr(lib.dli_fname, "/libbohan.so"));
    /* Same directory: the loader never searches the library path. */
    size_t dir = (size_t)(strrchr(lib.dli_fname, '/') - lib.dli_fname);
    assert_memory_equal(table.dli_fname, lib.dli_fname, dir + 1);
    /* The table's functions are the module's own code, not libbohan's. */
    Dl_info fn;
    assert_true(dladdr((void *)io->init, &fn) != 0);
    assert_string_equal(fn.dli_fname, table.dli_fname);
}

static void test_attaching_registers_the_gdal_drivers(void **state)
{
    bh_ctx *ctx = *state;
    assert_int_equal(bh_ctx_io(ctx, NULL), BH_OK);
    assert_non_null(GDALGetDriverByName("CSV"));
    assert_non_null(GDALGetDriverByName("ESRI Shapefile"));
}

static void test_a_ctx_that_never_reads_files_never_attaches(void **state)
{
    (void)state;
    bh_ctx *ctx = NULL;
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    assert_int_equal(bh_error(ctx, BH_E_IO, "unrelated"), BH_E_IO);
    assert_string_equal(bh_ctx_error(ctx), "unrelated");
    bh_ctx_destroy(ctx);
    bh_ctx_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_table_is_loaded_once_per_ctx, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(test_the_table_is_libbohan_io_beside_libbohan, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(test_attaching_registers_the_gdal_drivers, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test(test_a_ctx_that_never_reads_files_never_attaches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

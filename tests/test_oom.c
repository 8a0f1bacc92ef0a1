/* Out of memory, everywhere in our own code (libcbor / SQLite style): an allocator installed with
 * bh_set_allocator fails the Nth allocation of libbohan, for N = 1, 2, 3 … until a call runs to
 * its end without reaching N. Every run must either report an error through its status (and the
 * ctx), or succeed with the right result; under ASan/LSan none may leak or touch freed memory.
 * Covered: the parsers (style, city profile, 町丁目 normaliser, crime CSV reader and header
 * layout) and the importer (crimes import into the default city's database, one transaction: a
 * failed run leaves it unchanged) and, with the argument "render", the renderer: bh_map_render
 * (the same numbers as a run without failure, or an error) and a one-area atlas (the same pages,
 * or an error). Allocations inside SQLite, GDAL, cairo and pango are theirs and are not failed. */
#include <execinfo.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/alloc.h"
#include "core/city.h"
#include "core/strbuf.h"
#include "crimes/crimes.h"
#include "core/normalize.h"
#include "crimes/reader.h"
#include "crimes/row.h"
#include "db/db.h"
#include "io/init.h"
#include "render/style.h"
#include "bohan/map.h"
#include "bohan/atlas.h"
#include "support.h"

static long oom_fail_at; /* 0: never */
static long oom_calls;
static int oom_injected;

/* Counts and fails only while a run is on (oom_fail_at > 0): the test's own work in between,
 * such as copying a database, is neither counted nor failed. */
static void *oom_where[24]; /* the call stack of the failed allocation, told when a run fails */
static int oom_where_n;

static void oom_inject(void)
{
    oom_injected = 1;
    oom_where_n = backtrace(oom_where, 24);
}

/* Fails the test naming the run, with the stack of the allocation it failed (addr2line -e). */
static void oom_fail(const char *name, long n, const char *what)
{
    fprintf(stderr, "%s: allocation %ld failed: %s; it was made at:\n", name, n, what);
    backtrace_symbols_fd(oom_where, oom_where_n, 2);
    fail_msg("%s: allocation %ld failed: %s", name, n, what);
}

static int oom_due(void)
{
    if (oom_fail_at == 0 || ++oom_calls != oom_fail_at)
        return 0;
    oom_inject();
    return 1;
}

static void *oom_malloc(size_t n)
{
    return oom_due() ? NULL : malloc(n);
}

static void *oom_realloc(void *p, size_t n)
{
    return oom_due() ? NULL : realloc(p, n);
}

static const bh_allocator oom_allocator = {oom_malloc, oom_realloc, free};

typedef struct fixture {
    char *csv_bytes; /* the CSV file's bytes, read before any allocation fails */
    size_t csv_len;
    char *dir, *db_path, *db_work, *csv, *styles, *city_dir, *map_out, *atlas_db, *atlas_out;
    bh_city *city;
    bh_ctx *ctx; /* the ctx of the current run */
} fixture;

/* One operation under test: 1 = succeeded with the right result, 0 = reported a failure through
 * its status (and the ctx's first error), -1 = succeeded with a wrong result. */
typedef int (*op_fn)(fixture *f);

/* Fails allocation 1, 2, 3 … of op until it runs without reaching the failing one. Returns the
 * number of allocations of a complete run; prints how the failures were reported. */
static long fail_allocations(fixture *f, const char *name, op_fn op, long stride)
{
    long reported = 0, survived = 0;
    /* BOHAN_OOM_FROM=N starts at allocation N (to look at one failure again). */
    const char *from = getenv("BOHAN_OOM_FROM");
    for (long n = from ? atol(from) : 1;; n += n > 100 ? stride : 1) {
        assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
        oom_calls = 0;
        oom_injected = 0;
        oom_fail_at = n;
        bh_set_allocator(&oom_allocator);
        int r = op(f);
        oom_fail_at = 0;
        bh_set_allocator(NULL);
        if (r == 0 && bh_ctx_status(f->ctx) == BH_OK)
            oom_fail(name, n, "reported, but the ctx holds no error");
        bh_ctx_destroy(f->ctx);
        f->ctx = NULL;
        if (r < 0)
            oom_fail(name, n, "a wrong result reported as success");
        if (!oom_injected) {
            if (r != 1)
                fail_msg("%s: fails without any failed allocation", name);
            printf("# %s: %ld allocations; %ld failures reported, %ld absorbed (fallbacks)\n", name,
                   oom_calls, reported, survived);
            return oom_calls;
        }
        if (r == 0)
            reported++;
        else
            survived++;
    }
}

/* Under the sanitizers every run costs ten times as much: past the first 100 allocations, fail
 * every 7th (the -Werror build fails each one). */
static long sanitizer_stride(void)
{
    const char *san = getenv("BOHAN_SANITIZE");
    return san != NULL && strcmp(san, "1") == 0 ? 7 : 1;
}

static long fail_each_allocation(fixture *f, const char *name, op_fn op)
{
    return fail_allocations(f, name, op, sanitizer_stride());
}

static int op_style(fixture *f)
{
    bh_style *s = NULL;
    if (bh_style_load(f->ctx, "crime-map", f->styles, &s) != BH_OK)
        return 0;
    int ok = strcmp(bh_style_name(s), "crime-map") == 0 && bh_style_areas(s) != NULL;
    bh_style_destroy(s);
    return ok ? 1 : -1;
}

static int op_city(fixture *f)
{
    bh_city *c = NULL;
    if (bh_city_load(f->ctx, f->city_dir, &c) != BH_OK)
        return 0;
    int ok = bh_city_srid(c) == 6677;
    bh_city_destroy(c);
    return ok ? 1 : -1;
}

/* The normaliser has no ctx: NULL is its only failure, recorded here as the caller would. */
static int op_normalize(fixture *f)
{
    char *k = bh_norm_chome("松戸市稔台五丁目");
    char *o = bh_norm_oaza("稔台５丁目");
    int number = bh_norm_chome_number("稔台５丁目");
    int r = 1;
    if (k == NULL || o == NULL || number < 0) {
        if (bh_error(f->ctx, BH_E_NOMEM, "out of memory") != BH_OK)
            r = 0;
    } else if (strcmp(o, "稔台") != 0 || number != 5)
        r = -1;
    free(k); /* the allocator in force when they were made is back to the C library's */
    free(o);
    return r;
}

/* After bh_reader_open, the reader has no ctx: a record it could not read ends the records
 * with bh_reader_failed set, which the caller turns into its error (as the importer does). */
static int reader_stopped(fixture *f, const bh_reader *rd)
{
    if (!bh_reader_failed(rd))
        return -1; /* records lost without a failure */
    return bh_error(f->ctx, BH_E_NOMEM, "oom.csv: out of memory") == BH_E_NOMEM ? 0 : -1;
}

static int op_reader(fixture *f)
{
    bh_reader *rd = NULL;
    bh_crime_layout *lay = NULL;
    char **fields;
    int n, r = 0;
    long line, rows = 0;
    if (bh_reader_open_mem(f->ctx, "oom.csv", f->csv_bytes, f->csv_len, "auto", &rd) != BH_OK)
        r = 0;
    else if (!bh_reader_next(rd, &fields, &n, &line))
        r = reader_stopped(f, rd);
    else if (bh_crime_layout_parse(f->ctx, "oom.csv", line, fields, n, &lay) != BH_OK)
        r = 0;
    else {
        while (bh_reader_next(rd, &fields, &n, &line))
            rows++;
        r = bh_reader_failed(rd) ? reader_stopped(f, rd) : rows == 30 ? 1 : -1;
    }
    bh_crime_layout_destroy(lay);
    bh_reader_destroy(rd);
    return r;
}

/* The crime rows in the database at path, counted with no allocation failing. */
static long count_rows(const char *path)
{
    long fail_at = oom_fail_at;
    oom_fail_at = 0;
    bh_ctx *ctx = NULL;
    bh_db *db = NULL;
    long n = -1;
    if (bh_ctx_create(&ctx) == BH_OK && bh_db_open(ctx, path, BH_DB_READONLY, &db) == BH_OK) {
        sqlite3_stmt *st = NULL;
        if (bh_db_prepare(db, "SELECT count(*) FROM crime_rows", &st) == BH_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    bh_db_close(db);
    bh_ctx_destroy(ctx);
    oom_fail_at = fail_at;
    return n;
}

static long rows_before;

/* On a fresh copy of the database each run: a run that absorbs its failure imports the rows. */
static int op_import(fixture *f)
{
    bh_db *db = NULL;
    long fail_at = oom_fail_at; /* the copy is the test's, not the importer's */
    oom_fail_at = 0;
    if (bh_test_copy(f->db_path, f->db_work) != 0)
        fail_msg("cannot copy %s", f->db_path);
    oom_fail_at = fail_at;
    if (bh_db_open(f->ctx, f->db_work, 0, &db) != BH_OK)
        return 0;
    const char *paths[] = {f->csv};
    bh_crimes_import_opts o = {"auto", 0, 1}; /* the fixture repeats rows already imported */
    bh_crimes_report *rep = NULL;
    bh_status st = bh_crimes_import(db, f->city, paths, 1, &o, &rep);
    bh_crimes_report_destroy(rep);
    bh_db_close(db);
    long now = count_rows(f->db_work);
    if (st != BH_OK)
        return now == rows_before ? 0 : -1; /* one transaction: nothing of it stays */
    return now == rows_before + 30 ? 1 : -1;
}

/* The map of the default database, drawn once with no failure: what every run must match. */
static bh_map_result map_ref;

static int op_map(fixture *f)
{
    bh_db *db = NULL;
    if (bh_db_open(f->ctx, f->db_path, BH_DB_READONLY, &db) != BH_OK)
        return 0;
    bh_map_opts o;
    bh_map_opts_init(&o);
    o.out = f->map_out;
    o.styles_dir = f->styles;
    o.record = 0;
    o.printed_date = "2024-04-01";
    bh_map_result r;
    bh_status st = bh_map_render(db, &o, &r);
    bh_db_close(db);
    if (st != BH_OK)
        return 0;
    if (map_ref.n_areas == 0) {
        map_ref = r;
        return 1;
    }
    int same = r.n_areas == map_ref.n_areas && r.total == map_ref.total &&
               r.n_classes == map_ref.n_classes && r.legend_entries == map_ref.legend_entries &&
               r.labels_placed == map_ref.labels_placed && r.points_drawn == map_ref.points_drawn;
    if (!same)
        printf("# map: areas %zu/%zu total %ld/%ld classes %zu/%zu legend %zu/%zu labels %zu/%zu "
               "points %zu/%zu\n",
               r.n_areas, map_ref.n_areas, r.total, map_ref.total, r.n_classes, map_ref.n_classes,
               r.legend_entries, map_ref.legend_entries, r.labels_placed, map_ref.labels_placed,
               r.points_drawn, map_ref.points_drawn);
    return same ? 1 : -1;
}

/* The atlas of one 交番 area (cover and one page, on a copy of the database with the other
 * areas taken out: every page costs the same allocations again), drawn once with no failure. */
static bh_atlas_result atlas_ref;

static int op_atlas(fixture *f)
{
    bh_db *db = NULL;
    if (bh_db_open(f->ctx, f->atlas_db, BH_DB_READONLY, &db) != BH_OK)
        return 0;
    bh_atlas_opts o = {.by = BH_AREA_KOBAN, .out = f->atlas_out, .printed_date = "2024-04-01"};
    bh_atlas_result r;
    bh_status st = bh_atlas_render(db, &o, &r);
    bh_db_close(db);
    if (st != BH_OK)
        return 0;
    if (atlas_ref.pages == 0) {
        atlas_ref = r;
        return 1;
    }
    int same = r.pages == atlas_ref.pages && r.areas == atlas_ref.areas &&
               r.labels_dropped == atlas_ref.labels_dropped && r.sample == atlas_ref.sample;
    if (!same)
        printf("# atlas: pages %d/%d areas %d/%d dropped %ld/%ld\n", r.pages, atlas_ref.pages,
               r.areas, atlas_ref.areas, r.labels_dropped, atlas_ref.labels_dropped);
    return same ? 1 : -1;
}

/* A copy of the database with one 交番 area. */
static void atlas_db_make(fixture *f)
{
    if (bh_test_copy(f->db_path, f->atlas_db) != 0)
        fail_msg("cannot copy %s", f->db_path);
    bh_ctx *ctx = NULL;
    bh_db *db = NULL;
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    assert_int_equal(bh_db_open(ctx, f->atlas_db, 0, &db), BH_OK);
    assert_int_equal(bh_db_exec(db, "DELETE FROM koban_areas WHERE name <> (SELECT min(name) FROM "
                                    "koban_areas)"),
                     BH_OK);
    bh_db_close(db);
    bh_ctx_destroy(ctx);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    bh_ctx *ctx = NULL;
    if (f == NULL || bh_ctx_create(&ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("oom");
    f->db_path = bh_asprintf("%s/city.sqlite", f->dir);
    f->db_work = bh_asprintf("%s/work.sqlite", f->dir);
    f->csv = bh_asprintf("%s/part.csv", f->dir);
    f->map_out = bh_asprintf("%s/map.pdf", f->dir);
    f->atlas_db = bh_asprintf("%s/atlas.sqlite", f->dir);
    f->atlas_out = bh_asprintf("%s/atlas.pdf", f->dir);
    f->styles = bh_test_source("styles");
    f->city_dir = bh_test_source("data/matsudo");
    /* 30 rows of a sample file: bytes of their own, so not a duplicate of the file init loaded */
    char *src = bh_test_source("data/matsudo/crimes/2023_jitensha_to.csv");
    char *cmd = bh_asprintf("head -n 31 '%s' > '%s'", src, f->csv);
    int ok = system(cmd) == 0 && (f->csv_bytes = bh_test_slurp(f->csv, &f->csv_len)) != NULL &&
             bh_city_load(ctx, f->city_dir, &f->city) == BH_OK &&
             bh_init(ctx, f->city, f->db_path, 0) == BH_OK;
    if (!ok)
        fprintf(stderr, "setup: %s\n", bh_ctx_error(ctx));
    free(cmd);
    free(src);
    bh_ctx_destroy(ctx);
    *state = f;
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_city_destroy(f->city);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->db_path);
    free(f->db_work);
    free(f->csv_bytes);
    free(f->csv);
    free(f->map_out);
    free(f->atlas_db);
    free(f->atlas_out);
    free(f->styles);
    free(f->city_dir);
    free(f);
    return 0;
}

static void test_parsers_report_every_failed_allocation(void **state)
{
    fixture *f = *state;
    assert_true(fail_each_allocation(f, "style", op_style) > 5);
    assert_true(fail_each_allocation(f, "city profile", op_city) > 3);
    assert_true(fail_each_allocation(f, "normaliser", op_normalize) >= 4);
    assert_true(fail_each_allocation(f, "crime reader", op_reader) > 5);
}

static void test_a_failed_import_leaves_the_database_unchanged(void **state)
{
    fixture *f = *state;
    rows_before = count_rows(f->db_path);
    assert_true(rows_before > 0);
    assert_true(fail_each_allocation(f, "crimes import", op_import) > 100);
    assert_int_equal(count_rows(f->db_work), rows_before + 30);
}

static void test_the_renderer_reports_every_failed_allocation(void **state)
{
    fixture *f = *state;
    long saved = oom_fail_at;
    oom_fail_at = 0;
    assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
    assert_int_equal(op_map(f), 1); /* the reference */
    bh_ctx_destroy(f->ctx);
    f->ctx = NULL;
    oom_fail_at = saved;
    assert_true(map_ref.n_areas > 0 && map_ref.total > 0);
    assert_true(fail_each_allocation(f, "map", op_map) > 60);
}

static void test_the_atlas_reports_every_failed_allocation(void **state)
{
    fixture *f = *state;
    atlas_db_make(f);
    assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
    assert_int_equal(op_atlas(f), 1); /* the reference */
    bh_ctx_destroy(f->ctx);
    f->ctx = NULL;
    assert_int_equal(atlas_ref.pages, 2);
    assert_int_equal(atlas_ref.areas, 1);
    /* About 7,000 allocations, most of them those of the map it draws on the cover (failed one
     * by one in the test above) and again on its page: past the first 100, every 11th (every
     * 77th under the sanitizers). */
    assert_true(fail_allocations(f, "atlas", op_atlas, 11 * sanitizer_stride()) > 1000);
}

/* "test_oom" runs the parsers and the importer, "test_oom render" the renderer (ctest runs the
 * two as test_oom and test_oom_render, side by side). */
int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsers_report_every_failed_allocation),
        cmocka_unit_test(test_a_failed_import_leaves_the_database_unchanged),
    };
    const struct CMUnitTest render[] = {
        cmocka_unit_test(test_the_renderer_reports_every_failed_allocation),
        cmocka_unit_test(test_the_atlas_reports_every_failed_allocation),
    };
    if (argc > 2)
        cmocka_set_test_filter(argv[2]); /* e.g. "test_oom render '*atlas*'" */
    if (argc > 1 && strcmp(argv[1], "render") == 0)
        return cmocka_run_group_tests(render, setup, teardown);
    return cmocka_run_group_tests(tests, setup, teardown);
}

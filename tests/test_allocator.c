/* A front end with its own allocator: this program links libbohan.so only (as the bohan CLI),
 * installs a counting allocator with bh_set_allocator and runs the library calls of `bohan init`,
 * `crimes import`, `crimes files`, `crimes check`, `crimes rejects`, `summary` and `map`, freeing
 * every block they return with bh_free (bohan/alloc.h) and every object with its destroy
 * function. Each block carries a header the allocator checks: a block freed by bh_free that the
 * allocator did not make (the C library's, another library's, or the io module's own copy of
 * the allocation code) fails the test, and at the end every block made has been freed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bohan/bohan.h"

#define COUNT_MAGIC 0xb0a110c8UL

typedef union count_head {
    struct {
        unsigned long magic;
        size_t size;
    } h;
    max_align_t align;
} count_head;

static long count_mallocs, count_frees, count_foreign;

static void *count_malloc(size_t n)
{
    count_head *b = malloc(sizeof *b + n);
    if (b == NULL)
        return NULL;
    b->h.magic = COUNT_MAGIC;
    b->h.size = n;
    count_mallocs++;
    return b + 1;
}

static count_head *count_head_of(void *p)
{
    count_head *b = (count_head *)p - 1;
    if (b->h.magic != COUNT_MAGIC) {
        count_foreign++;
        return NULL;
    }
    return b;
}

static void count_free(void *p)
{
    if (p == NULL)
        return;
    count_head *b = count_head_of(p);
    if (b == NULL)
        return; /* not ours: counted, and left alone rather than freed wrongly */
    b->h.magic = 0;
    count_frees++;
    free(b);
}

static void *count_realloc(void *p, size_t n)
{
    if (p == NULL)
        return count_malloc(n);
    count_head *b = count_head_of(p);
    if (b == NULL)
        return NULL;
    count_head *nb = realloc(b, sizeof *nb + n);
    if (nb == NULL)
        return NULL;
    nb->h.size = n;
    return nb + 1;
}

static const bh_allocator count_allocator = {count_malloc, count_realloc, count_free};

typedef struct fixture {
    char dir[64];
    char db[96], csv[96], map[96];
    bh_ctx *ctx;
    const bh_io *io;
    bh_city *city;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bh_alloc_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->db, sizeof f->db, "%s/city.sqlite", f->dir);
    snprintf(f->csv, sizeof f->csv, "%s/part.csv", f->dir);
    snprintf(f->map, sizeof f->map, "%s/map.svg", f->dir);
    /* 30 rows of a sample file, bytes of their own (not a duplicate of a file init imports) */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "head -n 31 '%s/data/matsudo/crimes/2023_jitensha_to.csv' > '%s'",
             getenv("BOHAN_SOURCE"), f->csv);
    if (getenv("BOHAN_SOURCE") == NULL || system(cmd) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* bohan init and bohan crimes import: the report's text and JSON freed with bh_free. */
static void run_init_and_import(fixture *f)
{
    assert_int_equal(bh_ctx_io(f->ctx, &f->io), BH_OK);
    assert_int_equal(bh_city_load(f->ctx, bh_city_default_dir(), &f->city), BH_OK);
    assert_int_equal(f->io->init(f->ctx, f->city, f->db, 0), BH_OK);
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, f->db, 0, &db), BH_OK);
    const char *paths[] = {f->csv};
    bh_crimes_import_opts o = {"auto", 0, 1};
    bh_crimes_report *rep = NULL;
    assert_int_equal(f->io->crimes_import(db, f->city, paths, 1, &o, &rep), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 30);
    char *text = bh_crimes_report_text(rep), *json = bh_crimes_report_json(rep);
    assert_non_null(text);
    assert_non_null(json);
    assert_non_null(strstr(json, "30"));
    bh_free(text);
    bh_free(json);
    bh_crimes_report_destroy(rep);
    bh_db_close(db);
}

/* bohan crimes files / check / rejects, summary and map on the database. */
static void run_readers(fixture *f)
{
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, f->db, BH_DB_READONLY, &db), BH_OK);
    char *text = NULL;
    assert_int_equal(bh_crimes_files(db, &text), BH_OK);
    assert_non_null(strstr(text, "part.csv"));
    bh_free(text);
    long n_diff = -1;
    text = NULL;
    assert_int_equal(bh_crimes_check(db, &n_diff, &text), BH_OK);
    assert_int_equal(n_diff, 0);
    bh_free(text);
    text = NULL;
    assert_int_equal(f->io->crimes_rejects(db, 0, &text), BH_OK);
    bh_free(text);
    bh_summary_opts so;
    memset(&so, 0, sizeof so);
    assert_int_equal(bh_summary_parse_by(f->ctx, "koban", &so), BH_OK);
    bh_summary *s = NULL;
    assert_int_equal(bh_summary_compute(db, &so, &s), BH_OK);
    assert_true(bh_summary_n_areas(s) > 0);
    bh_summary_destroy(s);
    bh_map_opts mo;
    bh_map_opts_init(&mo);
    mo.out = f->map;
    mo.record = 0;
    bh_map_result mr;
    assert_int_equal(bh_map_render(db, &mo, &mr), BH_OK);
    assert_true(mr.n_areas > 0);
    bh_db_close(db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_json(&sb, "稔台");
    text = bh_strbuf_take(&sb);
    assert_string_equal(text, "\"稔台\"");
    bh_free(text);
}

static void test_every_block_returned_is_freed_through_the_programs_allocator(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
    run_init_and_import(f);
    run_readers(f);
    bh_city_destroy(f->city);
    bh_ctx_destroy(f->ctx);
    printf("# %ld blocks allocated, %ld freed, %ld foreign frees\n", count_mallocs, count_frees,
           count_foreign);
    assert_true(count_mallocs > 1000); /* the library (and its io module) used the allocator */
    assert_int_equal(count_foreign, 0);
    assert_int_equal(count_frees, count_mallocs);
}

int main(void)
{
    bh_set_allocator(&count_allocator); /* before any other bohan call */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_block_returned_is_freed_through_the_programs_allocator),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

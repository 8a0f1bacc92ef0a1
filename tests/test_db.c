/* db: open, schema creation, transactions (a rollback leaves the file byte-identical), meta. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/db.h"
#include "db/schema.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir;
    char *path;
    bh_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("db");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->db = bh_test_new_db(f->ctx, f->path, 6677);
    *state = f;
    return f->db ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

static void test_schema_records_srid_and_registers_it(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_db_srid(f->db), 6677);
    assert_int_equal(bh_schema_check(f->db), BH_OK);
    assert_int_equal(
        bh_db_scalar_int(f->db, "SELECT count(*) FROM spatial_ref_sys WHERE srid = 6677", 0), 1);
    assert_true(bh_db_has_table(f->db, "plan_items"));
    assert_true(bh_db_has_table(f->db, "layers"));
}

static void test_rollback_leaves_file_byte_identical(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    char *copy = bh_asprintf("%s/before.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &f->db), BH_OK);
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    assert_int_equal(bh_db_exec(f->db, "CREATE TABLE scratch(x); INSERT INTO scratch VALUES (1)"),
                     BH_OK);
    assert_int_equal(bh_db_meta_set(f->db, "k", "v"), BH_OK);
    bh_db_rollback(f->db);
    bh_db_close(f->db);
    f->db = NULL;
    assert_true(bh_test_same_bytes(f->path, copy));
    free(copy);
}

static void test_sql_error_names_the_database(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_db_exec(f->db, "SELECT * FROM no_such_table"), BH_E_DB);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "t.sqlite"));
    assert_non_null(strstr(bh_ctx_error(f->ctx), "no_such_table"));
}

static void test_meta_round_trip_and_missing_key(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_db_meta_set(f->db, "city", "松戸市"), BH_OK);
    char *v = bh_db_meta_get(f->db, "city");
    assert_string_equal(v, "松戸市");
    free(v);
    assert_null(bh_db_meta_get(f->db, "nope"));
}

static void test_non_bohan_database_is_refused(void **state)
{
    fixture *f = *state;
    char *p = bh_asprintf("%s/plain.sqlite", f->dir);
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, p, BH_DB_CREATE, &db), BH_OK);
    assert_int_equal(bh_schema_check(db), BH_E_SCHEMA);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "bohan init"));
    bh_db_close(db);
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_db_open(f->ctx, "/nonexistent/x.sqlite", 0, &db), BH_E_NOT_FOUND);
    assert_null(db);
    free(p);
}

static void test_database_of_an_older_schema_is_refused_with_the_fix(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_db_meta_set(f->db, "schema_version", "1"), BH_OK);
    assert_int_equal(bh_schema_check(f->db), BH_E_SCHEMA);
    const char *e = bh_ctx_error(f->ctx);
    assert_non_null(strstr(e, "t.sqlite: field 'schema_version': 1, this bohan needs "));
    assert_non_null(strstr(e, "bohan init --db NEW.sqlite"));
    assert_null(strstr(e, "--force")); /* never advise replacing an existing file */
}

static void test_nested_begin_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    assert_int_equal(bh_db_begin(f->db), BH_E_INTERNAL);
    bh_db_rollback(f->db);
    bh_db_rollback(f->db); /* harmless without a transaction */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema_records_srid_and_registers_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_file_byte_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sql_error_names_the_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta_round_trip_and_missing_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_bohan_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_database_of_an_older_schema_is_refused_with_the_fix,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_begin_is_an_error, setup, teardown),
    };
    return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}

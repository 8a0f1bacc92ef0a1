/* db targets: which --db names PostgreSQL, passwords found and never shown, the SQLite backend's
 * neutral statements (typed values, ?N parameters, RETURNING), a PostgreSQL target that cannot
 * be reached failing in one message without its password. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/alloc.h"
#include "core/strbuf.h"
#include "db/db.h"
#include "db/target.h"

static void test_target_kind_is_told_by_its_prefix(void **state)
{
    (void)state;
    assert_true(bh_db_target_is_postgres("postgresql://bohan@db/matsudo"));
    assert_true(bh_db_target_is_postgres("postgres:///matsudo?host=/tmp/x"));
    assert_true(bh_db_target_is_postgres("PG:dbname=matsudo host=db"));
    assert_true(bh_db_target_is_postgres("pg:dbname=matsudo"));
    assert_false(bh_db_target_is_postgres("bohan.sqlite"));
    assert_false(bh_db_target_is_postgres("./PG.sqlite"));
    assert_false(bh_db_target_is_postgres(":memory:"));
}

static void check_redact(const char *in, const char *want, int has)
{
    char *r = bh_db_target_redact(in);
    assert_non_null(r);
    assert_string_equal(r, want);
    assert_int_equal(bh_db_target_has_password(in), has);
    bh_free(r);
}

static void test_passwords_are_found_and_redacted(void **state)
{
    (void)state;
    check_redact("postgresql://u:s3cret@db:5432/x", "postgresql://u:***@db:5432/x", 1);
    check_redact("postgresql://u@db/x?password=s3cret&sslmode=require",
                 "postgresql://u@db/x?password=***&sslmode=require", 1);
    check_redact("PG:dbname=x password=s3cret host=db", "PG:dbname=x password=*** host=db", 1);
    check_redact("PG:dbname=x password='a b\\'c' host=db", "PG:dbname=x password=*** host=db", 1);
    check_redact("PG:password=s3cret", "PG:password=***", 1);
    check_redact("postgresql://u@db/x", "postgresql://u@db/x", 0);
    check_redact("PG:dbname=x user=u", "PG:dbname=x user=u", 0);
    check_redact("PG:dbname=x mypassword=1", "PG:dbname=x mypassword=1", 0);
}

static void test_conninfo_drops_the_gdal_prefix(void **state)
{
    (void)state;
    char *c = bh_db_target_conninfo("PG:dbname=x host=/tmp/s");
    assert_string_equal(c, "dbname=x host=/tmp/s");
    bh_free(c);
    c = bh_db_target_conninfo("postgresql:///x?host=/tmp/s");
    assert_string_equal(c, "postgresql:///x?host=/tmp/s");
    bh_free(c);
}

static void test_sqlite_statements_are_typed(void **state)
{
    (void)state;
    bh_ctx *ctx = NULL;
    bh_db *db = NULL;
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    assert_int_equal(bh_db_open(ctx, ":memory:", BH_DB_CREATE, &db), BH_OK);
    assert_int_equal(bh_db_kind_of(db), BH_DB_SQLITE);
    assert_int_equal(
        bh_db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b REAL, c BLOB)"), BH_OK);
    bh_stmt *st = NULL;
    assert_int_equal(
        bh_stmt_prepare(db, "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3) RETURNING id", &st),
        BH_OK);
    char text[] = "稔台";
    bh_stmt_bind_text(st, 1, text);
    memset(text, 'x', 3); /* bound values are copied */
    bh_stmt_bind_double(st, 2, 0.1);
    bh_stmt_bind_blob(st, 3, "\0\1\2", 3);
    assert_int_equal(bh_stmt_step(st), BH_STEP_ROW);
    assert_int_equal(bh_stmt_column_int64(st, 0), 1);
    bh_stmt_finalize(st);
    assert_int_equal(bh_stmt_prepare(db, "SELECT id, a, b, c, NULL FROM t", &st), BH_OK);
    assert_int_equal(bh_stmt_step(st), BH_STEP_ROW);
    assert_int_equal(bh_stmt_column_type(st, 0), BH_VAL_INT);
    assert_string_equal(bh_stmt_column_text(st, 0), "1"); /* a number read as text */
    assert_string_equal(bh_stmt_column_text(st, 1), "稔台");
    assert_true(bh_stmt_column_double(st, 2) == 0.1);
    size_t n = 0;
    const unsigned char *p = bh_stmt_column_blob(st, 3, &n);
    assert_int_equal(n, 3);
    assert_int_equal(p[2], 2);
    assert_int_equal(bh_stmt_column_type(st, 4), BH_VAL_NULL);
    assert_null(bh_stmt_column_text(st, 4));
    assert_int_equal(bh_stmt_step(st), BH_STEP_DONE);
    bh_stmt_finalize(st);
    assert_int_equal(bh_stmt_prepare(db, "SELECT nope FROM t", &st), BH_E_DB);
    assert_null(st);
    assert_non_null(strstr(bh_ctx_error(ctx), "no such column"));
    bh_db_close(db);
    bh_ctx_destroy(ctx);
}

static void test_unreachable_postgres_fails_without_password(void **state)
{
    (void)state;
    bh_ctx *ctx = NULL;
    bh_db *db = NULL;
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    bh_status st = bh_db_open(ctx, "PG:dbname=none host=/nonexistent/socket/dir", 0, &db);
    assert_int_not_equal(st, BH_OK);
    assert_null(db);
    assert_non_null(strstr(bh_ctx_error(ctx), "cannot connect"));
    bh_ctx_destroy(ctx);
    assert_int_equal(bh_ctx_create(&ctx), BH_OK);
    st = bh_db_open(ctx, "postgresql://u:s3cret@/none?host=/nonexistent", 0, &db);
    assert_int_equal(st, BH_E_USAGE);
    assert_null(strstr(bh_ctx_error(ctx), "s3cret"));
    bh_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_kind_is_told_by_its_prefix),
        cmocka_unit_test(test_passwords_are_found_and_redacted),
        cmocka_unit_test(test_conninfo_drops_the_gdal_prefix),
        cmocka_unit_test(test_sqlite_statements_are_typed),
        cmocka_unit_test(test_unreachable_postgres_fails_without_password),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

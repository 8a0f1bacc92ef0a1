/* The neutral statement API (db/stmt.h): the calls every backend answers the same way. */
#include "db/backend.h"
#include "db/db.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bh_status bh_stmt_prepare(bh_db *db, const char *sql, bh_stmt **out)
{
    *out = NULL;
    return db->be->prepare(db, sql, out);
}

bh_status bh_stmt_preparef(bh_db *db, bh_stmt **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap); /* %w and %Q quote identifiers and strings */
    va_end(ap);
    *out = NULL;
    if (sql == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    bh_status st = bh_stmt_prepare(db, sql, out);
    sqlite3_free(sql);
    return st;
}

bh_status bh_db_execq(bh_db *db, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bh_status st = bh_db_vexecf(db, fmt, ap);
    va_end(ap);
    return st;
}

bh_db *bh_stmt_db(bh_stmt *st)
{
    return st->db;
}

void bh_stmt_bind_value(bh_stmt *st, int i, const bh_value *v)
{
    st->db->be->bind(st, i, v);
}

void bh_stmt_bind_null(bh_stmt *st, int i)
{
    bh_value v = {.type = BH_VAL_NULL};
    bh_stmt_bind_value(st, i, &v);
}

void bh_stmt_bind_int64(bh_stmt *st, int i, long long x)
{
    bh_value v = {.type = BH_VAL_INT, .i = x};
    bh_stmt_bind_value(st, i, &v);
}

void bh_stmt_bind_double(bh_stmt *st, int i, double x)
{
    bh_value v = {.type = BH_VAL_REAL, .d = x};
    bh_stmt_bind_value(st, i, &v);
}

void bh_stmt_bind_text(bh_stmt *st, int i, const char *s)
{
    bh_value v = {.type = s ? BH_VAL_TEXT : BH_VAL_NULL, .p = s, .n = s ? strlen(s) : 0};
    bh_stmt_bind_value(st, i, &v);
}

void bh_stmt_bind_blob(bh_stmt *st, int i, const void *p, size_t n)
{
    bh_value v = {.type = p ? BH_VAL_BLOB : BH_VAL_NULL, .p = p, .n = n};
    bh_stmt_bind_value(st, i, &v);
}

int bh_stmt_step(bh_stmt *st)
{
    return st->db->be->step(st);
}

void bh_stmt_reset(bh_stmt *st)
{
    st->db->be->reset(st);
}

void bh_stmt_finalize(bh_stmt *st)
{
    if (st)
        st->db->be->finalize(st);
}

int bh_stmt_column_count(bh_stmt *st)
{
    return st->db->be->column_count(st);
}

const char *bh_stmt_column_name(bh_stmt *st, int i)
{
    return st->db->be->column_name(st, i);
}

void bh_stmt_column_value(bh_stmt *st, int i, bh_value *out)
{
    st->db->be->column(st, i, out);
}

bh_value_type bh_stmt_column_type(bh_stmt *st, int i)
{
    bh_value v;
    bh_stmt_column_value(st, i, &v);
    return v.type;
}

long long bh_stmt_column_int64(bh_stmt *st, int i)
{
    bh_value v;
    bh_stmt_column_value(st, i, &v);
    switch (v.type) {
    case BH_VAL_INT:
        return v.i;
    case BH_VAL_REAL:
        return (long long)v.d;
    case BH_VAL_TEXT:
        return strtoll(v.p, NULL, 10);
    default:
        return 0;
    }
}

double bh_stmt_column_double(bh_stmt *st, int i)
{
    bh_value v;
    bh_stmt_column_value(st, i, &v);
    switch (v.type) {
    case BH_VAL_INT:
        return (double)v.i;
    case BH_VAL_REAL:
        return v.d;
    case BH_VAL_TEXT:
        return strtod(v.p, NULL);
    default:
        return 0;
    }
}

const char *bh_stmt_column_text(bh_stmt *st, int i)
{
    bh_value v;
    bh_stmt_column_value(st, i, &v);
    if (v.type == BH_VAL_INT)
        snprintf(st->num, sizeof st->num, "%lld", v.i);
    else if (v.type == BH_VAL_REAL)
        snprintf(st->num, sizeof st->num, "%.17g", v.d);
    else
        return v.type == BH_VAL_TEXT ? v.p : NULL;
    return st->num;
}

const void *bh_stmt_column_blob(bh_stmt *st, int i, size_t *n)
{
    bh_value v;
    bh_stmt_column_value(st, i, &v);
    *n = v.type == BH_VAL_BLOB || v.type == BH_VAL_TEXT ? v.n : 0;
    return v.type == BH_VAL_BLOB || v.type == BH_VAL_TEXT ? v.p : NULL;
}

struct bh_db_bulk {
    bh_db *db;
    void *h;
};

int bh_db_has_bulk(bh_db *db)
{
    return db->be->bulk_begin != NULL;
}

bh_status bh_db_bulk_begin(bh_db *db, const char *table, const char *const *cols, int n,
                           const int *geom, bh_db_bulk **out)
{
    *out = NULL;
    if (!bh_db_has_bulk(db))
        return bh_error(db->ctx, BH_E_INTERNAL, "%s: no bulk path", db->path);
    bh_db_bulk *b = bh_calloc(1, sizeof *b);
    int *g = bh_calloc((size_t)n + 1, sizeof *g);
    if (b == NULL || g == NULL) {
        bh_free(b);
        bh_free(g);
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    for (int i = 0; geom && i < n; i++)
        g[i] = geom[i];
    b->db = db;
    bh_status st = db->be->bulk_begin(db, table, cols, n, g, &b->h);
    bh_free(g);
    if (st != BH_OK) {
        bh_free(b);
        return st;
    }
    *out = b;
    return BH_OK;
}

bh_status bh_db_bulk_row(bh_db_bulk *b, const bh_value *vals)
{
    return b->db->be->bulk_row(b->h, vals);
}

bh_status bh_db_bulk_end(bh_db_bulk *b, int ok)
{
    bh_status st = b->db->be->bulk_end(b->h, ok);
    bh_free(b);
    return st;
}

bh_status bh_db_bulk_ids(bh_db *db, const char *table, const char *col, int n, long long *ids)
{
    if (db->be->bulk_ids == NULL)
        return bh_error(db->ctx, BH_E_INTERNAL, "%s: no bulk path", db->path);
    return n > 0 ? db->be->bulk_ids(db, table, col, n, ids) : BH_OK;
}

bh_status bh_db_high_id(bh_db *db, const char *table, const char *col, long long *id)
{
    *id = 0;
    if (db->be->bulk_high_id)
        return db->be->bulk_high_id(db, table, col, id);
    char *sql = sqlite3_mprintf("SELECT COALESCE(max(\"%w\"), 0) FROM \"%w\"", col, table);
    bh_stmt *st = NULL;
    bh_status rc =
        sql ? bh_stmt_prepare(db, sql, &st) : bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    sqlite3_free(sql);
    if (rc != BH_OK)
        return rc;
    int r = bh_stmt_step(st);
    if (r == BH_STEP_ROW)
        *id = bh_stmt_column_int64(st, 0);
    else
        rc = bh_ctx_status(db->ctx);
    bh_stmt_finalize(st);
    return rc;
}

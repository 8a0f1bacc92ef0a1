/* bohan db copy (bohan/db.h bh_db_copy): every user table, row and geometry of a bohan database,
 * SpatiaLite ↔ PostGIS, in one transaction on the destination. Geometry travels as WKB with the
 * column's SRID (AsBinary → ST_GeomFromWKB and back), numbers and text as typed values. */
#include "db/copy.h"
#include "core/alloc.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "core/strbuf.h"
#include "db/backend.h"
#include "db/schema.h"

typedef struct copy_table {
    const char *name;
    bh_db_column *cols;
    size_t n;
    int rowid; /* the source is a SQLite rowid table, or a PostgreSQL copy of one */
} copy_table;

/* Does the source table carry rows by rowid that must survive (tables without INTEGER PRIMARY
 * KEY, e.g. layers, ordered by rowid)? */
static int copy_is_rowid_table(bh_db *src, const bh_copy_schema *rec, const copy_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->cols[i].name, "rowid") == 0)
            return bh_db_kind_of(src) == BH_DB_POSTGRES;
    if (bh_db_kind_of(src) != BH_DB_SQLITE)
        return 0;
    const char *sql = bh_copy_schema_table_sql(rec, t->name);
    if (sql && strstr(sql, "WITHOUT ROWID"))
        return 0;
    int pks = 0, intpk = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->cols[i].pk) {
            pks++;
            intpk = strstr(t->cols[i].type, "INT") != NULL;
        }
    return !(pks == 1 && intpk);
}

/* SELECT on src and INSERT on dst of one table's rows, column for column. */
static bh_status copy_sql(bh_db *src, bh_db *dst, const copy_table *t, bh_strbuf *sel,
                          bh_strbuf *ins)
{
    bh_strbuf vals;
    bh_strbuf_init(&vals);
    bh_strbuf_append(sel, "SELECT ");
    bh_strbuf_printf(ins, "INSERT INTO \"%s\" (", t->name);
    int k = 0;
    if (t->rowid) {
        bh_strbuf_append(sel, "rowid");
        bh_strbuf_append(ins, "rowid");
        bh_strbuf_append(&vals, "?");
        k++;
    }
    for (size_t i = 0; i < t->n; i++) {
        const bh_db_column *c = &t->cols[i];
        if (strcmp(c->name, "rowid") == 0)
            continue;
        char *q = bh_asprintf("\"%s\"", c->name);
        bh_strbuf_append(sel, k ? ", " : "");
        if (c->geometry)
            bh_strbuf_printf(sel, bh_db_sql(src)->geom_out, q);
        else
            bh_strbuf_append(sel, q);
        bh_strbuf_printf(ins, "%s%s", k ? ", " : "", q);
        bh_strbuf_append(&vals, k ? ", " : "");
        if (c->geometry)
            bh_strbuf_printf(&vals, bh_db_sql(dst)->geom_in, "?", c->srid);
        else
            bh_strbuf_append(&vals, "?");
        bh_free(q);
        k++;
    }
    bh_strbuf_printf(sel, " FROM \"%s\"", t->name);
    bh_strbuf_printf(ins, ") VALUES (%s)", vals.data ? vals.data : "");
    int failed = vals.failed || sel->failed || ins->failed;
    bh_strbuf_free(&vals);
    return failed ? bh_error(bh_db_ctx(dst), BH_E_NOMEM, "out of memory") : BH_OK;
}

/* The rows through the destination's bulk path (PostgreSQL COPY), in the SELECT's column order. */
static bh_status copy_rows_bulk(bh_db *src, bh_db *dst, const copy_table *t, bh_stmt *r,
                                long long *rows)
{
    const char **names = bh_calloc(t->n + 2, sizeof *names);
    int *geom = bh_calloc(t->n + 2, sizeof *geom);
    bh_value *vals = bh_calloc(t->n + 2, sizeof *vals);
    int k = 0;
    if (names && t->rowid)
        names[k++] = "rowid";
    for (size_t i = 0; names && geom && i < t->n; i++)
        if (strcmp(t->cols[i].name, "rowid") != 0) {
            geom[k] = t->cols[i].geometry != NULL;
            names[k++] = t->cols[i].name;
        }
    void *bulk = NULL;
    bh_status rc = names && geom && vals ? dst->be->bulk_begin(dst, t->name, names, k, geom, &bulk)
                                         : bh_error(bh_db_ctx(dst), BH_E_NOMEM, "out of memory");
    int step = BH_STEP_DONE;
    while (rc == BH_OK && (step = bh_stmt_step(r)) == BH_STEP_ROW) {
        for (int i = 0; i < k; i++)
            bh_stmt_column_value(r, i, &vals[i]);
        rc = dst->be->bulk_row(bulk, vals);
        (*rows)++;
    }
    if (rc == BH_OK && step == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(src));
    if (bulk) {
        bh_status end = dst->be->bulk_end(bulk, rc == BH_OK);
        if (rc == BH_OK)
            rc = end;
    }
    bh_free(names);
    bh_free(geom);
    bh_free(vals);
    return rc;
}

static bh_status copy_rows(bh_db *src, bh_db *dst, const copy_table *t, long long *rows)
{
    bh_strbuf sel, ins;
    bh_strbuf_init(&sel);
    bh_strbuf_init(&ins);
    bh_stmt *r = NULL, *w = NULL;
    bh_status rc = copy_sql(src, dst, t, &sel, &ins);
    if (rc == BH_OK)
        rc = bh_stmt_prepare(src, sel.data, &r);
    if (rc == BH_OK && dst->be->bulk_begin) {
        rc = copy_rows_bulk(src, dst, t, r, rows);
        bh_stmt_finalize(r);
        bh_strbuf_free(&sel);
        bh_strbuf_free(&ins);
        return rc;
    }
    if (rc == BH_OK)
        rc = bh_stmt_prepare(dst, ins.data, &w);
    int step = BH_STEP_DONE;
    while (rc == BH_OK && (step = bh_stmt_step(r)) == BH_STEP_ROW) {
        int nc = bh_stmt_column_count(r);
        bh_stmt_reset(w);
        for (int i = 0; i < nc; i++) {
            bh_value v;
            bh_stmt_column_value(r, i, &v);
            bh_stmt_bind_value(w, i + 1, &v);
        }
        if (bh_stmt_step(w) != BH_STEP_DONE)
            rc = bh_ctx_status(bh_db_ctx(dst));
        (*rows)++;
    }
    if (rc == BH_OK && step == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(src));
    bh_stmt_finalize(r);
    bh_stmt_finalize(w);
    bh_strbuf_free(&sel);
    bh_strbuf_free(&ins);
    return rc;
}

/* PostgreSQL: identities continue after the copied ids (the INTEGER PRIMARY KEY and rowid). */
static bh_status copy_identities(bh_db *dst, const copy_table *t)
{
    if (bh_db_kind_of(dst) != BH_DB_POSTGRES)
        return BH_OK;
    int pks = 0;
    const char *id = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (t->cols[i].pk) {
            pks++;
            id = strstr(t->cols[i].type, "INT") || strstr(t->cols[i].type, "bigint")
                     ? t->cols[i].name
                     : NULL;
        }
    const char *cols[2] = {pks == 1 ? id : NULL, t->rowid ? "rowid" : NULL};
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < 2; i++)
        if (cols[i])
            rc = bh_db_execq(dst,
                             "SELECT setval(s, COALESCE((SELECT max(\"%w\") FROM \"%w\"), 0) + "
                             "1, false) FROM pg_get_serial_sequence('\"%w\"', %Q) s WHERE s IS "
                             "NOT NULL",
                             cols[i], t->name, t->name, cols[i]);
    return rc;
}

static bh_status copy_table_all(bh_db *src, bh_db *dst, const bh_copy_schema *rec, const char *name,
                                long long *rows)
{
    copy_table t = {.name = name};
    bh_status rc = bh_db_table_columns(src, name, &t.cols, &t.n);
    if (rc == BH_OK) {
        t.rowid = copy_is_rowid_table(src, rec, &t);
        rc = bh_copy_create_table(dst, rec, name, t.cols, t.n, t.rowid);
    }
    if (rc == BH_OK)
        rc = bh_copy_pg_uniques(src, dst, name);
    if (rc == BH_OK)
        rc = copy_rows(src, dst, &t, rows);
    if (rc == BH_OK)
        rc = copy_identities(dst, &t);
    bh_db_columns_free(t.cols, t.n);
    return rc;
}

bh_status bh_copy_table(bh_db *src, bh_db *dst, const bh_copy_schema *rec, const char *name)
{
    long long rows = 0;
    return copy_table_all(src, dst, rec, name, &rows);
}

bh_status bh_copy_rows_replace(bh_db *src, bh_db *dst, const bh_copy_schema *rec, const char *name)
{
    copy_table t = {.name = name};
    long long rows = 0;
    bh_status rc = bh_db_table_columns(src, name, &t.cols, &t.n);
    if (rc == BH_OK) {
        t.rowid = copy_is_rowid_table(src, rec, &t);
        rc = bh_db_execq(dst, "DELETE FROM \"%w\"", name);
    }
    if (rc == BH_OK)
        rc = copy_rows(src, dst, &t, &rows);
    if (rc == BH_OK)
        rc = copy_identities(dst, &t);
    bh_db_columns_free(t.cols, t.n);
    return rc;
}

/* PostgreSQL: drops the bohan views and tables (those a copy made; PostGIS's stay). */
static bh_status copy_dst_clear(bh_db *dst)
{
    char **views = NULL, **tables = NULL;
    size_t nv = 0, nt = 0;
    bh_status rc = bh_db_text_column(dst,
                                     "SELECT table_name FROM information_schema.views WHERE "
                                     "table_schema = current_schema() AND table_name IN (SELECT "
                                     "name FROM bh_sqlite_schema WHERE type = 'view')",
                                     NULL, &views, &nv);
    for (size_t i = 0; rc == BH_OK && i < nv; i++)
        rc = bh_db_execq(dst, "DROP VIEW IF EXISTS \"%w\" CASCADE", views[i]);
    if (rc == BH_OK)
        rc = bh_db_list_tables(dst, &tables, &nt);
    for (size_t i = 0; rc == BH_OK && i < nt; i++)
        rc = bh_db_execq(dst, "DROP TABLE IF EXISTS \"%w\" CASCADE", tables[i]);
    if (rc == BH_OK)
        rc = bh_db_exec(dst, "DROP TABLE IF EXISTS bh_sqlite_schema");
    bh_db_names_free(views, nv);
    bh_db_names_free(tables, nt);
    return rc;
}

/* dst empty of bohan, made ready (a new SpatiaLite file gets its spatial metadata). */
static bh_status copy_dst_prepare(bh_db *src, bh_db *dst, int replace)
{
    bh_status rc = BH_OK;
    if (replace && bh_db_kind_of(dst) == BH_DB_POSTGRES && bh_db_has_table(dst, "bh_sqlite_schema"))
        rc = copy_dst_clear(dst);
    if (rc != BH_OK)
        return rc;
    if (bh_db_has_table(dst, "meta"))
        return bh_error(bh_db_ctx(dst), BH_E_DUPLICATE,
                        "%s: already holds a bohan database; copy into an empty one (bohan init "
                        "--force replaces it)",
                        bh_db_path(dst));
    if (bh_db_kind_of(dst) != BH_DB_SQLITE)
        return BH_OK;
    return bh_schema_spatial_init(dst, bh_db_srid(src));
}

static bh_status copy_all(bh_db *src, bh_db *dst, int replace)
{
    bh_copy_schema rec = {0};
    char **tables = NULL;
    size_t nt = 0;
    long long rows = 0;
    bh_status rc = bh_copy_schema_read(src, &rec);
    if (rc == BH_OK)
        rc = bh_db_list_tables(src, &tables, &nt);
    if (rc == BH_OK)
        rc = copy_dst_prepare(src, dst, replace);
    /* tables in the record's order (SQLite: creation order), then any it does not name */
    for (size_t i = 0; rc == BH_OK && i < rec.n; i++)
        if (strcmp(rec.obj[i].type, "table") == 0)
            rc = copy_table_all(src, dst, &rec, rec.obj[i].name, &rows);
    for (size_t i = 0; rc == BH_OK && i < nt; i++)
        if (bh_copy_schema_table_sql(&rec, tables[i]) == NULL)
            rc = copy_table_all(src, dst, &rec, tables[i], &rows);
    if (rc == BH_OK)
        rc = bh_copy_finish_schema(dst, &rec);
    if (rc == BH_OK)
        bh_log(bh_db_ctx(dst), BH_LOG_INFO, "%s → %s: %zu tables, %lld rows", bh_db_path(src),
               bh_db_path(dst), nt, rows);
    bh_db_names_free(tables, nt);
    bh_copy_schema_free(&rec);
    return rc;
}

bh_status bh_db_copy_open(bh_db *src, const char *dst_target, int replace)
{
    bh_ctx *ctx = bh_db_ctx(src);
    int file = !bh_db_target_is_postgres(dst_target);
    if (file && access(dst_target, F_OK) == 0)
        return bh_error(ctx, BH_E_DUPLICATE,
                        "%s: already exists; db copy writes a new file (give another name)",
                        dst_target);
    bh_db *dst = NULL;
    bh_status rc = bh_db_open(ctx, dst_target, BH_DB_CREATE, &dst);
    int opened = rc == BH_OK;
    if (rc == BH_OK)
        rc = bh_db_begin(dst);
    if (rc == BH_OK)
        rc = copy_all(src, dst, replace);
    if (rc == BH_OK)
        rc = bh_db_commit(dst);
    bh_db_close(dst); /* rolls back on failure */
    if (rc != BH_OK && file && opened) {
        unlink(dst_target);
        char *j = bh_asprintf("%s-journal", dst_target);
        if (j)
            unlink(j);
        bh_free(j);
    }
    return rc;
}

bh_status bh_db_copy(bh_ctx *ctx, const char *src_target, const char *dst_target)
{
    bh_db *src = NULL;
    bh_status rc = bh_db_open(ctx, src_target, BH_DB_READONLY, &src);
    if (rc == BH_OK)
        rc = bh_schema_check(src);
    if (rc == BH_OK)
        rc = bh_db_copy_open(src, dst_target, 0);
    bh_db_close(src);
    return rc;
}

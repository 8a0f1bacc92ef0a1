/* bh_db: one connection to one backend (db/backend.h); this file dispatches to it and holds
 * what is the same on every backend (one transaction per command, meta, scalars). */
#include "db/db.h"
#include "core/alloc.h"
#include "core/i18n.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/strbuf.h"
#include "db/backend.h"
#include "db/target.h"

bh_status bh_db_open(bh_ctx *ctx, const char *path, unsigned flags, bh_db **out)
{
    *out = NULL;
    bh_db *db = bh_calloc(1, sizeof *db);
    if (db == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    db->ctx = ctx;
    db->be = bh_db_target_is_postgres(path) ? &bh_db_pg_backend : &bh_db_sqlite_backend;
    db->path = db->be->kind == BH_DB_POSTGRES ? bh_db_target_redact(path) : bh_strdup(path);
    bh_status st =
        db->path ? db->be->open(db, path, flags) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st != BH_OK) {
        bh_db_close(db);
        return st;
    }
    *out = db;
    return BH_OK;
}

void bh_db_close(bh_db *db)
{
    if (db == NULL)
        return;
    if (db->in_tx)
        bh_db_rollback(db);
    db->be->close(db);
    bh_free(db->path);
    bh_free(db);
}

sqlite3 *bh_db_sqlite(bh_db *db)
{
    return db->sq;
}

bh_ctx *bh_db_ctx(bh_db *db)
{
    return db->ctx;
}

const char *bh_db_path(const bh_db *db)
{
    return db->path;
}

bh_status bh_db_set_path(bh_db *db, const char *shown)
{
    char *p = bh_strdup(shown);
    if (p == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    bh_free(db->path);
    db->path = p;
    return BH_OK;
}

bh_db_kind bh_db_kind_of(const bh_db *db)
{
    return db->be->kind;
}

const bh_db_dialect *bh_db_sql(bh_db *db)
{
    return db->be->dialect;
}

bh_status bh_db_require_sqlite(bh_db *db, const char *what)
{
    if (db->be->kind == BH_DB_SQLITE)
        return BH_OK;
    return bh_error(db->ctx, BH_E_UNSUPPORTED, "%s: not yet available on PostgreSQL: %s", db->path,
                    what);
}

bh_status bh_db_exec(bh_db *db, const char *sql)
{
    return db->be->exec(db, sql);
}

bh_status bh_db_vexecf(bh_db *db, const char *fmt, va_list ap)
{
    char *sql = sqlite3_vmprintf(fmt, ap);
    if (sql == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    bh_status st = bh_db_exec(db, sql);
    sqlite3_free(sql);
    return st;
}

bh_status bh_db_execf(bh_db *db, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bh_status st = bh_db_vexecf(db, fmt, ap);
    va_end(ap);
    return st;
}

bh_status bh_db_begin(bh_db *db)
{
    if (db->in_tx)
        return bh_error(db->ctx, BH_E_INTERNAL, "%s: transaction already open", db->path);
    bh_status st = db->be->begin(db);
    if (st == BH_OK)
        db->in_tx = 1;
    return st;
}

bh_status bh_db_commit(bh_db *db)
{
    if (!db->in_tx)
        return bh_error(db->ctx, BH_E_INTERNAL, "%s: commit without transaction", db->path);
    bh_status st = db->be->commit(db);
    if (st == BH_OK)
        db->in_tx = 0;
    else
        bh_db_rollback(db);
    return st;
}

void bh_db_rollback(bh_db *db)
{
    if (!db->in_tx)
        return;
    db->be->rollback(db);
    db->in_tx = 0;
}

bh_status bh_db_read_begin(bh_db *db, int *began)
{
    *began = 0;
    if (db->in_tx || db->be->kind != BH_DB_POSTGRES)
        return BH_OK;
    bh_status st = db->be->exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (st == BH_OK)
        db->in_tx = *began = 1;
    return st;
}

void bh_db_read_end(bh_db *db, int began)
{
    if (began && db->in_tx) /* read only: nothing to keep, so nothing can fail to commit */
        bh_db_rollback(db);
}

int bh_db_in_tx(bh_db *db)
{
    return db->in_tx;
}

int bh_db_in_write_tx(bh_db *db)
{
    return db->in_tx && !db->pg_snapshot;
}

bh_status bh_db_meta_set(bh_db *db, const char *key, const char *value)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(db,
                                   "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) "
                                   "DO UPDATE SET value = excluded.value",
                                   &st);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_text(st, 1, key);
    bh_stmt_bind_text(st, 2, value);
    if (bh_stmt_step(st) != BH_STEP_DONE)
        rc = bh_ctx_status(db->ctx);
    bh_stmt_finalize(st);
    return rc;
}

char *bh_db_meta_get(bh_db *db, const char *key)
{
    if (!bh_db_has_table(db, "meta"))
        return NULL;
    bh_stmt *st;
    if (bh_stmt_prepare(db, "SELECT value FROM meta WHERE key = ?", &st) != BH_OK)
        return NULL;
    bh_stmt_bind_text(st, 1, key);
    char *v = NULL;
    if (bh_stmt_step(st) == BH_STEP_ROW && bh_stmt_column_text(st, 0))
        v = bh_strdup(bh_stmt_column_text(st, 0));
    bh_stmt_finalize(st);
    return v;
}

int bh_db_srid(bh_db *db)
{
    if (db->pg_srid_known) /* a PostgreSQL read-only snapshot (backend_pg.c) */
        return db->pg_srid;
    char *v = bh_db_meta_get(db, "srid");
    int srid = v ? atoi(v) : 0;
    bh_free(v);
    db->pg_srid_known = db->pg_snapshot && v;
    db->pg_srid = srid;
    return srid;
}

long long bh_db_scalar_int(bh_db *db, const char *sql, long long fallback)
{
    if (db->be->kind == BH_DB_SQLITE) { /* no error recorded: a fallback is the answer */
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK)
            return fallback;
        long long v = fallback;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    }
    bh_stmt *st;
    if (bh_stmt_prepare(db, sql, &st) != BH_OK)
        return fallback;
    long long v = fallback;
    if (bh_stmt_step(st) == BH_STEP_ROW && bh_stmt_column_type(st, 0) != BH_VAL_NULL)
        v = bh_stmt_column_int64(st, 0);
    bh_stmt_finalize(st);
    return v;
}

int bh_db_has_table(bh_db *db, const char *name)
{
    return db->be->has_table(db, name);
}

int bh_db_readonly(bh_db *db)
{
    if (db->be->kind != BH_DB_SQLITE)
        return db->pg_readonly;
    return sqlite3_db_readonly(db->sq, "main") != 0;
}

static int db_same_inode(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

bh_status bh_db_check_output(bh_db *db, const char *path)
{
    static const char *const suffix[] = {"", "-journal", "-wal", "-shm"};
    if (db->be->kind != BH_DB_SQLITE)
        return BH_OK; /* a server's database is never a local output file */
    const char *file = sqlite3_db_filename(db->sq, "main");
    for (size_t i = 0; path && file && *file && i < sizeof suffix / sizeof *suffix; i++) {
        char *name = bh_asprintf("%s%s", file, suffix[i]);
        int same = name && db_same_inode(name, path);
        bh_free(name);
        if (same)
            return bh_error(db->ctx, BH_E_USAGE,
                            "%s: is the database%s itself; choose another --out", path,
                            i ? bh_tr("'s journal") : "");
    }
    return BH_OK;
}

bh_status bh_db_list_tables(bh_db *db, char ***names, size_t *n)
{
    return db->be->list_tables(db, names, n);
}

bh_status bh_db_table_columns(bh_db *db, const char *table, bh_db_column **cols, size_t *n)
{
    return db->be->table_columns(db, table, cols, n);
}

void bh_db_columns_free(bh_db_column *cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++) {
        bh_free(cols[i].name);
        bh_free(cols[i].type);
        bh_free(cols[i].dflt);
        bh_free(cols[i].geometry);
    }
    bh_free(cols);
}

void bh_db_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        bh_free(names[i]);
    bh_free(names);
}

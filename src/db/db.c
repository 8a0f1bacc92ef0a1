#include "db/db.h"
#include "core/alloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <spatialite.h>
#include "core/strbuf.h"
#include "db/sqlfn.h"

struct bh_db {
    bh_ctx *ctx;
    sqlite3 *sq;
    void *spl_cache;
    char *path;
    int in_tx;
    int committing; /* bh_db_commit is the one committing */
};

/* While a command's transaction is open, no other commit may happen: after SQLite rolled the
 * transaction back by itself (a full disk, I/O error), the statements that follow would otherwise
 * run and commit one by one (SpatiaLite's history and index rows). Vetoed, they roll back. */
static int db_commit_hook(void *user)
{
    const bh_db *db = user;
    return db->in_tx && !db->committing;
}

/* 1 when the file has reached its page limit (max_page_count): SpatiaLite swallows the
 * SQLITE_FULL of its own statements, so what fails next is only a consequence of it. */
static int db_at_page_limit(bh_db *db)
{
    sqlite3_stmt *q;
    int full = 0;
    if (sqlite3_prepare_v2(db->sq,
                           "SELECT (SELECT page_count FROM pragma_page_count) >= "
                           "(SELECT max_page_count FROM pragma_max_page_count)",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        full = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return full;
}

/* The conditions a user can act on, named plainly; NULL for the rest (SQLite's message). */
static const char *db_plain_reason(bh_db *db)
{
    int code = sqlite3_errcode(db->sq) & 0xff;
    /* The code may be reset by the statements after the failure; the OS error is kept. */
    if (code == SQLITE_FULL || sqlite3_system_errno(db->sq) == ENOSPC ||
        (code != SQLITE_BUSY && code != SQLITE_LOCKED && code != SQLITE_CORRUPT &&
         db_at_page_limit(db)))
        return "disk full (nothing was written: the transaction was rolled back)";
    switch (code) {
    case SQLITE_FULL:
        return "disk full (nothing was written: the transaction was rolled back)";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "database is locked by another writer; try again when it has finished";
    case SQLITE_CORRUPT:
        return "database is damaged (check it with sqlite3 FILE 'PRAGMA integrity_check')";
    default:
        return NULL;
    }
}

bh_status bh_db_fail(bh_db *db, const char *what)
{
    char msg[512]; /* SQLite's message, before db_plain_reason's own query replaces it */
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db->sq));
    const char *plain = db_plain_reason(db);
    if (plain)
        return bh_error(db->ctx, BH_E_DB, "%s: %s: %s", db->path, what, plain);
    return bh_error(db->ctx, BH_E_DB, "%s: %s: %s", db->path, what, msg);
}

/* TEST ONLY: BOHAN_MAX_PAGES=N caps the database file at N pages (PRAGMA max_page_count), so the
 * disk-full tests run where no small file system can be mounted. Never set it for real work. */
static void db_test_max_pages(bh_db *db, unsigned flags)
{
    const char *mp = getenv("BOHAN_MAX_PAGES");
    if ((flags & BH_DB_READONLY) || mp == NULL || *mp == '\0')
        return;
    char *end;
    long long n = strtoll(mp, &end, 10);
    if (*end != '\0' || n <= 0)
        return;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", n);
    sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
}

bh_status bh_db_open(bh_ctx *ctx, const char *path, unsigned flags, bh_db **out)
{
    *out = NULL;
    int oflags = (flags & BH_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & BH_DB_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    /* A connection belongs to one thread (helper threads never touch SQLite): skip the locks. */
    oflags |= SQLITE_OPEN_NOMUTEX;
    bh_db *db = bh_calloc(1, sizeof *db);
    if (db == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    db->ctx = ctx;
    db->path = bh_strdup(path);
    if (sqlite3_open_v2(path, &db->sq, oflags, NULL) != SQLITE_OK) {
        bh_status st = bh_error(ctx, (flags & BH_DB_CREATE) ? BH_E_IO : BH_E_NOT_FOUND,
                                "%s: cannot open database: %s", path,
                                db->sq ? sqlite3_errmsg(db->sq) : "out of memory");
        bh_db_close(db);
        return st;
    }
    sqlite3_extended_result_codes(db->sq, 1);
    if (bh_sqlfn_register(db->sq) != SQLITE_OK) {
        bh_status st = bh_error(ctx, BH_E_NOMEM, "%s: cannot register SQL functions: %s", path,
                                sqlite3_errmsg(db->sq));
        bh_db_close(db);
        return st;
    }
    sqlite3_commit_hook(db->sq, db_commit_hook, db);
    db_test_max_pages(db, flags);
    db->spl_cache = spatialite_alloc_connection();
    spatialite_init_ex(db->sq, db->spl_cache, 0);
    spatialite_set_silent_mode(db->spl_cache); /* GEOS notices must not reach stderr */
    *out = db;
    return BH_OK;
}

void bh_db_close(bh_db *db)
{
    if (db == NULL)
        return;
    if (db->in_tx)
        bh_db_rollback(db);
    if (db->sq)
        sqlite3_close_v2(db->sq);
    if (db->spl_cache)
        spatialite_cleanup_ex(db->spl_cache);
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

/* The transaction is gone although the command did not end it: SQLite rolled it back. */
static bh_status db_tx_lost(bh_db *db)
{
    if (db->in_tx && sqlite3_get_autocommit(db->sq)) {
        const char *plain = db_plain_reason(db);
        /* The failing statement's code is gone when its caller did not report it. */
        return bh_error(db->ctx, BH_E_DB, "%s: the transaction was rolled back: %s", db->path,
                        plain ? plain
                              : "SQLite rolled it back after a disk full or I/O error; nothing "
                                "was written");
    }
    return BH_OK;
}

bh_status bh_db_exec(bh_db *db, const char *sql)
{
    char *err = NULL;
    if (db_tx_lost(db) != BH_OK)
        return BH_E_DB;
    if (sqlite3_exec(db->sq, sql, NULL, NULL, &err) != SQLITE_OK) {
        char msg[512]; /* before db_plain_reason's own query replaces it */
        snprintf(msg, sizeof msg, "%s", err ? err : sqlite3_errmsg(db->sq));
        const char *plain = db_plain_reason(db);
        bh_status st = plain ? bh_error(db->ctx, BH_E_DB, "%s: %s", db->path, plain)
                             : bh_error(db->ctx, BH_E_DB, "%s: SQL error: %s", db->path, msg);
        sqlite3_free(err);
        return st;
    }
    return BH_OK;
}

bh_status bh_db_execf(bh_db *db, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (sql == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    bh_status st = bh_db_exec(db, sql);
    sqlite3_free(sql);
    return st;
}

bh_status bh_db_prepare(bh_db *db, const char *sql, sqlite3_stmt **stmt)
{
    if (db_tx_lost(db) != BH_OK) {
        *stmt = NULL;
        return BH_E_DB;
    }
    if (sqlite3_prepare_v2(db->sq, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return bh_db_fail(db, "SQL error");
    }
    return BH_OK;
}

bh_status bh_db_begin(bh_db *db)
{
    if (db->in_tx)
        return bh_error(db->ctx, BH_E_INTERNAL, "%s: transaction already open", db->path);
    bh_status st = bh_db_exec(db, "BEGIN IMMEDIATE");
    if (st == BH_OK)
        db->in_tx = 1;
    return st;
}

bh_status bh_db_commit(bh_db *db)
{
    if (!db->in_tx)
        return bh_error(db->ctx, BH_E_INTERNAL, "%s: commit without transaction", db->path);
    bh_status st = db_tx_lost(db);
    if (st == BH_OK) {
        db->committing = 1;
        st = bh_db_exec(db, "COMMIT");
        db->committing = 0;
    }
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
    sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = 0;
}

bh_status bh_db_meta_set(bh_db *db, const char *key, const char *value)
{
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", &st);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = bh_db_fail(db, "writing meta");
    sqlite3_finalize(st);
    return rc;
}

char *bh_db_meta_get(bh_db *db, const char *key)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sq, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = bh_strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

int bh_db_srid(bh_db *db)
{
    return (int)bh_db_scalar_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='srid'", 0);
}

long long bh_db_scalar_int(bh_db *db, const char *sql, long long fallback)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK)
        return fallback;
    long long v = fallback;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int bh_db_has_table(bh_db *db, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sq,
                           "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') "
                           "AND name = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

int bh_db_readonly(bh_db *db)
{
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
    const char *file = sqlite3_db_filename(db->sq, "main");
    for (size_t i = 0; path && file && *file && i < sizeof suffix / sizeof *suffix; i++) {
        char *name = bh_asprintf("%s%s", file, suffix[i]);
        int same = name && db_same_inode(name, path);
        bh_free(name);
        if (same)
            return bh_error(db->ctx, BH_E_USAGE,
                            "%s: is the database%s itself; choose another --out", path,
                            i ? "'s journal" : "");
    }
    return BH_OK;
}

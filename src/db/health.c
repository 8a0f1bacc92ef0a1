/* What is wrong with a database file that cannot be read, said plainly: locked, waiting for a
 * writer to roll back an interrupted write, or damaged. Never "run init": that would replace a
 * file someone may still recover. */
#include "db/db.h"

#include <stdio.h>
#include <string.h>

/* First line of PRAGMA integrity_check (or quick_check's error), in buf. */
static void health_integrity(sqlite3 *sq, char *buf, size_t size)
{
    sqlite3_stmt *q = NULL;
    snprintf(buf, size, "%s", "unreadable");
    if (sqlite3_prepare_v2(sq, "PRAGMA integrity_check(1)", -1, &q, NULL) != SQLITE_OK) {
        snprintf(buf, size, "%s", sqlite3_errmsg(sq));
        return;
    }
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(q, 0));
    else if (rc != SQLITE_DONE)
        snprintf(buf, size, "%s", sqlite3_errmsg(sq));
    sqlite3_finalize(q);
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = '\0';
}

bh_status bh_db_check_health(bh_db *db, int deep)
{
    if (bh_db_kind_of(db) != BH_DB_SQLITE)
        return BH_OK; /* the server keeps its files; a failure there reaches the statement */
    sqlite3 *sq = bh_db_sqlite(db);
    const char *path = bh_db_path(db);
    bh_ctx *ctx = bh_db_ctx(db);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(sq, "SELECT count(*) FROM sqlite_master", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if (rc == SQLITE_ROW)
            rc = SQLITE_OK;
    }
    int ext = sqlite3_extended_errcode(sq);
    if (rc == SQLITE_OK && !deep)
        return BH_OK;
    if (rc == SQLITE_OK) {
        char why[256];
        health_integrity(sq, why, sizeof why);
        if (strcmp(why, "ok") == 0)
            return BH_OK;
        return bh_error(ctx, BH_E_DB, "%s: database is damaged: integrity_check: %s", path, why);
    }
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return bh_error(ctx, BH_E_DB,
                        "%s: database is locked by another writer; try again when it has finished",
                        path);
    if (ext == SQLITE_READONLY_ROLLBACK || ext == SQLITE_READONLY_RECOVERY ||
        ext == SQLITE_READONLY_CANTINIT || (rc & 0xff) == SQLITE_READONLY)
        return bh_error(ctx, BH_E_DB,
                        "%s: database needs recovery by a writer: an interrupted write left a hot "
                        "journal; open it once read-write (any writing bohan command, or sqlite3 "
                        "FILE 'PRAGMA integrity_check') and keep the -journal file until then",
                        path);
    if ((rc & 0xff) == SQLITE_NOTADB)
        return bh_error(ctx, BH_E_DB,
                        "%s: not an SQLite database (damaged or another kind of file)", path);
    if ((rc & 0xff) == SQLITE_CORRUPT) {
        char why[256];
        health_integrity(sq, why, sizeof why);
        return bh_error(ctx, BH_E_DB, "%s: database is damaged: integrity_check: %s", path, why);
    }
    return bh_db_fail(db, "cannot read");
}

/* The imported crime files as the officer sees them: `bohan crimes files` lists them (id, path,
 * when, rows) and `bohan crimes remove FILE|ID` undoes one import — its rows, its count-table rows
 * and its share of the aggregate — in one transaction; and the crime_files row the importers
 * write for each file (known, insert, finish). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/alloc.h"
#include "bohan/crimes.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "crimes/aggregate.h"
#include "crimes/internal.h"
#include "db/db.h"

bh_status bh_crimes_files(bh_db *db, char **text)
{
    *text = NULL;
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(
        db,
        "SELECT id, imported_at, kind, COALESCE(crime_type, ''), encoding, rows_read, sample, "
        "path FROM crime_files ORDER BY id",
        &st);
    if (rc != BH_OK)
        return rc;
    bh_strbuf out;
    bh_strbuf_init(&out);
    bh_strbuf_append(&out,
                     bh_tr("id\timported_at\tkind\tcrime_type\tencoding\trows\tsample\tpath\n"));
    int r;
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW)
        bh_strbuf_printf(
            &out, "%lld\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", bh_stmt_column_int64(st, 0),
            bh_stmt_column_text(st, 1), bh_stmt_column_text(st, 2), bh_stmt_column_text(st, 3),
            bh_stmt_column_text(st, 4), bh_stmt_column_int64(st, 5),
            bh_stmt_column_int64(st, 6) ? bh_tr("sample") : "", bh_stmt_column_text(st, 7));
    bh_stmt_finalize(st);
    if (r != BH_STEP_DONE) {
        bh_strbuf_free(&out);
        return bh_ctx_status(bh_db_ctx(db));
    }
    *text = bh_strbuf_take(&out);
    return *text ? BH_OK : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

/* The id of the file named by its id, its path as stored, or its base name (when unique). */
static bh_status file_id_of(bh_db *db, const char *which, long long *id)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(db, "SELECT id, path FROM crime_files ORDER BY id", &st);
    if (rc != BH_OK)
        return rc;
    int n = 0, r;
    size_t wl = strlen(which);
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *path = bh_stmt_column_text(st, 1);
        size_t pl = path ? strlen(path) : 0;
        long long fid = bh_stmt_column_int64(st, 0);
        char num[32];
        snprintf(num, sizeof num, "%lld", fid);
        if (strcmp(num, which) == 0 || (path && strcmp(path, which) == 0) ||
            (pl > wl && path[pl - wl - 1] == '/' && strcmp(path + pl - wl, which) == 0))
            if (n++ == 0)
                *id = fid;
    }
    bh_stmt_finalize(st);
    if (r == BH_STEP_ERROR)
        return bh_ctx_status(bh_db_ctx(db));
    if (n == 1)
        return BH_OK;
    if (n)
        return bh_error(bh_db_ctx(db), BH_E_ARG,
                        "crimes remove: '%s' names %d imported files; give its id "
                        "(see 'bohan crimes files')",
                        which, n);
    return bh_error(bh_db_ctx(db), BH_E_NOT_FOUND,
                    "crimes remove: no imported file '%s' (see 'bohan crimes files')", which);
}

bh_status bh_crimes_remove(bh_db *db, const char *which, long long *rows)
{
    *rows = 0;
    long long id = 0;
    bh_status rc = file_id_of(db, which, &id);
    if (rc != BH_OK)
        return rc;
    rc = bh_db_begin(db);
    if (rc != BH_OK)
        return rc;
    char *count = sqlite3_mprintf("SELECT (SELECT count(*) FROM crime_rows WHERE file_id = %lld) + "
                                  "(SELECT count(*) FROM crime_counts WHERE file_id = %lld)",
                                  id, id);
    *rows = count ? bh_db_scalar_int(db, count, 0) : 0;
    sqlite3_free(count);
    rc = bh_crime_agg_remove_file(db, id);
    if (rc == BH_OK)
        rc = bh_db_execf(db,
                         "DELETE FROM crime_rows WHERE file_id = %lld; DELETE FROM crime_counts "
                         "WHERE file_id = %lld; DELETE FROM crime_files WHERE id = %lld",
                         id, id, id);
    if (rc == BH_OK)
        rc = bh_db_commit(db);
    else
        bh_db_rollback(db);
    return rc;
}

bh_status bh_crimes_tx_begin(bh_db *db, int *own)
{
    *own = !bh_db_in_tx(db);
    return *own ? bh_db_begin(db) : BH_OK;
}

int bh_crimes_file_known(bh_db *db, const char *sha256)
{
    bh_stmt *st = NULL;
    int known = 0;
    /* The same file imported at the same time elsewhere: wait for that import to end, then it
     * is known (PostgreSQL; on SQLite the writers take turns already). */
    const char *lock = bh_db_sql(db)->key_lock;
    if (lock && bh_db_in_tx(db) && bh_stmt_prepare(db, lock, &st) == BH_OK) {
        bh_stmt_bind_text(st, 1, sha256);
        (void)bh_stmt_step(st);
        bh_stmt_finalize(st);
        st = NULL;
    }
    if (bh_stmt_prepare(db, "SELECT 1 FROM crime_files WHERE sha256 = ?", &st) == BH_OK) {
        bh_stmt_bind_text(st, 1, sha256);
        known = bh_stmt_step(st) == BH_STEP_ROW;
    }
    bh_stmt_finalize(st);
    return known;
}

bh_status bh_crimes_file_insert(bh_db *db, const char *path, const char *sha256,
                                const char *encoding, const char *kind, long long *id)
{
    bh_stmt *st = NULL;
    bh_status rc = bh_stmt_preparef(db, &st,
                                    "INSERT INTO crime_files (path, sha256, encoding, imported_at, "
                                    "kind) VALUES (?, ?, ?, %s, ?) RETURNING id",
                                    bh_db_sql(db)->now_utc);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_text(st, 1, path);
    bh_stmt_bind_text(st, 2, sha256);
    bh_stmt_bind_text(st, 3, encoding);
    bh_stmt_bind_text(st, 4, kind);
    if (bh_stmt_step(st) != BH_STEP_ROW)
        rc = bh_ctx_status(bh_db_ctx(db));
    else
        *id = bh_stmt_column_int64(st, 0);
    bh_stmt_finalize(st);
    return rc;
}

bh_status bh_crimes_file_finish(bh_db *db, long long id, const char *sha256, long rows, int sample,
                                int duplicated, const char *crime_type)
{
    bh_stmt *st = NULL;
    bh_status rc = bh_stmt_prepare(db,
                                   "UPDATE crime_files SET rows_read = ?, sample = ?, "
                                   "duplicated_columns = ?, crime_type = ?, "
                                   "sha256 = COALESCE(?, sha256) WHERE id = ?",
                                   &st);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_int64(st, 1, rows);
    bh_stmt_bind_int64(st, 2, sample);
    bh_stmt_bind_int64(st, 3, duplicated);
    bh_stmt_bind_text(st, 4, crime_type);
    bh_stmt_bind_text(st, 5, sha256);
    bh_stmt_bind_int64(st, 6, id);
    if (bh_stmt_step(st) != BH_STEP_DONE)
        rc = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(st);
    return rc;
}

/* The imported crime files as the officer sees them: `bohan crimes files` lists them (id, path,
 * when, rows) and `bohan crimes remove FILE|ID` undoes one import — its rows, its count-table rows
 * and its share of the aggregate — in one transaction; and the crime_files row the importers
 * write for each file (known, insert, finish). */
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
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(
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
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        bh_strbuf_printf(
            &out, "%lld\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", sqlite3_column_int64(st, 0),
            (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3), (const char *)sqlite3_column_text(st, 4),
            sqlite3_column_int64(st, 5), sqlite3_column_int(st, 6) ? bh_tr("sample") : "",
            (const char *)sqlite3_column_text(st, 7));
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) {
        bh_strbuf_free(&out);
        return bh_db_fail(db, "listing crime_files");
    }
    *text = bh_strbuf_take(&out);
    return *text ? BH_OK : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

/* The id of the file named by its id, its path as stored, or its base name (when unique). */
static bh_status file_id_of(bh_db *db, const char *which, long long *id)
{
    sqlite3_stmt *st;
    bh_status rc =
        bh_db_prepare(db,
                      "SELECT id FROM crime_files WHERE CAST(id AS TEXT) = ?1 OR path = ?1 OR "
                      "substr(path, -length(?1) - 1) = '/' || ?1",
                      &st);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_text(st, 1, which, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (n++ == 0)
            *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
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

int bh_crimes_file_known(bh_db *db, const char *sha256)
{
    sqlite3_stmt *st = NULL;
    int known = 0;
    if (sqlite3_prepare_v2(bh_db_sqlite(db), "SELECT 1 FROM crime_files WHERE sha256 = ?", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
        known = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return known;
}

bh_status bh_crimes_file_insert(bh_db *db, const char *path, const char *sha256,
                                const char *encoding, const char *kind, long long *id)
{
    sqlite3_stmt *st = NULL;
    bh_status rc =
        bh_db_prepare(db,
                      "INSERT INTO crime_files (path, sha256, encoding, imported_at, kind)"
                      " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)",
                      &st);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, encoding, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = bh_db_fail(db, "crime_files");
    else
        *id = sqlite3_last_insert_rowid(bh_db_sqlite(db));
    sqlite3_finalize(st);
    return rc;
}

bh_status bh_crimes_file_finish(bh_db *db, long long id, const char *sha256, long rows, int sample,
                                int duplicated, const char *crime_type)
{
    sqlite3_stmt *st = NULL;
    bh_status rc = bh_db_prepare(db,
                                 "UPDATE crime_files SET rows_read = ?, sample = ?, "
                                 "duplicated_columns = ?, crime_type = ?, "
                                 "sha256 = COALESCE(?, sha256) WHERE id = ?",
                                 &st);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_int64(st, 1, rows);
    sqlite3_bind_int(st, 2, sample);
    sqlite3_bind_int(st, 3, duplicated);
    if (crime_type)
        sqlite3_bind_text(st, 4, crime_type, -1, SQLITE_TRANSIENT);
    if (sha256)
        sqlite3_bind_text(st, 5, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = bh_db_fail(db, "crime_files");
    sqlite3_finalize(st);
    return rc;
}

/* The crime_files row of an import (crimes/internal.h), shared by the two crime importers
 * (import.c: police open data, counts.c: count tables): inserted when a file is opened, finished
 * with its counts when its rows are stored; a known SHA-256 marks a file imported before. */
#include "crimes/internal.h"

bh_status bh_crimes_tx_begin(bh_db *db, int *own)
{
    *own = sqlite3_get_autocommit(bh_db_sqlite(db)) != 0;
    return *own ? bh_db_begin(db) : BH_OK;
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

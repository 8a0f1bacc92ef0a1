/* The crime_files row of one imported file (crimes/internal.h), shared by the open-data importer
 * (import.c) and the count tables (counts.c): inserted with a placeholder hash while the rows are
 * read, finished with the file's SHA-256, on either backend (db/stmt.h). */
#include "crimes/internal.h"

#include "db/db.h"

bh_status bh_crimes_tx_begin(bh_db *db, int *own)
{
    *own = !bh_db_in_tx(db);
    return *own ? bh_db_begin(db) : BH_OK;
}

int bh_crimes_file_known(bh_db *db, const char *sha256)
{
    bh_stmt *st = NULL;
    int known = 0;
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

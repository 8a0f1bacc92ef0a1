/* The importer's writer on a backend with a bulk path (PostgreSQL COPY): a file's crime_rows go
 * through one COPY kept open while the file is read, so the server stores rows while the next
 * ones are read and matched; the new dictionary rows (crime_profiles, crime_places,
 * crime_extras) take ids reserved in blocks (bh_db_bulk_ids) and are written after the rows, by
 * COPY too — a round trip per block instead of one per new value. Not a public header. */
#ifndef BH_CRIMES_BULK_H
#define BH_CRIMES_BULK_H

#include "core/status.h"
#include "db/db.h"

/* One crime_rows row as the importer keeps it before writing. */
typedef struct bh_crime_row_ids {
    long long file_id, line, profile_id, place_id, extra_id;
    char date[11]; /* "" when 不明 */
    int ym, hour;  /* 0 / -1 when 不明 */
} bh_crime_row_ids;

/* A dictionary table: its name and the columns of a tuple (after the id). */
typedef struct bh_crime_bulk_table {
    const char *table;
    const char *const *cols;
    int n;
} bh_crime_bulk_table;

typedef struct bh_crime_bulk bh_crime_bulk;

/* A writer for db (which has a bulk path) with n_tables dictionary tables (kept by pointer: they
 * outlive the writer). *out: destroy with bh_crime_bulk_destroy. */
BH_MUST_CHECK bh_status bh_crime_bulk_create(bh_db *db, const bh_crime_bulk_table *tables,
                                             int n_tables, bh_crime_bulk **out);
/* The id of a new tuple of dictionary table k, whose values are key[0..len): each value
 * NUL-terminated, a NULL one written as the byte FF (the importer's dict key). The tuple is
 * written by bh_crime_bulk_finish. */
BH_MUST_CHECK bh_status bh_crime_bulk_dict(bh_crime_bulk *b, int k, const char *key, size_t len,
                                           long long *id);
/* Writes rows[0..n) to crime_rows (their ids from the table's identity). */
BH_MUST_CHECK bh_status bh_crime_bulk_rows(bh_crime_bulk *b, const bh_crime_row_ids *rows, int n);
/* Ends the rows' COPY and writes the new dictionary tuples (ok 0: abandons both, for a file that
 * failed; the caller rolls back). The first error. */
BH_MUST_CHECK bh_status bh_crime_bulk_finish(bh_crime_bulk *b, int ok);
/* Abandons what is unwritten and frees b; NULL is a no-op. */
void bh_crime_bulk_destroy(bh_crime_bulk *b);

#endif

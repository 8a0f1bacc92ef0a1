/* Helpers shared by the crime importers (import.c, counts.c); not a public API. */
#ifndef BH_CRIMES_INTERNAL_H
#define BH_CRIMES_INTERNAL_H

#include "db/db.h"

/* Begins a transaction unless the caller already has one open (*own says which). */
BH_MUST_CHECK bh_status bh_crimes_tx_begin(bh_db *db, int *own);
/* 1 when a crime file with this SHA-256 was imported before. */
int bh_crimes_file_known(bh_db *db, const char *sha256);
/* Inserts a crime_files row; *id gets its id. */
BH_MUST_CHECK bh_status bh_crimes_file_insert(bh_db *db, const char *path, const char *sha256,
                                              const char *encoding, const char *kind,
                                              long long *id);
/* Sets rows_read, sample, duplicated_columns, crime_type and (unless NULL) sha256 of a
 * crime_files row. */
BH_MUST_CHECK bh_status bh_crimes_file_finish(bh_db *db, long long id, const char *sha256,
                                              long rows, int sample, int duplicated,
                                              const char *crime_type);

#endif

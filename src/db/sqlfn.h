/* SQL functions of the library, registered on every connection bh_db_open makes:
 *
 *   bh_oaza(name)  the 大字 of a 町丁目 name by the library's one rule (bh_norm_oaza,
 *                  core/normalize.h); NULL for NULL.
 *   bh_chome_key(name)  the key the 町丁目 matcher compares (bh_norm_chome): blocks whose names
 *                  have one key are one place (crimes/places.h); NULL for NULL.
 *
 * Scripts outside the library get the same functions by loading libbohan as an SQLite extension
 * (sqlite3 / spatialite shell: `.load path/to/libbohan.so`, entry point sqlite3_bohan_init). */
#ifndef BH_DB_SQLFN_H
#define BH_DB_SQLFN_H

#include <sqlite3.h>
#include "bohan/export.h"

/* Registers the functions on sq; SQLITE_OK or an SQLite error code. */
int bh_sqlfn_register(sqlite3 *sq);

/* The SQLite extension entry point (the name SQLite derives from libbohan.so). */
BH_API int sqlite3_bohan_init(sqlite3 *sq, char **errmsg, const sqlite3_api_routines *api);

#endif

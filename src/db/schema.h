/* Creates and checks the bohan schema (SQL files embedded at build time). */
#ifndef BH_SCHEMA_H
#define BH_SCHEMA_H

#include "db/db.h"

/* bh_schema_check is public (bohan/db.h). */

#define BH_SCHEMA_VERSION "2" /* 2: crimes is a view over crime_rows (src/crimes/schema.sql) */

/* Creates SpatiaLite metadata (only the SRIDs we use) and every room's tables in one
 * transaction-less batch: call inside the caller's transaction on an empty database. */
BH_MUST_CHECK bh_status bh_schema_create(bh_db *db, int srid);

#endif

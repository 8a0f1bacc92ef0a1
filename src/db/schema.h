/* Creates and checks the bohan schema (SQL files embedded at build time). */
#ifndef BH_SCHEMA_H
#define BH_SCHEMA_H

#include "db/db.h"

/* bh_schema_check and bh_schema_migrate are public (bohan/db.h). */

/* BH_SCHEMA_VERSION is public (bohan/db.h). */

/* SpatiaLite metadata with the SRIDs bohan uses (srid and the geographic ones imports meet). */
BH_MUST_CHECK bh_status bh_schema_spatial_init(bh_db *db, int srid);

/* Creates SpatiaLite metadata (only the SRIDs we use) and every room's tables in one
 * transaction-less batch: call inside the caller's transaction on an empty database. */
BH_MUST_CHECK bh_status bh_schema_create(bh_db *db, int srid);

#endif

/* Creates and checks the bohan schema (SQL files embedded at build time). */
#ifndef BH_SCHEMA_H
#define BH_SCHEMA_H

#include "db/db.h"

#define BH_SCHEMA_VERSION "3" /* 3: plan texts per fiscal year (src/plan/schema.sql, migrate.c) */

/* Creates SpatiaLite metadata (only the SRIDs we use) and every room's tables in one
 * transaction-less batch: call inside the caller's transaction on an empty database. */
BH_MUST_CHECK bh_status bh_schema_create(bh_db *db, int srid);
/* Upgrades an existing database to BH_SCHEMA_VERSION inside the caller's transaction, keeping
 * every row (2 → 3: the plan's R5/R6 text columns become plan_texts rows of cycle R5). *from
 * receives the version found; nothing is done when it is current. BH_E_SCHEMA for a version
 * that cannot be migrated. */
BH_MUST_CHECK bh_status bh_schema_migrate(bh_db *db, int *from);
/* BH_E_SCHEMA unless db was made by bh_schema_create with this schema version. */
BH_MUST_CHECK bh_status bh_schema_check(bh_db *db);

#endif

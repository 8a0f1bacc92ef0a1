/* The city database: one SpatiaLite file, the single source of truth. */
#ifndef BOHAN_DB_H
#define BOHAN_DB_H

#include "bohan/ctx.h"

BH_BEGIN_DECLS

/* The schema version this bohan writes and reads (meta table); older files: bh_schema_migrate. */
#define BH_SCHEMA_VERSION "3" /* 3: plan texts per fiscal year (src/plan/years.sql) */

typedef struct bh_db bh_db;

enum bh_db_flags {
    BH_DB_READONLY = 1, /* open an existing file read-only */
    BH_DB_CREATE = 2    /* create the file if missing */
};

/* Opens path with SpatiaLite loaded. *out is owned by the caller (bh_db_close). An existing
 * file must carry the bohan schema unless BH_DB_CREATE is given. */
BH_API BH_WARN_UNUSED bh_status bh_db_open(bh_ctx *ctx, const char *path, unsigned flags,
                                           bh_db **out);
/* Closes; NULL is a no-op. An open transaction is rolled back. */
BH_API void bh_db_close(bh_db *db);
/* The file's path (borrowed, valid while db is open). */
BH_API const char *bh_db_path(const bh_db *db);

/* BH_E_SCHEMA unless db was made by bohan with this version of the schema (src/db/schema.c). */
BH_API BH_WARN_UNUSED bh_status bh_schema_check(bh_db *db);
/* Upgrades the database file at path to this bohan's schema in one transaction, keeping every
 * row (2 → 3: the plan's R5/R6 text columns become plan_texts rows of cycle R5). *from receives
 * the version found; nothing is done when it is current. BH_E_SCHEMA for a version that cannot
 * be migrated; on any failure the file is unchanged. */
BH_API BH_WARN_UNUSED bh_status bh_schema_migrate(bh_ctx *ctx, const char *path, int *from);

BH_END_DECLS

#endif

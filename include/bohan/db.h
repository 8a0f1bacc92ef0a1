/* The city database: one SpatiaLite file, the single source of truth. */
#ifndef BOHAN_DB_H
#define BOHAN_DB_H

#include "bohan/ctx.h"
#include "bohan/strbuf.h"

BH_BEGIN_DECLS

/* The schema version this bohan writes and reads (meta table); older files: bh_schema_migrate. */
#define BH_SCHEMA_VERSION "4" /* 4: plan links per cycle; 3: plan texts per fiscal year */

typedef struct bh_db bh_db;

/* The backend of a connection (docs/architecture.md, "Database backends"). */
typedef enum bh_db_kind {
    BH_DB_SQLITE = 0,  /* a SpatiaLite file */
    BH_DB_POSTGRES = 1 /* PostgreSQL + PostGIS: "postgresql://…" or "PG:dbname=…" */
} bh_db_kind;

enum bh_db_flags {
    BH_DB_READONLY = 1, /* open an existing file read-only */
    BH_DB_CREATE = 2    /* create the file if missing */
};

/* Opens path with SpatiaLite loaded, or the PostgreSQL database that path names when
 * bh_db_target_is_postgres(path) (libpq; the password comes from PGPASSFILE or a service file,
 * one written in path is refused, and no message ever shows it). *out is owned by the caller
 * (bh_db_close). An existing file must carry the bohan schema unless BH_DB_CREATE is given. */
BH_API BH_WARN_UNUSED bh_status bh_db_open(bh_ctx *ctx, const char *path, unsigned flags,
                                           bh_db **out);
/* Closes; NULL is a no-op. An open transaction is rolled back. */
BH_API void bh_db_close(bh_db *db);
/* The file's path, or the PostgreSQL target without any password (borrowed, valid while db is
 * open). */
BH_API const char *bh_db_path(const bh_db *db);
/* The backend of db. */
BH_API bh_db_kind bh_db_kind_of(const bh_db *db);
/* 1 if target names a PostgreSQL database: "postgresql://…", "postgres://…" or "PG:…". */
BH_API int bh_db_target_is_postgres(const char *target);

/* Copies the bohan database src into dst (either may be a SpatiaLite file or PostgreSQL) in one
 * transaction on dst: every table, row and geometry, the views and indexes, and what the other
 * backend cannot hold (SQLite triggers, WITHOUT ROWID) recorded so that a copy back restores it.
 * A file dst must not exist; a PostgreSQL dst must hold no bohan tables (and have PostGIS). On
 * failure dst is unchanged (a file is removed). */
BH_API BH_WARN_UNUSED bh_status bh_db_copy(bh_ctx *ctx, const char *src, const char *dst);
/* One line per user table, sorted by name: "table rows digest" where digest (32 hex digits) is
 * the same for the same rows on either backend (order-independent; geometry compared as WKB,
 * reals exactly), appended to out (the caller's buffer). */
BH_API BH_WARN_UNUSED bh_status bh_db_digest(bh_db *db, bh_strbuf *out);

/* BH_E_SCHEMA unless db was made by bohan with this version of the schema (src/db/schema.c). */
BH_API BH_WARN_UNUSED bh_status bh_schema_check(bh_db *db);
/* Upgrades the database file at path to this bohan's schema in one transaction, keeping every
 * row (2 → 3: the plan's R5/R6 text columns become plan_texts rows of cycle R5). *from receives
 * the version found; nothing is done when it is current. BH_E_SCHEMA for a version that cannot
 * be migrated; on any failure the file is unchanged. */
BH_API BH_WARN_UNUSED bh_status bh_schema_migrate(bh_ctx *ctx, const char *path, int *from);

BH_END_DECLS

#endif

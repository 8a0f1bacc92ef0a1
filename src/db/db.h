/* The city database: a SpatiaLite file or a PostGIS database (db/backend.h), the single source
 * of truth. */
#ifndef BH_DB_H
#define BH_DB_H

#include <stdarg.h>
#include <sqlite3.h>
#include "bohan/db.h"
#include "core/ctx.h"
#include "db/stmt.h"

/* Borrowed handles. On PostgreSQL bh_db_sqlite is an empty connection that refuses every
 * statement ("not authorized"): code not yet converted to db/stmt.h fails there, never crashes;
 * such code calls bh_db_require_sqlite first for a plain message. */
sqlite3 *bh_db_sqlite(bh_db *db);
/* BH_OK on SQLite; else records "TARGET: not yet available on PostgreSQL: what" and returns
 * BH_E_UNSUPPORTED. */
BH_MUST_CHECK bh_status bh_db_require_sqlite(bh_db *db, const char *what);
/* One snapshot for a reader of many statements (a map, an atlas): on PostgreSQL a REPEATABLE READ
 * READ ONLY transaction, so every statement sees the same committed state while writers commit
 * meanwhile; on SQLite nothing (the statements read the file as it is). *began: 1 when this call
 * began it (0 inside an open transaction); bh_db_read_end(db, began) ends it. */
BH_MUST_CHECK bh_status bh_db_read_begin(bh_db *db, int *began);
void bh_db_read_end(bh_db *db, int began);
/* 1 while bh_db_begin's transaction (or bh_db_read_begin's snapshot) is open. */
int bh_db_in_tx(bh_db *db);
/* 1 while bh_db_begin's transaction is open, not a read-only snapshot. */
int bh_db_in_write_tx(bh_db *db);
bh_ctx *bh_db_ctx(bh_db *db);
/* What db's messages name instead of its path (a working copy names the database it copies:
 * bh_db_path of that one, shown without password). */
BH_MUST_CHECK bh_status bh_db_set_path(bh_db *db, const char *shown);

/* Runs one or more statements; on failure records "path: SQL error: ..." in the ctx. */
BH_MUST_CHECK bh_status bh_db_exec(bh_db *db, const char *sql);
/* printf-style bh_db_exec. Use only with trusted fragments; bind values otherwise. */
BH_MUST_CHECK bh_status bh_db_execf(bh_db *db, const char *fmt, ...) BH_PRINTF(2, 3);
/* The va_list form, shared by bh_db_execf and bh_db_execq (which takes %Q/%w, unchecked by gcc). */
BH_MUST_CHECK bh_status bh_db_vexecf(bh_db *db, const char *fmt, va_list ap);
/* Prepares one SQLite statement (SQLite only; db/stmt.h for code that runs on both); the caller
 * finalizes *stmt. */
BH_MUST_CHECK bh_status bh_db_prepare(bh_db *db, const char *sql, sqlite3_stmt **stmt);
/* Records the connection's last error against the ctx, prefixed by what. */
bh_status bh_db_fail(bh_db *db, const char *what);

/* One transaction per command: begin, then commit or rollback. Nested begins are an error. */
BH_MUST_CHECK bh_status bh_db_begin(bh_db *db);
BH_MUST_CHECK bh_status bh_db_commit(bh_db *db);
/* Always safe to call; a no-op without an open transaction. */
void bh_db_rollback(bh_db *db);

/* Key/value facts about the database (city, SRID, schema version). */
BH_MUST_CHECK bh_status bh_db_meta_set(bh_db *db, const char *key, const char *value);
/* Returns a malloc'ed copy (caller frees) or NULL when the key is absent. */
char *bh_db_meta_get(bh_db *db, const char *key);
/* Storage SRID recorded at init; 0 when the database was never initialised. */
int bh_db_srid(bh_db *db);

/* Runs sql (one SELECT of one integer) and returns the value, or fallback on any failure. */
long long bh_db_scalar_int(bh_db *db, const char *sql, long long fallback);
/* 1 if the table exists. */
int bh_db_has_table(bh_db *db, const char *name);
/* Reads the schema table and says what is wrong when it cannot (src/db/health.c): locked, needs
 * recovery by a writer (hot journal), not an SQLite file, damaged (integrity_check's first line).
 * deep also runs PRAGMA integrity_check on a readable file. Records the error in the ctx. */
BH_MUST_CHECK bh_status bh_db_check_health(bh_db *db, int deep);
/* 1 if the connection cannot write (read-only open, or a write-protected file; PostgreSQL: opened
 * BH_DB_READONLY, so every transaction is read-only). */
int bh_db_readonly(bh_db *db);
/* Refuses an output path that names the database file itself (or its journal): records
 * "PATH: is the database itself" and returns BH_E_USAGE; BH_OK otherwise. */
BH_MUST_CHECK bh_status bh_db_check_output(bh_db *db, const char *path);

#endif

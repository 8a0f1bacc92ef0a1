/* bohan db copy (public: bh_db_copy): a whole city database from one backend to the other. */
#ifndef BH_DB_COPY_H
#define BH_DB_COPY_H

#include "core/strbuf.h"
#include "db/db.h"

/* bh_db_copy from an open source (bohan init on PostgreSQL copies the database it built). replace:
 * a PostgreSQL dst's bohan tables and views are dropped first, in the same transaction. */
BH_MUST_CHECK bh_status bh_db_copy_open(bh_db *src, const char *dst_target, int replace);

/* One object of the SQLite schema (sqlite_master row) that a copy carries: PostgreSQL keeps the
 * list in table bh_sqlite_schema, so a copy back to SpatiaLite restores what PostgreSQL cannot
 * hold (triggers, WITHOUT ROWID, CHECK constraints, the declared types). */
typedef struct bh_copy_obj {
    char *type, *name, *tbl, *sql;
} bh_copy_obj;

typedef struct bh_copy_schema {
    bh_copy_obj *obj;
    size_t n;
} bh_copy_schema;

/* Reads the record of src (sqlite_master of a SpatiaLite file less SpatiaLite's own objects, or
 * bh_sqlite_schema of PostgreSQL; empty when absent). */
BH_MUST_CHECK bh_status bh_copy_schema_read(bh_db *src, bh_copy_schema *out);
void bh_copy_schema_free(bh_copy_schema *s);
/* The CREATE TABLE of table on dst: the recorded SQL on SQLite when there is one, else made from
 * the columns (PostgreSQL types, identity id, a "rowid" column for SQLite rowid tables). */
BH_MUST_CHECK bh_status bh_copy_create_table(bh_db *dst, const bh_copy_schema *rec,
                                             const char *table, const bh_db_column *cols, size_t n,
                                             int rowid);
/* Indexes, views and (SQLite) triggers of the record on dst, after the rows; on PostgreSQL the
 * record is stored in bh_sqlite_schema. */
BH_MUST_CHECK bh_status bh_copy_finish_schema(bh_db *dst, const bh_copy_schema *rec);
/* The UNIQUE constraints of a SQLite table, added on a PostgreSQL copy of it. */
BH_MUST_CHECK bh_status bh_copy_pg_uniques(bh_db *src, bh_db *dst, const char *table);
/* One table of src created on dst (as bh_db_copy creates it) and its rows copied. */
BH_MUST_CHECK bh_status bh_copy_table(bh_db *src, bh_db *dst, const bh_copy_schema *rec,
                                      const char *name);
/* The rows of dst's table name replaced by src's (same columns), ids and rowids kept, dst's
 * identities continued after them (db/stage.c writes a working copy back). */
BH_MUST_CHECK bh_status bh_copy_rows_replace(bh_db *src, bh_db *dst, const bh_copy_schema *rec,
                                             const char *name);
/* One "table rows digest" line of bh_db_digest (db/digest.c). */
BH_MUST_CHECK bh_status bh_db_digest_table(bh_db *db, const char *table, bh_strbuf *out);
/* The recorded CREATE TABLE of table, or NULL. */
const char *bh_copy_schema_table_sql(const bh_copy_schema *rec, const char *table);

#endif

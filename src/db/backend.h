/* The database backends behind bh_db (docs/architecture.md, "Database backends").
 *
 * A bh_db is one connection to one backend: SQLite + SpatiaLite (a file path) or PostgreSQL +
 * PostGIS (a "postgresql://" URI or a "PG:" keyword string, db/target.h). Rooms above db talk to
 * it through the neutral statement API below (bh_stmt: prepare, bind, step, column, finalize;
 * "?" and "?N" parameters on both backends) and ask the backend's dialect for the spatial SQL
 * that differs (bh_db_dialect). Only the db room includes this header's private half (the struct
 * and the vtable); rooms use db/db.h. */
#ifndef BH_DB_BACKEND_H
#define BH_DB_BACKEND_H

#include <sqlite3.h>
#include "db/stmt.h"

typedef struct bh_db_backend {
    const char *name; /* "SQLite", "PostgreSQL" */
    bh_db_kind kind;
    const bh_db_dialect *dialect;
    bh_status (*open)(bh_db *db, const char *target, unsigned flags);
    void (*close)(bh_db *db);
    bh_status (*exec)(bh_db *db, const char *sql); /* one or more statements */
    bh_status (*begin)(bh_db *db);
    bh_status (*commit)(bh_db *db);
    void (*rollback)(bh_db *db);
    bh_status (*prepare)(bh_db *db, const char *sql, bh_stmt **out);
    void (*bind)(bh_stmt *st, int i, const bh_value *v); /* i from 1; copies the value */
    int (*step)(bh_stmt *st);
    void (*reset)(bh_stmt *st);
    void (*finalize)(bh_stmt *st);
    int (*column_count)(bh_stmt *st);
    const char *(*column_name)(bh_stmt *st, int i);
    /* Column i (from 0) of the current row; p valid until the next step/reset/finalize. */
    void (*column)(bh_stmt *st, int i, bh_value *out);
    int (*has_table)(bh_db *db, const char *name);
    /* The user tables (no SpatiaLite/PostGIS bookkeeping), sorted by name; caller frees. */
    bh_status (*list_tables)(bh_db *db, char ***names, size_t *n);
    /* The columns of a user table, in order; bh_db_columns_free. */
    bh_status (*table_columns)(bh_db *db, const char *table, bh_db_column **cols, size_t *n);
    bh_status (*add_geometry_column)(bh_db *db, const char *table, const char *col,
                                     const char *type, int srid);
    bh_status (*create_spatial_index)(bh_db *db, const char *table, const char *col);
    /* Bulk rows into table (NULL when the backend has none: prepared INSERTs then): begin with
     * the column names (geom[i]: column i is geometry, given as WKB in the column's SRID), one
     * call per row, end (ok 0: abandon). PostgreSQL: COPY FROM STDIN. */
    bh_status (*bulk_begin)(bh_db *db, const char *table, const char *const *cols, int n,
                            const int *geom, void **bulk);
    bh_status (*bulk_row)(void *bulk, const bh_value *vals);
    bh_status (*bulk_end)(void *bulk, int ok);
    /* n new values of table.col's identity (ids[0..n)), for rows a bulk load gives their id:
     * values never handed out twice, also to concurrent writers. */
    bh_status (*bulk_ids)(bh_db *db, const char *table, const char *col, int n, long long *ids);
    /* *id: at or above every value of table.col's identity handed out so far, also to
     * uncommitted writers (NULL: the caller reads max(col)). */
    bh_status (*bulk_high_id)(bh_db *db, const char *table, const char *col, long long *id);
} bh_db_backend;

extern const bh_db_backend bh_db_sqlite_backend;
extern const bh_db_backend bh_db_pg_backend;

/* Every backend's statement starts with this. */
struct bh_stmt {
    bh_db *db;
    char num[32]; /* bh_stmt_column_text of a number */
};

/* The connection; fields are the backends' (db.c dispatches). */
struct bh_db {
    bh_ctx *ctx;
    const bh_db_backend *be;
    sqlite3 *sq;       /* SQLite: the connection; PostgreSQL: an empty guard (see backend_pg.c) */
    void *spl_cache;   /* SpatiaLite connection cache */
    void *pg;          /* PGconn */
    unsigned pg_stmts; /* names of prepared statements */
    int pg_readonly;   /* opened BH_DB_READONLY: every transaction is read-only */
    int pg_snapshot;   /* in a REPEATABLE READ READ ONLY transaction: no table comes or goes */
    int pg_listed;     /* pg_tables holds the snapshot's tables (has_table answers from it) */
    char **pg_tables;
    size_t pg_ntables;
    int pg_srid_known; /* pg_srid is the snapshot's bh_db_srid (an atlas asks per page) */
    int pg_srid;
    char *path; /* as shown in messages: a file path, or the target without password */
    int in_tx;
    int committing; /* bh_db_commit is the one committing */
};

#endif

/* The neutral statement API and the SQL dialect of a bh_db (docs/architecture.md, "Database
 * backends"). Rooms above db use these, never sqlite3_* or libpq, for code that must run on
 * both backends: "?" and "?N" parameters, values typed as below, spatial SQL from bh_db_sql(). */
#ifndef BH_DB_STMT_H
#define BH_DB_STMT_H

#include <stddef.h>
#include "bohan/db.h"
#include "core/ctx.h"

typedef struct bh_stmt bh_stmt;

/* Value types of a bound parameter or a result column. */
typedef enum bh_value_type {
    BH_VAL_NULL = 0,
    BH_VAL_INT,
    BH_VAL_REAL,
    BH_VAL_TEXT,
    BH_VAL_BLOB
} bh_value_type;

/* One value; p/n borrowed (text is NUL-terminated, n its length). */
typedef struct bh_value {
    bh_value_type type;
    long long i;
    double d;
    const void *p;
    size_t n;
} bh_value;

/* bh_stmt_step results; an error returns BH_STEP_ERROR and is recorded in the ctx. */
enum { BH_STEP_ERROR = -1, BH_STEP_DONE = 0, BH_STEP_ROW = 1 };

/* The SQL that differs between the backends (printf formats over trusted fragments). */
typedef struct bh_db_dialect {
    const char *geom_out; /* "%s" geometry → WKB blob: AsBinary(%s) | ST_AsBinary(%s) */
    const char *geom_in;  /* "%s" WKB, "%d" SRID → geometry: GeomFromWKB | ST_GeomFromWKB */
    const char *dwithin;  /* "%s" a, "%s" b, "%s" metres: PtDistWithin | ST_DWithin */
    const char *multi;    /* "%s" geometry → its MULTI type: CastToMulti | ST_Multi */
    /* Same on both: ST_Area, ST_Intersection, ST_Intersects, ST_PointOnSurface, ST_X, ST_Y. */
    const char *union_agg; /* "%s" geometry column → aggregate union: ST_Union on both */
    const char *bbox;      /* "%s" geometry, "%.17g" ×4, "%d" SRID: MbrIntersects | && */
    const char *now_utc;   /* current UTC time as 'YYYY-MM-DDTHH:MM:SSZ' text */
    const char *group_any; /* "%s" column → its value in a one-row group: bare | array_agg[1] */
    const char *strpos;    /* "%s" text, "%s" needle → 1-based position or 0: instr | strpos */
    const char *mbr_hit;   /* "%s" a, "%s" b: their boxes meet: MbrIntersects(a, b) | a && b */
    const char *envelope; /* "%s" ×4 (minx miny maxx maxy), "%d" SRID: BuildMbr | ST_MakeEnvelope */
    const char *point;    /* "%.17g" x, "%.17g" y, "%d" SRID: MakePoint | ST_Point */
    const char *bounds;   /* "%s" ×4 the same geometry: its min x, min y, max x, max y */
    const char *transform; /* "%s" geometry, "%d" SRID → reprojected: Transform | ST_Transform */
    /* A statement taking a lock on the text key bound to ?1 until the transaction ends, so that
     * writers of the same key take turns (PostgreSQL: an advisory lock); NULL when writers take
     * turns anyway (SQLite: BEGIN IMMEDIATE). */
    const char *key_lock;
    /* Read side (render, hotspots): "%s" hex of a WKB, "%d" SRID → geometry (a literal for SQL
     * that cannot bind, e.g. a style's where): GeomFromWKB(X'…') | ST_GeomFromWKB('\x…'::bytea) */
    const char *geom_hex;
    /* The rows (alias) of table whose box meets frame (an SQL geometry), through the spatial
     * index of its column geom: the SpatialIndex virtual table (MbrIntersects when the table has
     * none) | the GiST index (&&). An allocated condition (bh_free), NULL when out of memory. */
    char *(*index_hit)(bh_db *db, const char *table, const char *alias, const char *frame);
} bh_db_dialect;

/* One column of a table as the catalogue sees it (bh_db_backend.table_columns). */
typedef struct bh_db_column {
    char *name;
    char *type;     /* declared type (SQLite) or the PostgreSQL type name */
    int notnull;    /* NOT NULL */
    int pk;         /* 1-based position in the primary key, 0 when not part of it */
    char *dflt;     /* default expression as declared, or NULL */
    char *geometry; /* POINT, MULTIPOLYGON … when a geometry column, else NULL */
    int srid;       /* of a geometry column */
} bh_db_column;

/* Statements (db/stmt.c): what every room calls. The ctx records errors as "PATH: SQL error: …".
 * Every bound value is copied (text and blobs may be freed after the bind). */
BH_MUST_CHECK bh_status bh_stmt_prepare(bh_db *db, const char *sql, bh_stmt **out);
/* fmt is an sqlite3_mprintf format: %Q quotes a string literal, %w doubles " in an identifier. */
BH_MUST_CHECK bh_status bh_stmt_preparef(bh_db *db, bh_stmt **out, const char *fmt, ...);
/* bh_db_exec of an sqlite3_mprintf format (%Q, %w), on either backend. */
BH_MUST_CHECK bh_status bh_db_execq(bh_db *db, const char *fmt, ...);
void bh_stmt_bind_null(bh_stmt *st, int i);
void bh_stmt_bind_int64(bh_stmt *st, int i, long long v);
void bh_stmt_bind_double(bh_stmt *st, int i, double v);
void bh_stmt_bind_text(bh_stmt *st, int i, const char *s); /* NULL binds NULL */
void bh_stmt_bind_blob(bh_stmt *st, int i, const void *p, size_t n);
void bh_stmt_bind_value(bh_stmt *st, int i, const bh_value *v);
int bh_stmt_step(bh_stmt *st);
void bh_stmt_reset(bh_stmt *st);
void bh_stmt_finalize(bh_stmt *st); /* NULL is a no-op */
int bh_stmt_column_count(bh_stmt *st);
const char *bh_stmt_column_name(bh_stmt *st, int i);
bh_value_type bh_stmt_column_type(bh_stmt *st, int i);
long long bh_stmt_column_int64(bh_stmt *st, int i);
double bh_stmt_column_double(bh_stmt *st, int i);
const char *bh_stmt_column_text(bh_stmt *st, int i); /* NULL for NULL */
const void *bh_stmt_column_blob(bh_stmt *st, int i, size_t *n);
void bh_stmt_column_value(bh_stmt *st, int i, bh_value *out);

/* Bulk rows into one table (PostgreSQL: COPY FROM STDIN), for writers of many rows. The rows
 * go in between begin and end, with no other statement on the connection meanwhile. */
typedef struct bh_db_bulk bh_db_bulk;
/* 1 when db's backend has a bulk path (else prepared INSERTs are as fast). */
int bh_db_has_bulk(bh_db *db);
/* cols: the n column names; geom[i] (or geom NULL): column i is geometry as WKB. *out owned by
 * the caller until bh_db_bulk_end. */
BH_MUST_CHECK bh_status bh_db_bulk_begin(bh_db *db, const char *table, const char *const *cols,
                                         int n, const int *geom, bh_db_bulk **out);
BH_MUST_CHECK bh_status bh_db_bulk_row(bh_db_bulk *b, const bh_value *vals);
/* Ends (ok 0: abandons) and frees b; the first error of the rows or the end. */
BH_MUST_CHECK bh_status bh_db_bulk_end(bh_db_bulk *b, int ok);
/* n new values of table.col's identity into ids[0..n) (bulk backends only): ids for rows
 * written through the bulk path, so that rows referring to them can be written before them
 * without a round trip each. Values are never handed out twice (also to concurrent writers);
 * some may go unused (gaps, as after a rollback). */
BH_MUST_CHECK bh_status bh_db_bulk_ids(bh_db *db, const char *table, const char *col, int n,
                                       long long *ids);
/* *id: an id at or above every id of table.col (an integer primary key) there is so far: rows
 * written from now on get greater ones. On PostgreSQL the identity's last value (cheap; max(col)
 * would walk back over the rows concurrent writers have not committed yet), else max(col). */
BH_MUST_CHECK bh_status bh_db_high_id(bh_db *db, const char *table, const char *col, long long *id);

/* The statement's connection. */
bh_db *bh_stmt_db(bh_stmt *st);

/* The dialect of db's backend (never NULL). */
const bh_db_dialect *bh_db_sql(bh_db *db);
/* Catalogue (see bh_db_backend). */
BH_MUST_CHECK bh_status bh_db_list_tables(bh_db *db, char ***names, size_t *n);
BH_MUST_CHECK bh_status bh_db_table_columns(bh_db *db, const char *table, bh_db_column **cols,
                                            size_t *n);
void bh_db_columns_free(bh_db_column *cols, size_t n);
void bh_db_names_free(char **names, size_t n);
/* The first column of every row of sql (param bound to ?1 when not NULL), as text ("" for NULL),
 * in order; *out owned by the caller (bh_db_names_free). */
BH_MUST_CHECK bh_status bh_db_text_column(bh_db *db, const char *sql, const char *param,
                                          char ***out, size_t *n);

#endif

/* The SQLite + SpatiaLite backend (db/backend.h): a city database in one file. */
#include "db/backend.h"
#include "core/alloc.h"
#include "core/array.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <spatialite.h>
#include "core/strbuf.h"
#include "db/db.h"
#include "db/sqlfn.h"

typedef struct sq_stmt {
    bh_stmt base;
    sqlite3_stmt *q;
} sq_stmt;

/* While a command's transaction is open, no other commit may happen: after SQLite rolled the
 * transaction back by itself (a full disk, I/O error), the statements that follow would otherwise
 * run and commit one by one (SpatiaLite's history and index rows). Vetoed, they roll back. */
static int sq_commit_hook(void *user)
{
    const bh_db *db = user;
    return db->in_tx && !db->committing;
}

/* 1 when the file has reached its page limit (max_page_count): SpatiaLite swallows the
 * SQLITE_FULL of its own statements, so what fails next is only a consequence of it. */
static int sq_at_page_limit(bh_db *db)
{
    sqlite3_stmt *q;
    int full = 0;
    if (sqlite3_prepare_v2(db->sq,
                           "SELECT (SELECT page_count FROM pragma_page_count) >= "
                           "(SELECT max_page_count FROM pragma_max_page_count)",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        full = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return full;
}

/* The conditions a user can act on, named plainly; NULL for the rest (SQLite's message). */
static const char *sq_plain_reason(bh_db *db)
{
    int code = sqlite3_errcode(db->sq) & 0xff;
    /* The code may be reset by the statements after the failure; the OS error is kept. */
    if (code == SQLITE_FULL || sqlite3_system_errno(db->sq) == ENOSPC ||
        (code != SQLITE_BUSY && code != SQLITE_LOCKED && code != SQLITE_CORRUPT &&
         sq_at_page_limit(db)))
        return "disk full (nothing was written: the transaction was rolled back)";
    switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "database is locked by another writer; try again when it has finished";
    case SQLITE_CORRUPT:
        return "database is damaged (check it with sqlite3 FILE 'PRAGMA integrity_check')";
    default:
        return NULL;
    }
}

bh_status bh_db_fail(bh_db *db, const char *what)
{
    if (db->be->kind != BH_DB_SQLITE)
        return bh_error(db->ctx, BH_E_DB, "%s: %s: failed", db->path, what);
    char msg[512]; /* SQLite's message, before sq_plain_reason's own query replaces it */
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db->sq));
    const char *plain = sq_plain_reason(db);
    if (plain)
        return bh_error(db->ctx, BH_E_DB, "%s: %s: %s", db->path, what, plain);
    return bh_error(db->ctx, BH_E_DB, "%s: %s: %s", db->path, what, msg);
}

/* TEST ONLY: BOHAN_MAX_PAGES=N caps the database file at N pages (PRAGMA max_page_count), so the
 * disk-full tests run where no small file system can be mounted. Never set it for real work. */
static void sq_test_max_pages(bh_db *db, unsigned flags)
{
    const char *mp = getenv("BOHAN_MAX_PAGES");
    if ((flags & BH_DB_READONLY) || mp == NULL || *mp == '\0')
        return;
    char *end;
    long long n = strtoll(mp, &end, 10);
    if (*end != '\0' || n <= 0)
        return;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", n);
    sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
}

static bh_status sq_open(bh_db *db, const char *path, unsigned flags)
{
    int oflags = (flags & BH_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & BH_DB_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    /* A connection belongs to one thread (helper threads never touch SQLite): skip the locks. */
    oflags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->sq, oflags, NULL) != SQLITE_OK)
        return bh_error(db->ctx, (flags & BH_DB_CREATE) ? BH_E_IO : BH_E_NOT_FOUND,
                        "%s: cannot open database: %s", path,
                        db->sq ? sqlite3_errmsg(db->sq) : "out of memory");
    sqlite3_extended_result_codes(db->sq, 1);
    if (bh_sqlfn_register(db->sq) != SQLITE_OK)
        return bh_error(db->ctx, BH_E_NOMEM, "%s: cannot register SQL functions: %s", path,
                        sqlite3_errmsg(db->sq));
    sqlite3_commit_hook(db->sq, sq_commit_hook, db);
    sq_test_max_pages(db, flags);
    db->spl_cache = spatialite_alloc_connection();
    spatialite_init_ex(db->sq, db->spl_cache, 0);
    spatialite_set_silent_mode(db->spl_cache); /* GEOS notices must not reach stderr */
    return BH_OK;
}

static void sq_close(bh_db *db)
{
    if (db->sq)
        sqlite3_close_v2(db->sq);
    if (db->spl_cache)
        spatialite_cleanup_ex(db->spl_cache);
}

/* The transaction is gone although the command did not end it: SQLite rolled it back. */
static bh_status sq_tx_lost(bh_db *db)
{
    if (db->in_tx && sqlite3_get_autocommit(db->sq)) {
        const char *plain = sq_plain_reason(db);
        /* The failing statement's code is gone when its caller did not report it. */
        return bh_error(db->ctx, BH_E_DB, "%s: the transaction was rolled back: %s", db->path,
                        plain ? plain
                              : "SQLite rolled it back after a disk full or I/O error; nothing "
                                "was written");
    }
    return BH_OK;
}

static bh_status sq_exec(bh_db *db, const char *sql)
{
    char *err = NULL;
    if (sq_tx_lost(db) != BH_OK)
        return BH_E_DB;
    if (sqlite3_exec(db->sq, sql, NULL, NULL, &err) != SQLITE_OK) {
        char msg[512]; /* before sq_plain_reason's own query replaces it */
        snprintf(msg, sizeof msg, "%s", err ? err : sqlite3_errmsg(db->sq));
        const char *plain = sq_plain_reason(db);
        bh_status st = plain ? bh_error(db->ctx, BH_E_DB, "%s: %s", db->path, plain)
                             : bh_error(db->ctx, BH_E_DB, "%s: SQL error: %s", db->path, msg);
        sqlite3_free(err);
        return st;
    }
    return BH_OK;
}

bh_status bh_db_prepare(bh_db *db, const char *sql, sqlite3_stmt **stmt)
{
    *stmt = NULL;
    if (db->be->kind != BH_DB_SQLITE)
        return bh_db_require_sqlite(db, "this command");
    if (sq_tx_lost(db) != BH_OK)
        return BH_E_DB;
    if (sqlite3_prepare_v2(db->sq, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return bh_db_fail(db, "SQL error");
    }
    return BH_OK;
}

static bh_status sq_begin(bh_db *db)
{
    return sq_exec(db, "BEGIN IMMEDIATE");
}

static bh_status sq_commit(bh_db *db)
{
    bh_status st = sq_tx_lost(db);
    if (st == BH_OK) {
        db->committing = 1;
        st = sq_exec(db, "COMMIT");
        db->committing = 0;
    }
    return st;
}

static void sq_rollback(bh_db *db)
{
    sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

static bh_status sq_prepare(bh_db *db, const char *sql, bh_stmt **out)
{
    sq_stmt *s = bh_calloc(1, sizeof *s);
    if (s == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    s->base.db = db;
    bh_status st = bh_db_prepare(db, sql, &s->q);
    if (st != BH_OK) {
        bh_free(s);
        return st;
    }
    *out = &s->base;
    return BH_OK;
}

static void sq_bind(bh_stmt *st, int i, const bh_value *v)
{
    sqlite3_stmt *q = ((sq_stmt *)st)->q;
    switch (v->type) {
    case BH_VAL_INT:
        sqlite3_bind_int64(q, i, v->i);
        break;
    case BH_VAL_REAL:
        sqlite3_bind_double(q, i, v->d);
        break;
    case BH_VAL_TEXT:
        sqlite3_bind_text(q, i, v->p, (int)v->n, SQLITE_TRANSIENT);
        break;
    case BH_VAL_BLOB:
        sqlite3_bind_blob(q, i, v->p, (int)v->n, SQLITE_TRANSIENT);
        break;
    default:
        sqlite3_bind_null(q, i);
    }
}

static int sq_step(bh_stmt *st)
{
    int rc = sqlite3_step(((sq_stmt *)st)->q);
    if (rc == SQLITE_ROW)
        return BH_STEP_ROW;
    if (rc == SQLITE_DONE)
        return BH_STEP_DONE;
    bh_db_fail(st->db, "SQL error");
    return BH_STEP_ERROR;
}

static void sq_reset(bh_stmt *st)
{
    sqlite3_reset(((sq_stmt *)st)->q);
}

static void sq_finalize(bh_stmt *st)
{
    sqlite3_finalize(((sq_stmt *)st)->q);
    bh_free(st);
}

static int sq_column_count(bh_stmt *st)
{
    return sqlite3_column_count(((sq_stmt *)st)->q);
}

static const char *sq_column_name(bh_stmt *st, int i)
{
    return sqlite3_column_name(((sq_stmt *)st)->q, i);
}

static void sq_column(bh_stmt *st, int i, bh_value *out)
{
    sqlite3_stmt *q = ((sq_stmt *)st)->q;
    memset(out, 0, sizeof *out);
    switch (sqlite3_column_type(q, i)) {
    case SQLITE_INTEGER:
        out->type = BH_VAL_INT;
        out->i = sqlite3_column_int64(q, i);
        break;
    case SQLITE_FLOAT:
        out->type = BH_VAL_REAL;
        out->d = sqlite3_column_double(q, i);
        break;
    case SQLITE_TEXT:
        out->type = BH_VAL_TEXT;
        out->p = sqlite3_column_text(q, i);
        out->n = (size_t)sqlite3_column_bytes(q, i);
        break;
    case SQLITE_BLOB:
        out->type = BH_VAL_BLOB;
        out->p = sqlite3_column_blob(q, i);
        out->n = (size_t)sqlite3_column_bytes(q, i);
        break;
    default:
        out->type = BH_VAL_NULL;
    }
}

static int sq_has_table(bh_db *db, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->sq,
                           "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') "
                           "AND name = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* SpatiaLite's own tables, never copied or digested: its metadata, R*Tree index tables
 * (idx_T_geom and their _node/_parent/_rowid) and virtual tables. */
static const char sq_user_tables[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE "
    "'\\' "
    "AND name NOT LIKE 'idx\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' "
    "AND name NOT IN ('geometry_columns', 'geometry_columns_auth', 'geometry_columns_field_infos', "
    "'geometry_columns_statistics', 'geometry_columns_time', 'spatial_ref_sys', "
    "'spatial_ref_sys_aux', 'spatialite_history', 'sql_statements_log', 'views_geometry_columns', "
    "'views_geometry_columns_auth', 'views_geometry_columns_field_infos', "
    "'views_geometry_columns_statistics', 'virts_geometry_columns', "
    "'virts_geometry_columns_auth', 'virts_geometry_columns_field_infos', "
    "'virts_geometry_columns_statistics', 'data_licenses', 'SpatialIndex', "
    "'ElementaryGeometries', 'KNN', 'KNN2', 'bh_sqlite_schema') ORDER BY name";

/* Rows of a one-column text query, in order; caller frees. */
bh_status bh_db_text_column(bh_db *db, const char *sql, const char *param, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(db, sql, &st);
    if (rc != BH_OK)
        return rc;
    if (param)
        bh_stmt_bind_text(st, 1, param);
    size_t cap = 0;
    int r;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            char **grown = bh_realloc(*out, cap * sizeof *grown);
            if (grown == NULL) {
                rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
                break;
            }
            *out = grown;
        }
        const char *s = bh_stmt_column_text(st, 0);
        (*out)[*n] = bh_strdup(s ? s : "");
        if ((*out)[(*n)++] == NULL)
            rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = bh_ctx_status(db->ctx);
    bh_stmt_finalize(st);
    if (rc != BH_OK) {
        bh_db_names_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

static bh_status sq_list_tables(bh_db *db, char ***names, size_t *n)
{
    return bh_db_text_column(db, sq_user_tables, NULL, names, n);
}

static const char *const sq_geom_types[] = {
    "GEOMETRY",   "POINT",           "LINESTRING",   "POLYGON",
    "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"};

/* Marks the geometry columns of table in cols (geometry_columns). */
static bh_status sq_mark_geometry(bh_db *db, const char *table, bh_db_column *cols, size_t n)
{
    if (!sq_has_table(db, "geometry_columns"))
        return BH_OK;
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(db,
                                   "SELECT f_geometry_column, geometry_type % 1000, srid FROM "
                                   "geometry_columns WHERE lower(f_table_name) = lower(?)",
                                   &st);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_text(st, 1, table);
    while (rc == BH_OK && bh_stmt_step(st) == BH_STEP_ROW) {
        const char *col = bh_stmt_column_text(st, 0);
        long long type = bh_stmt_column_int64(st, 1);
        for (size_t i = 0; col && i < n; i++) {
            if (strcasecmp(cols[i].name, col) != 0)
                continue;
            cols[i].geometry = bh_strdup(type >= 0 && type < 8 ? sq_geom_types[type] : "GEOMETRY");
            cols[i].srid = (int)bh_stmt_column_int64(st, 2);
            if (cols[i].geometry == NULL)
                rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
        }
    }
    bh_stmt_finalize(st);
    return rc;
}

static bh_status sq_table_columns(bh_db *db, const char *table, bh_db_column **cols, size_t *n)
{
    *cols = NULL;
    *n = 0;
    bh_stmt *st;
    bh_status rc = bh_stmt_preparef(
        db, &st, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(%Q)",
        table);
    size_t cap = 0;
    while (rc == BH_OK && bh_stmt_step(st) == BH_STEP_ROW) {
        if (bh_array_grow((void **)cols, &cap, *n + 1, sizeof **cols, 16) != 0) {
            rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
            break;
        }
        bh_db_column *c = &(*cols)[(*n)++];
        memset(c, 0, sizeof *c);
        c->name = bh_strdup(bh_stmt_column_text(st, 0));
        c->type = bh_strdup(bh_stmt_column_text(st, 1) ? bh_stmt_column_text(st, 1) : "");
        c->notnull = (int)bh_stmt_column_int64(st, 2);
        c->dflt = bh_stmt_column_text(st, 3) ? bh_strdup(bh_stmt_column_text(st, 3)) : NULL;
        c->pk = (int)bh_stmt_column_int64(st, 4);
        if (!c->name || !c->type)
            rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    bh_stmt_finalize(st);
    if (rc == BH_OK)
        rc = sq_mark_geometry(db, table, *cols, *n);
    if (rc != BH_OK) {
        bh_db_columns_free(*cols, *n);
        *cols = NULL;
        *n = 0;
    }
    return rc;
}

static bh_status sq_add_geometry_column(bh_db *db, const char *table, const char *col,
                                        const char *type, int srid)
{
    return bh_db_execq(db, "SELECT AddGeometryColumn(%Q, %Q, %d, %Q, 'XY')", table, col, srid,
                       type);
}

static bh_status sq_create_spatial_index(bh_db *db, const char *table, const char *col)
{
    return bh_db_execq(db, "SELECT CreateSpatialIndex(%Q, %Q)", table, col);
}

static char *sq_index_hit(bh_db *db, const char *table, const char *alias, const char *frame)
{
    sqlite3_stmt *q = NULL;
    int indexed = 0;
    if (sqlite3_prepare_v2(db->sq,
                           "SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name "
                           "= lower(?1) AND f_geometry_column = 'geom'",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
        indexed = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1;
    }
    sqlite3_finalize(q);
    if (!indexed)
        return bh_asprintf("MbrIntersects(%s.geom, %s)", alias, frame);
    return bh_asprintf("%s.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '%s' "
                       "AND search_frame = %s)",
                       alias, table, frame);
}

static const bh_db_dialect sq_dialect = {
    .geom_out = "AsBinary(%s)",
    .geom_in = "GeomFromWKB(%s, %d)",
    .dwithin = "PtDistWithin(%s, %s, %s)",
    .multi = "CastToMulti(%s)",
    .union_agg = "ST_Union(%s)",
    .bbox = "MbrIntersects(%s, BuildMbr(%.17g, %.17g, %.17g, %.17g, %d))",
    .now_utc = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    .group_any = "%s",
    .strpos = "instr(%s, %s)",
    .mbr_hit = "MbrIntersects(%s, %s)",
    .envelope = "BuildMbr(%s, %s, %s, %s, %d)",
    .point = "MakePoint(%.17g, %.17g, %d)",
    .bounds = "MbrMinX(%s), MbrMinY(%s), MbrMaxX(%s), MbrMaxY(%s)",
    .transform = "Transform(%s, %d)",
    .geom_hex = "GeomFromWKB(X'%s', %d)",
    .index_hit = sq_index_hit,
};

const bh_db_backend bh_db_sqlite_backend = {
    .name = "SQLite",
    .kind = BH_DB_SQLITE,
    .dialect = &sq_dialect,
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .prepare = sq_prepare,
    .bind = sq_bind,
    .step = sq_step,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .column_count = sq_column_count,
    .column_name = sq_column_name,
    .column = sq_column,
    .has_table = sq_has_table,
    .list_tables = sq_list_tables,
    .table_columns = sq_table_columns,
    .add_geometry_column = sq_add_geometry_column,
    .create_spatial_index = sq_create_spatial_index,
};

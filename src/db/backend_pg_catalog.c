/* The PostgreSQL backend's catalogue (bh_db_backend has_table, list_tables, table_columns,
 * add_geometry_column, create_spatial_index), read from pg_catalog: the information_schema and
 * geometry_columns views cost milliseconds to plan at each call. */
#include "db/backend_pg.h"
#include "core/alloc.h"
#include "core/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/db.h"

/* As information_schema.tables for the current schema (plus materialized views), read from
 * pg_catalog directly: the view costs about a millisecond to plan at each call. Tables, views,
 * partitioned and foreign tables the role owns or holds a privilege on. */
#define PG_TABLES_SQL                                                                              \
    "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "       \
    "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', "     \
    "'f') AND (pg_has_role(c.relowner, 'USAGE') OR has_table_privilege(c.oid, 'SELECT, INSERT, "   \
    "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') OR has_any_column_privilege(c.oid, "          \
    "'SELECT, INSERT, UPDATE, REFERENCES'))"

/* In a read-only snapshot the tables are listed once (a map asks dozens of times); else asked. */
int bh_pg_has_table(bh_db *db, const char *name)
{
    if (db->pg_snapshot && !db->pg_listed)
        db->pg_listed =
            bh_db_text_column(db, PG_TABLES_SQL, NULL, &db->pg_tables, &db->pg_ntables) == BH_OK;
    if (db->pg_listed) {
        for (size_t i = 0; i < db->pg_ntables; i++)
            if (strcmp(db->pg_tables[i], name) == 0)
                return 1;
        return 0;
    }
    bh_stmt *st;
    if (bh_stmt_prepare(db, PG_TABLES_SQL " AND c.relname = ?", &st) != BH_OK)
        return 0;
    bh_stmt_bind_text(st, 1, name);
    int found = bh_stmt_step(st) == BH_STEP_ROW;
    bh_stmt_finalize(st);
    return found;
}

bh_status bh_pg_list_tables(bh_db *db, char ***names, size_t *n)
{
    return bh_db_text_column(db,
                             "SELECT table_name FROM information_schema.tables WHERE table_schema "
                             "= current_schema() AND table_type = 'BASE TABLE' AND table_name NOT "
                             "IN ('spatial_ref_sys', 'bh_sqlite_schema') ORDER BY table_name "
                             "COLLATE \"C\"",
                             NULL, names, n);
}

/* A table's columns. pg_columns_sql leaves PostGIS alone: format_type of a geometry column
 * (its typmod output function) loads the PostGIS library into the server process and
 * geometry_columns plans a large view that calls pg_get_constraintdef on every constraint, ~15 ms
 * together, a tenth of a small import. A geometry column's type and SRID come from its typmod
 * (pg_columns_geometry); one whose typmod says something else than a plain 2D/3D type and an SRID
 * makes the whole query run again the exact way, pg_columns_view_sql. */
#define PG_COLUMNS_HEAD                                                                            \
    "SELECT a.attname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid), COALESCE((SELECT "           \
    "array_position(ix.indkey::int2[], a.attnum) + 1 FROM pg_index ix WHERE ix.indrelid = "        \
    "a.attrelid AND ix.indisprimary), 0), "
#define PG_COLUMNS_TAIL                                                                            \
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " \
    "to_regclass(quote_ident(?1)) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
static const char pg_columns_sql[] =
    PG_COLUMNS_HEAD "CASE WHEN t.typname = 'geometry' THEN NULL ELSE format_type(a.atttypid, "
                    "a.atttypmod) END, t.typname = 'geometry', a.atttypmod FROM pg_attribute a "
                    "JOIN pg_type t ON t.oid = a.atttypid" PG_COLUMNS_TAIL;
static const char pg_columns_view_sql[] =
    PG_COLUMNS_HEAD "format_type(a.atttypid, a.atttypmod), upper(g.type), g.srid FROM "
                    "pg_attribute a LEFT JOIN geometry_columns g ON g.f_table_schema = "
                    "current_schema() AND g.f_table_name = ?1 AND g.f_geometry_column = "
                    "a.attname" PG_COLUMNS_TAIL;

/* c's type, geometry and srid from the PostGIS typmod tm (liblwgeom's TYPMOD_GET_*; the names
 * as postgis_typmod_out and geometry_columns write them); 0, or -1 when tm is not a plain type
 * with an SRID. */
static int pg_columns_geometry(bh_db_column *c, long long tm)
{
    static const char *const names[] = {
        NULL,         "Point",           "LineString",   "Polygon",
        "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"};
    int type = (int)((tm & 0xFC) >> 2), z = (int)((tm & 2) >> 1), m = (int)(tm & 1);
    long long srid = ((tm & 0x0FFFFF00) - (tm & 0x10000000)) >> 8;
    if (tm < 0 || type < 1 || type > 7 || srid <= 0)
        return -1;
    c->type = bh_asprintf("geometry(%s%s%s,%lld)", names[type], z ? "Z" : "", m ? "M" : "", srid);
    c->geometry = bh_strdup(names[type]);
    for (char *p = c->geometry; p && *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    c->srid = (int)srid;
    return 0;
}

/* One row of pg_columns_sql (view 0) or pg_columns_view_sql (view 1) into c; -1 when the
 * geometry must be read through the view. */
static int pg_columns_row(bh_stmt *st, int view, bh_db_column *c)
{
    memset(c, 0, sizeof *c);
    c->name = bh_strdup(bh_stmt_column_text(st, 0));
    c->notnull = (int)bh_stmt_column_int64(st, 1);
    c->dflt = bh_stmt_column_text(st, 2) ? bh_strdup(bh_stmt_column_text(st, 2)) : NULL;
    c->pk = (int)bh_stmt_column_int64(st, 3);
    if (!view && bh_stmt_column_int64(st, 5))
        return pg_columns_geometry(c, bh_stmt_column_int64(st, 6));
    c->type = bh_strdup(bh_stmt_column_text(st, 4));
    if (view && bh_stmt_column_text(st, 5)) {
        c->geometry = bh_strdup(bh_stmt_column_text(st, 5));
        c->srid = (int)bh_stmt_column_int64(st, 6);
    }
    return 0;
}

/* Runs pg_columns_sql (view 0) or pg_columns_view_sql into *cols; *again: a geometry column
 * the first cannot describe. */
static bh_status pg_columns_run(bh_db *db, int view, const char *table, bh_db_column **cols,
                                size_t *n, int *again)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(db, view ? pg_columns_view_sql : pg_columns_sql, &st);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_text(st, 1, table);
    size_t cap = 0;
    int r = BH_STEP_DONE;
    while (rc == BH_OK && !*again && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        if (bh_array_grow((void **)cols, &cap, *n + 1, sizeof **cols, 16) != 0) {
            rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
            break;
        }
        bh_db_column *c = &(*cols)[(*n)++];
        *again = pg_columns_row(st, view, c) != 0;
        if (!*again && (!c->name || !c->type || (c->srid > 0 && !c->geometry)))
            rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    if (rc == BH_OK && !*again && r == BH_STEP_ERROR)
        rc = bh_ctx_status(db->ctx);
    bh_stmt_finalize(st);
    return rc;
}

bh_status bh_pg_table_columns(bh_db *db, const char *table, bh_db_column **cols, size_t *n)
{
    *cols = NULL;
    *n = 0;
    int again = 0;
    bh_status rc = pg_columns_run(db, 0, table, cols, n, &again);
    if (rc == BH_OK && again) {
        bh_db_columns_free(*cols, *n);
        *cols = NULL;
        *n = 0;
        again = 0;
        rc = pg_columns_run(db, 1, table, cols, n, &again);
    }
    if (rc != BH_OK) {
        bh_db_columns_free(*cols, *n);
        *cols = NULL;
        *n = 0;
    }
    return rc;
}

bh_status bh_pg_add_geometry_column(bh_db *db, const char *table, const char *col, const char *type,
                                    int srid)
{
    return bh_db_execq(db, "ALTER TABLE \"%w\" ADD COLUMN \"%w\" geometry(%s, %d)", table, col,
                       type, srid);
}

bh_status bh_pg_create_spatial_index(bh_db *db, const char *table, const char *col)
{
    return bh_db_execq(db, "CREATE INDEX \"%w_%w_gist\" ON \"%w\" USING GIST (\"%w\")", table, col,
                       table, col);
}

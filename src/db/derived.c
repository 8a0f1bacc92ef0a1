#include "db/derived.h"

#include <sqlite3.h>

/* SpatiaLite prints to stderr when one of its own statements fails (AddGeometryColumn,
 * CreateSpatialIndex: "database or disk is full"). Rewriting the metadata rows they change first
 * puts those pages in the rollback journal now, so a full disk fails here, in a statement of ours
 * that reports it once; SpatiaLite's writes then need no journal space. Likewise 16 pages are
 * allocated and freed, so a file at its page limit fails here and SpatiaLite's new tables and
 * triggers take pages from the free list. */
bh_status bh_derived_preflight(bh_db *db)
{
    static const char *const meta[] = {
        "geometry_columns",      "geometry_columns_statistics", "geometry_columns_field_infos",
        "geometry_columns_time", "geometry_columns_auth",       "spatialite_history"};
    bh_status rc = BH_OK;
    for (size_t i = 0; i < sizeof meta / sizeof *meta && rc == BH_OK; i++)
        if (bh_db_has_table(db, meta[i]))
            rc = bh_db_execf(db, "UPDATE \"%s\" SET rowid = rowid", meta[i]);
    if (rc == BH_OK)
        rc = bh_db_exec(db, "CREATE TABLE bh_derived_reserve (b BLOB);"
                            "INSERT INTO bh_derived_reserve VALUES (zeroblob(16 * 4096));"
                            "DROP TABLE bh_derived_reserve;");
    return rc;
}

bh_status bh_derived_table(bh_db *db, const char *table, const char *columns, const char *geom,
                           int sample)
{
    bh_status rc = bh_derived_preflight(db);
    if (rc == BH_OK && bh_db_has_table(db, table)) {
        char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM geometry_columns WHERE f_table_name = "
                                    "'%q'",
                                    table);
        int registered = sql && bh_db_scalar_int(db, sql, 0) > 0;
        sqlite3_free(sql);
        rc = registered ? bh_db_execf(db, "SELECT DropTable(NULL, '%s')", table)
                        : bh_db_execf(db, "DROP TABLE \"%s\"", table);
    }
    if (rc == BH_OK)
        rc = bh_db_execf(db,
                         "CREATE TABLE \"%s\" (id INTEGER PRIMARY KEY, %s%s);"
                         "SELECT AddGeometryColumn('%s', 'geom', %d, '%s', 'XY');"
                         "SELECT CreateSpatialIndex('%s', 'geom');",
                         table, columns, sample ? ", sample INTEGER NOT NULL DEFAULT 1" : "", table,
                         bh_db_srid(db), geom, table);
    return rc;
}

bh_status bh_derived_catalogue(bh_db *db, const char *table, const char *title, const char *geom,
                               int sample, const char *definition)
{
    char *sql = sqlite3_mprintf(
        "INSERT OR REPLACE INTO layers (name, title, kind, table_name, geometry_type, srid, "
        "source, plan_items, feature_count, imported_at, definition) VALUES ('%q', ?1, '%s', "
        "'%q', '%q', %d, 'derived', '[]', (SELECT COUNT(*) FROM \"%w\"), datetime('now'), ?2)",
        table, sample ? "sample" : "approximate", table, geom, bh_db_srid(db), table);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_stmt *st = NULL;
    bh_status rc = bh_db_prepare(db, sql, &st);
    sqlite3_free(sql);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, definition, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = bh_db_fail(db, "writing the layers catalogue");
    sqlite3_finalize(st);
    return rc;
}

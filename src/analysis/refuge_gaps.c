/* The refuge_gaps layer: the parts of each area farther than the radius from every house. */
#include "analysis/refuges_internal.h"

#include <stdio.h>
#include "db/derived.h"

/* Inserts one area's gap (skipped when empty). */
static bh_status rf_gap_insert(bh_refuge_geo *g, sqlite3_stmt *ins, GEOSWKBWriter *w,
                               const bh_refuge_row *row, const GEOSGeometry *gap, double radius)
{
    if (GEOSisEmpty_r(g->h, gap) == 1)
        return BH_OK;
    size_t len = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(g->h, w, gap, &len);
    if (wkb == NULL)
        return bh_refuge_geo_fail(g, row->name);
    double area = 0;
    GEOSArea_r(g->h, gap, &area);
    sqlite3_reset(ins);
    sqlite3_bind_text(ins, 1, row->name, -1, SQLITE_STATIC);
    sqlite3_bind_double(ins, 2, radius);
    sqlite3_bind_double(ins, 3, area);
    sqlite3_bind_double(ins, 4, row->population - row->covered_pop);
    sqlite3_bind_blob(ins, 5, wkb, (int)len, SQLITE_STATIC);
    int ok = sqlite3_step(ins) == SQLITE_DONE;
    GEOSFree_r(g->h, wkb);
    return ok ? BH_OK : bh_db_fail(g->db, "writing refuge_gaps");
}

bh_status bh_refuge_gaps_write(bh_refuge_geo *g, const bh_refuge_opts *o, const bh_refuge_row *rows,
                               GEOSGeometry *const *gaps)
{
    bh_status rc = bh_derived_table(g->db, "refuge_gaps",
                                    "name TEXT, by_kind TEXT, radius_m REAL, area_m2 REAL, "
                                    "population REAL",
                                    "MULTIPOLYGON", g->sample);
    char sql[320];
    snprintf(sql, sizeof sql,
             "INSERT INTO refuge_gaps (name, by_kind, radius_m, area_m2, population, geom) "
             "VALUES (?1, '%s', ?2, ?3, ?4, CastToMultiPolygon(CollectionExtract("
             "GeomFromWKB(?5, %d), 3)))",
             bh_refuge_kind_find(o->by)->by, bh_db_srid(g->db));
    sqlite3_stmt *ins = NULL;
    if (rc == BH_OK)
        rc = bh_db_prepare(g->db, sql, &ins);
    GEOSWKBWriter *w = rc == BH_OK ? GEOSWKBWriter_create_r(g->h) : NULL;
    if (rc == BH_OK && w == NULL)
        rc = bh_refuge_geo_fail(g, "WKB writer");
    for (size_t a = 0; rc == BH_OK && a < g->na; a++)
        rc = rf_gap_insert(g, ins, w, &rows[a], gaps[a], o->radius_m);
    if (w)
        GEOSWKBWriter_destroy_r(g->h, w);
    sqlite3_finalize(ins);
    char def[256];
    snprintf(def, sizeof def,
             "{\"name\": \"refuge_gaps\", \"method\": \"area minus the union of house buffers\", "
             "\"by\": \"%s\", \"radius_m\": %g}",
             o->by, o->radius_m);
    if (rc == BH_OK)
        rc = bh_derived_catalogue(g->db, "refuge_gaps", "こども110番の家 空白域", "MULTIPOLYGON",
                                  g->sample, def);
    return rc;
}

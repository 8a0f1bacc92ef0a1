/* The gap layers: refuge_gaps (the exact parts of each area farther than the radius from every
 * house: the arcs of their edges reveal where houses are, so maps show them only in the internal
 * edition), refuge_gap_cells (the same generalised to BH_REFUGE_CELL_M cells whose centre lies in
 * a gap: what a public map may show) and refuge_gap_centres (where each area's largest gap is). */
#include "analysis/refuges_internal.h"

#include <math.h>
#include <stdio.h>
#include "db/derived.h"

/* Public generalisation of the gaps: 100 m cells hide where a house is to within the cell. */
#define BH_REFUGE_CELL_M 100.0

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

/* The BH_REFUGE_CELL_M cells (aligned to multiples of it) whose centre lies in area a's gap. */
static bh_status rf_cells_insert(bh_refuge_geo *g, sqlite3_stmt *ins, size_t a,
                                 const bh_refuge_row *row, const GEOSGeometry *gap)
{
    const double c = BH_REFUGE_CELL_M;
    double x0, y0, x1, y1;
    if (GEOSisEmpty_r(g->h, gap) == 1)
        return BH_OK;
    GEOSGeom_getXMin_r(g->h, gap, &x0), GEOSGeom_getYMin_r(g->h, gap, &y0);
    GEOSGeom_getXMax_r(g->h, gap, &x1), GEOSGeom_getYMax_r(g->h, gap, &y1);
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(g->h, gap);
    if (prep == NULL)
        return bh_refuge_geo_fail(g, row->name);
    bh_status rc = BH_OK;
    (void)a;
    for (double y = floor(y0 / c) * c; rc == BH_OK && y < y1; y += c)
        for (double x = floor(x0 / c) * c; rc == BH_OK && x < x1; x += c) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->h, x + c / 2, y + c / 2);
            int in = pt && GEOSPreparedContains_r(g->h, prep, pt) == 1;
            GEOSGeom_destroy_r(g->h, pt);
            if (!in)
                continue;
            sqlite3_reset(ins);
            sqlite3_bind_text(ins, 1, row->name, -1, SQLITE_STATIC);
            sqlite3_bind_double(ins, 2, x);
            sqlite3_bind_double(ins, 3, y);
            sqlite3_bind_double(ins, 4, x + c);
            sqlite3_bind_double(ins, 5, y + c);
            if (sqlite3_step(ins) != SQLITE_DONE)
                rc = bh_db_fail(g->db, "writing refuge_gap_cells");
        }
    GEOSPreparedGeom_destroy_r(g->h, prep);
    return rc;
}

bh_status bh_refuge_gap_cells_write(bh_refuge_geo *g, const bh_refuge_opts *o,
                                    const bh_refuge_row *rows, GEOSGeometry *const *gaps)
{
    bh_status rc = bh_derived_table(g->db, "refuge_gap_cells",
                                    "name TEXT, radius_m REAL, cell_m REAL", "POLYGON", g->sample);
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO refuge_gap_cells (name, radius_m, cell_m, geom) VALUES (?1, %.17g, "
             "%.17g, BuildMbr(?2, ?3, ?4, ?5, %d))",
             o->radius_m, BH_REFUGE_CELL_M, bh_db_srid(g->db));
    sqlite3_stmt *ins = NULL;
    if (rc == BH_OK)
        rc = bh_db_prepare(g->db, sql, &ins);
    for (size_t a = 0; rc == BH_OK && a < g->na; a++)
        rc = rf_cells_insert(g, ins, a, &rows[a], gaps[a]);
    sqlite3_finalize(ins);
    char def[200];
    snprintf(def, sizeof def,
             "{\"name\": \"refuge_gap_cells\", \"method\": \"cells whose centre is in "
             "refuge_gaps\", \"radius_m\": %g, \"cell_m\": %g}",
             o->radius_m, BH_REFUGE_CELL_M);
    if (rc == BH_OK)
        rc = bh_derived_catalogue(g->db, "refuge_gap_cells",
                                  "こども110番の家 空白域（100mメッシュ）", "POLYGON", g->sample,
                                  def);
    return rc;
}

bh_status bh_refuge_gap_centres_write(bh_refuge_geo *g, const bh_refuge_opts *o,
                                      const bh_refuge_row *rows)
{
    bh_status rc = bh_derived_table(g->db, "refuge_gap_centres",
                                    "name TEXT, gap_m REAL, covered_share REAL, label TEXT",
                                    "POINT", g->sample);
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT INTO refuge_gap_centres (name, gap_m, covered_share, label, geom) VALUES "
             "(?1, ?2, ?3, ?4, MakePoint(?5, ?6, %d))",
             bh_db_srid(g->db));
    sqlite3_stmt *ins = NULL;
    if (rc == BH_OK)
        rc = bh_db_prepare(g->db, sql, &ins);
    for (size_t a = 0; rc == BH_OK && a < g->na; a++) {
        const bh_refuge_row *r = &rows[a];
        double share = r->area_m2 > 0 ? r->covered_m2 / r->area_m2 : 0;
        char label[96];
        snprintf(label, sizeof label, "最大空白 %.0fm\nカバー率 %.0f%%", r->gap_m, share * 100);
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, r->name, -1, SQLITE_STATIC);
        sqlite3_bind_double(ins, 2, r->gap_m);
        sqlite3_bind_double(ins, 3, share);
        sqlite3_bind_text(ins, 4, label, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(ins, 5, r->gap_x);
        sqlite3_bind_double(ins, 6, r->gap_y);
        if (!isnan(r->gap_x) && sqlite3_step(ins) != SQLITE_DONE)
            rc = bh_db_fail(g->db, "writing refuge_gap_centres");
    }
    sqlite3_finalize(ins);
    char def[160];
    snprintf(def, sizeof def,
             "{\"name\": \"refuge_gap_centres\", \"method\": \"farthest point from every "
             "house\", \"radius_m\": %g}",
             o->radius_m);
    if (rc == BH_OK)
        rc = bh_derived_catalogue(g->db, "refuge_gap_centres", "こども110番の家 最大空白地点",
                                  "POINT", g->sample, def);
    return rc;
}

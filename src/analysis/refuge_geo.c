/* Reading the areas, houses and blocks of the refuge coverage into GEOS. */
#include "analysis/refuges_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/strbuf.h"

static const bh_refuge_kind KINDS[] = {
    {"school-district", "school_districts", "school_name", "小学校区"},
    {"chome", "town_blocks", "name", "町丁目"},
    {"oaza", "oaza", "name", "大字"},
    {"koban", "koban_areas", "name", "交番管内"},
};

const bh_refuge_kind *bh_refuge_kind_find(const char *by)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].by, by ? by : "school-district") == 0)
            return &KINDS[i];
    return NULL;
}

static void rf_geos_error(const char *msg, void *user)
{
    snprintf((char *)user, 256, "%s", msg);
}

bh_status bh_refuge_geo_open(bh_refuge_geo *g, bh_db *db)
{
    memset(g, 0, sizeof *g);
    g->db = db;
    g->ctx = bh_db_ctx(db);
    g->h = GEOS_init_r();
    if (g->h == NULL)
        return bh_error(g->ctx, BH_E_NOMEM, "GEOS: cannot create a context");
    GEOSContext_setErrorMessageHandler_r(g->h, rf_geos_error, g->geos_msg);
    g->reader = GEOSWKBReader_create_r(g->h);
    return g->reader ? BH_OK : bh_error(g->ctx, BH_E_NOMEM, "GEOS: out of memory");
}

void bh_refuge_geo_close(bh_refuge_geo *g)
{
    if (g->h == NULL)
        return;
    for (size_t i = 0; i < g->na; i++) {
        GEOSPreparedGeom_destroy_r(g->h, g->aprep[i]);
        GEOSGeom_destroy_r(g->h, g->areas[i]);
        free(g->names[i]);
    }
    for (size_t i = 0; i < g->nb; i++)
        GEOSGeom_destroy_r(g->h, g->blocks[i]);
    for (size_t i = 0; i < g->nh; i++)
        GEOSGeom_destroy_r(g->h, g->buffers ? g->buffers[i] : NULL);
    for (size_t i = 0; i < g->ncells; i++)
        GEOSGeom_destroy_r(g->h, g->cells[i]);
    free(g->cells), free(g->site);
    GEOSGeom_destroy_r(g->h, g->houses);
    GEOSWKBReader_destroy_r(g->h, g->reader);
    free(g->areas), free(g->aprep), free(g->names), free(g->blocks), free(g->bpop);
    free(g->hx), free(g->hy), free(g->buffers), free(g->house_count), free(g->houses_in);
    GEOS_finish_r(g->h);
    memset(g, 0, sizeof *g);
}

bh_status bh_refuge_geo_fail(bh_refuge_geo *g, const char *what)
{
    return bh_error(g->ctx, BH_E_GEOMETRY, "GEOS: %s: %s", what,
                    g->geos_msg[0] ? g->geos_msg : "failed");
}

/* Reads (name, WKB) rows of sql into the areas, or (population, WKB) into the blocks. */
static bh_status rf_read_polygons(bh_refuge_geo *g, const char *sql, int blocks)
{
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(g->db, sql, &st);
    size_t cap = 0, n = 0;
    while (rc == BH_OK && sqlite3_step(st) == SQLITE_ROW) {
        const void *wkb = sqlite3_column_blob(st, 1);
        GEOSGeometry *geom =
            wkb ? GEOSWKBReader_read_r(g->h, g->reader, wkb, (size_t)sqlite3_column_bytes(st, 1))
                : NULL;
        if (geom == NULL)
            return sqlite3_finalize(st), bh_refuge_geo_fail(g, "reading an area");
        size_t c2 = cap;
        int grow = n < cap ? 0
                   : blocks
                       ? bh_array_grow((void **)&g->blocks, &cap, n + 1, sizeof *g->blocks, 64) ||
                             bh_array_grow((void **)&g->bpop, &c2, n + 1, sizeof *g->bpop, 64)
                       : bh_array_grow((void **)&g->areas, &cap, n + 1, sizeof *g->areas, 64) ||
                             bh_array_grow((void **)&g->names, &c2, n + 1, sizeof *g->names, 64);
        if (grow) {
            GEOSGeom_destroy_r(g->h, geom);
            rc = bh_error(g->ctx, BH_E_NOMEM, "out of memory");
            break;
        }
        if (blocks) {
            g->blocks[n] = geom;
            g->bpop[n++] = sqlite3_column_double(st, 0);
            g->nb = n;
        } else {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            g->areas[n] = geom;
            g->names[n++] = bh_strdup(name ? name : "");
            g->na = n;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

bh_status bh_refuge_geo_load(bh_refuge_geo *g, const bh_refuge_kind *k, double radius_m)
{
    if (!bh_db_has_table(g->db, k->table))
        return bh_error(g->ctx, BH_E_UNKNOWN_LAYER, "refuges: layer '%s' is not loaded (--by %s)",
                        k->table, k->by);
    if (!bh_db_has_table(g->db, "refuge_houses"))
        return bh_error(g->ctx, BH_E_UNKNOWN_LAYER, "refuges: layer 'refuge_houses' is not loaded");
    char *sql = bh_asprintf("SELECT \"%s\", AsBinary(geom) FROM \"%s\" WHERE geom IS NOT NULL "
                            "ORDER BY id",
                            k->name_col, k->table);
    bh_status rc = sql ? rf_read_polygons(g, sql, 0) : bh_error(g->ctx, BH_E_NOMEM, "oom");
    free(sql);
    if (rc == BH_OK && bh_db_has_table(g->db, "town_blocks"))
        rc = rf_read_polygons(g,
                              "SELECT population, AsBinary(geom) FROM town_blocks "
                              "WHERE geom IS NOT NULL",
                              1);
    if (rc == BH_OK && (g->aprep = calloc(g->na ? g->na : 1, sizeof *g->aprep)) == NULL)
        rc = bh_error(g->ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < g->na; i++)
        if ((g->aprep[i] = GEOSPrepare_r(g->h, g->areas[i])) == NULL)
            rc = bh_refuge_geo_fail(g, "preparing an area");
    if (rc == BH_OK)
        rc = bh_refuge_geo_houses(g, radius_m);
    g->sample = bh_db_scalar_int(g->db,
                                 "SELECT COUNT(*) FROM layers WHERE table_name = 'refuge_houses' "
                                 "AND kind = 'sample'",
                                 0) > 0;
    return rc;
}

/* Appends the point (x, y) to the houses. */
static int rf_house_add(bh_refuge_geo *g, size_t *cap, double x, double y)
{
    size_t c = *cap;
    if (g->nh >= c &&
        (bh_array_grow((void **)&g->hx, &c, g->nh + 1, sizeof *g->hx, 256) ||
         bh_array_grow((void **)&g->hy, &(size_t){*cap}, g->nh + 1, sizeof *g->hy, 256) ||
         bh_array_grow((void **)&g->buffers, &(size_t){*cap}, g->nh + 1, sizeof *g->buffers, 256)))
        return -1;
    *cap = c;
    g->hx[g->nh] = x;
    g->hy[g->nh] = y;
    g->buffers[g->nh++] = NULL;
    return 0;
}

/* Counts house i in every area that touches it, and once in the first of them. */
static void rf_house_areas(bh_refuge_geo *g, size_t i, const GEOSGeometry *pt)
{
    int counted = 0;
    for (size_t a = 0; a < g->na; a++) {
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(g->h, g->areas[a], &x0), GEOSGeom_getYMin_r(g->h, g->areas[a], &y0);
        GEOSGeom_getXMax_r(g->h, g->areas[a], &x1), GEOSGeom_getYMax_r(g->h, g->areas[a], &y1);
        if (g->hx[i] < x0 || g->hx[i] > x1 || g->hy[i] < y0 || g->hy[i] > y1 ||
            GEOSPreparedIntersects_r(g->h, g->aprep[a], pt) != 1)
            continue;
        g->houses_in[a]++;
        if (!counted++)
            g->house_count[a]++;
    }
}

bh_status bh_refuge_geo_houses(bh_refuge_geo *g, double radius_m)
{
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(g->db,
                                 "SELECT X(geom), Y(geom) FROM refuge_houses "
                                 "WHERE geom IS NOT NULL ORDER BY id",
                                 &st);
    size_t cap = 0;
    while (rc == BH_OK && sqlite3_step(st) == SQLITE_ROW)
        if (rf_house_add(g, &cap, sqlite3_column_double(st, 0), sqlite3_column_double(st, 1)))
            rc = bh_error(g->ctx, BH_E_NOMEM, "out of memory");
    sqlite3_finalize(st);
    if (rc != BH_OK)
        return rc;
    g->house_count = calloc(g->na + 1, sizeof *g->house_count);
    g->houses_in = calloc(g->na + 1, sizeof *g->houses_in);
    GEOSGeometry **pts = calloc(g->nh + 1, sizeof *pts);
    if (!g->house_count || !g->houses_in || !pts)
        return free(pts), bh_error(g->ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < g->nh; i++) {
        pts[i] = GEOSGeom_createPointFromXY_r(g->h, g->hx[i], g->hy[i]);
        g->buffers[i] = pts[i] ? GEOSBuffer_r(g->h, pts[i], radius_m, 32) : NULL;
        if (g->buffers[i] == NULL)
            rc = bh_refuge_geo_fail(g, "buffering a house");
        else
            rf_house_areas(g, i, pts[i]);
    }
    if (rc == BH_OK && g->nh > 0 &&
        (g->houses = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOINT, pts, (unsigned)g->nh)) ==
            NULL)
        rc = bh_refuge_geo_fail(g, "collecting the houses");
    if (g->houses == NULL)
        for (size_t i = 0; i < g->nh; i++)
            GEOSGeom_destroy_r(g->h, pts[i]);
    free(pts);
    return rc;
}

/* The name of the feature of table containing (x, y), copied ("" when none). */
char *bh_refuge_name_at(bh_db *db, const char *table, const char *col, double x, double y)
{
    char *sql = bh_asprintf("SELECT \"%s\" FROM \"%s\" WHERE ST_Intersects(geom, MakePoint(?1, ?2, "
                            "%d)) AND ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
                            "f_table_name = '%s' AND search_frame = MakePoint(?1, ?2, %d))",
                            col, table, bh_db_srid(db), table, bh_db_srid(db));
    sqlite3_stmt *st = NULL;
    char *name = NULL;
    if (sql && bh_db_has_table(db, table) && bh_db_prepare(db, sql, &st) == BH_OK) {
        sqlite3_bind_double(st, 1, x);
        sqlite3_bind_double(st, 2, y);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            name = bh_strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    free(sql);
    if (bh_ctx_status(bh_db_ctx(db)) != BH_OK && name == NULL)
        bh_ctx_clear_error(bh_db_ctx(db)); /* a missing layer only leaves the name empty */
    return name ? name : bh_strdup("");
}

/* こども110番の家 coverage per area (include/bohan/refuges.h): GEOS on the areas, the houses and
 * the 町丁目 blocks read from the database; the uncovered parts written as refuge_gaps. */
#include "bohan/refuges.h"
#include "core/alloc.h"
#include "db/stage.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <geos_c.h>
#include "analysis/refuge_refresh.h"
#include "analysis/refuges_internal.h"
#include "core/array.h"
#include "core/strbuf.h"

struct bh_refuge_table {
    bh_refuge_row *rows;
    size_t n;
    bh_refuge_row total;
    double radius;
    int sample;
    const char *kind_title;
};

/* The union of the buffers of the houses whose point lies within the area's envelope grown by
 * the radius (only they can reach it). Owned by the caller. */
static GEOSGeometry *rf_local_cover(bh_refuge_geo *g, size_t a, double r)
{
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(g->h, g->areas[a], &x0), GEOSGeom_getYMin_r(g->h, g->areas[a], &y0);
    GEOSGeom_getXMax_r(g->h, g->areas[a], &x1), GEOSGeom_getYMax_r(g->h, g->areas[a], &y1);
    GEOSGeometry **near = bh_malloc((g->nh ? g->nh : 1) * sizeof *near);
    size_t n = 0;
    for (size_t i = 0; near && i < g->nh; i++)
        if (g->hx[i] >= x0 - r && g->hx[i] <= x1 + r && g->hy[i] >= y0 - r && g->hy[i] <= y1 + r &&
            GEOSPreparedDistanceWithin_r(g->h, g->aprep[a],
                                         GEOSGetGeometryN_r(g->h, g->houses, (int)i), r) == 1)
            near[n++] = GEOSGeom_clone_r(g->h, g->buffers[i]);
    if (near == NULL)
        return NULL;
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(g->h, GEOS_GEOMETRYCOLLECTION, near, (unsigned)n);
    bh_free(near);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(g->h, coll) : NULL;
    GEOSGeom_destroy_r(g->h, coll);
    return u;
}

/* Residents of the blocks inside geom (area-weighted); geom within area a. A block inside the
 * area counts whole when geom is the area itself. */
static double rf_population(bh_refuge_geo *g, size_t a, const GEOSGeometry *geom)
{
    double pop = 0;
    int whole_area = geom == g->areas[a];
    for (size_t b = 0; b < g->nb; b++) {
        double ab = 0, ai = 0;
        if (g->bpop[b] <= 0 || GEOSPreparedIntersects_r(g->h, g->aprep[a], g->blocks[b]) != 1)
            continue;
        if (whole_area && GEOSPreparedContains_r(g->h, g->aprep[a], g->blocks[b]) == 1) {
            pop += g->bpop[b];
            continue;
        }
        GEOSGeometry *x = GEOSIntersection_r(g->h, geom, g->blocks[b]);
        if (x && GEOSArea_r(g->h, x, &ai) && GEOSArea_r(g->h, g->blocks[b], &ab) && ab > 0)
            pop += g->bpop[b] * ai / ab;
        GEOSGeom_destroy_r(g->h, x);
    }
    return pop;
}

/* Fills row for area a; *gap receives the uncovered part (owned by the caller). */
static bh_status rf_area(bh_refuge_geo *g, size_t a, const bh_refuge_opts *o, bh_refuge_row *row,
                         GEOSGeometry **gap)
{
    row->name = g->names[a];
    row->houses = g->house_count[a];
    GEOSGeometry *cov = rf_local_cover(g, a, o->radius_m);
    GEOSGeometry *in = cov ? GEOSIntersection_r(g->h, g->areas[a], cov) : NULL;
    *gap = cov ? GEOSDifference_r(g->h, g->areas[a], cov) : NULL;
    GEOSGeom_destroy_r(g->h, cov);
    if (in == NULL || *gap == NULL || !GEOSArea_r(g->h, g->areas[a], &row->area_m2) ||
        !GEOSArea_r(g->h, in, &row->covered_m2)) {
        GEOSGeom_destroy_r(g->h, in);
        return bh_refuge_geo_fail(g, row->name);
    }
    row->population = rf_population(g, a, g->areas[a]);
    row->covered_pop = rf_population(g, a, in);
    GEOSGeom_destroy_r(g->h, in);
    bh_status r_ = bh_refuge_farthest(g, a, o->tolerance_m, row);
    return r_;
}

static double rf_share(double part, double whole)
{
    return whole > 0 ? part / whole : NAN;
}

/* Worst first: lowest population share (area share for areas without residents), then lowest
 * area share, then name. */
static int rf_cmp(const void *pa, const void *pb)
{
    const bh_refuge_row *a = pa, *b = pb;
    double ka = a->population > 0 ? rf_share(a->covered_pop, a->population)
                                  : rf_share(a->covered_m2, a->area_m2);
    double kb = b->population > 0 ? rf_share(b->covered_pop, b->population)
                                  : rf_share(b->covered_m2, b->area_m2);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    double ca = rf_share(a->covered_m2, a->area_m2), cb = rf_share(b->covered_m2, b->area_m2);
    if (ca != cb)
        return ca < cb ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void rf_total(bh_refuge_table *t)
{
    bh_refuge_row *s = &t->total;
    memset(s, 0, sizeof *s);
    s->name = "市全体";
    s->gap_chome = "";
    s->gap_x = s->gap_y = NAN;
    for (size_t i = 0; i < t->n; i++) {
        const bh_refuge_row *r = &t->rows[i];
        s->houses += r->houses;
        s->area_m2 += r->area_m2;
        s->population += r->population;
        s->covered_m2 += r->covered_m2;
        s->covered_pop += r->covered_pop;
        if (r->gap_m > s->gap_m)
            s->gap_m = r->gap_m, s->gap_x = r->gap_x, s->gap_y = r->gap_y,
            s->gap_chome = r->gap_chome;
    }
}

static bh_status rf_compute(bh_refuge_geo *g, const bh_refuge_opts *o, bh_refuge_table *t,
                            GEOSGeometry **gaps)
{
    bh_status rc = bh_refuge_geo_cells(g);
    for (size_t a = 0; rc == BH_OK && a < g->na; a++)
        rc = rf_area(g, a, o, &t->rows[a], &gaps[a]);
    if (rc != BH_OK || !o->write_gaps)
        return rc;
    /* Its own transaction, or a savepoint inside the caller's. */
    sqlite3 *sq = bh_db_sqlite(g->db);
    int alone = sqlite3_get_autocommit(sq);
    rc = alone ? bh_db_begin(g->db) : bh_db_exec(g->db, "SAVEPOINT bh_refuges");
    if (rc == BH_OK)
        rc = bh_refuge_gaps_write(g, o, t->rows, gaps);
    if (rc == BH_OK)
        rc = bh_refuge_gap_cells_write(g, o, t->rows, gaps);
    if (rc == BH_OK)
        rc = bh_refuge_gap_centres_write(g, o, t->rows);
    if (alone)
        return rc == BH_OK ? bh_db_commit(g->db) : (bh_db_rollback(g->db), rc);
    if (rc != BH_OK)
        sqlite3_exec(sq, "ROLLBACK TO bh_refuges", NULL, NULL, NULL);
    sqlite3_exec(sq, "RELEASE bh_refuges", NULL, NULL, NULL);
    return rc;
}

static bh_status rf_coverage(bh_db *db, const bh_refuge_opts *opts, bh_refuge_table **out)
{
    *out = NULL;
    bh_refuge_opts o = *opts;
    o.radius_m = o.radius_m > 0 ? o.radius_m : 100;
    o.tolerance_m = o.tolerance_m > 0 ? o.tolerance_m : 0.5;
    const bh_refuge_kind *k = bh_refuge_kind_find(o.by);
    if (k == NULL)
        return bh_error(bh_db_ctx(db), BH_E_USAGE,
                        "refuges: --by '%s': expected school-district, chome, oaza or koban", o.by);
    o.by = k->by;
    bh_refuge_geo g;
    bh_status rc = bh_refuge_geo_open(&g, db);
    if (rc == BH_OK)
        rc = bh_refuge_geo_load(&g, k, o.radius_m);
    bh_refuge_table *t = bh_calloc(1, sizeof *t);
    GEOSGeometry **gaps = bh_calloc(g.na ? g.na : 1, sizeof *gaps);
    if (rc == BH_OK && (t == NULL || gaps == NULL ||
                        (t->rows = bh_calloc(g.na ? g.na : 1, sizeof *t->rows)) == NULL))
        rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (rc == BH_OK) {
        t->n = g.na;
        t->radius = o.radius_m;
        t->sample = g.sample;
        t->kind_title = k->title;
        rc = rf_compute(&g, &o, t, gaps);
    }
    for (size_t a = 0; gaps && a < g.na; a++)
        GEOSGeom_destroy_r(g.h, gaps[a]);
    bh_free(gaps);
    /* Names move to the table before the GEOS state goes (or stay there on failure). */
    for (size_t a = 0; t && t->rows && a < g.na; a++)
        *(rc == BH_OK ? &g.names[a] : (char **)&t->rows[a].name) = NULL;
    bh_refuge_geo_close(&g);
    if (rc != BH_OK) {
        bh_refuge_table_destroy(t);
        return rc;
    }
    for (size_t a = 0; a < t->n; a++) {
        bh_refuge_row *r = &t->rows[a];
        r->gap_chome = isnan(r->gap_x)
                           ? bh_strdup("")
                           : bh_refuge_name_at(db, "town_blocks", "name", r->gap_x, r->gap_y);
        if (r->gap_chome == NULL) {
            bh_refuge_table_destroy(t);
            return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
        }
    }
    qsort(t->rows, t->n, sizeof *t->rows, rf_cmp);
    rf_total(t);
    *out = t;
    return BH_OK;
}

void bh_refuge_table_destroy(bh_refuge_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; t->rows && i < t->n; i++)
        bh_free((char *)t->rows[i].name), bh_free((char *)t->rows[i].gap_chome);
    bh_free(t->rows);
    bh_free(t);
}

size_t bh_refuge_table_count(const bh_refuge_table *t)
{
    return t->n;
}

const bh_refuge_row *bh_refuge_table_row(const bh_refuge_table *t, size_t i)
{
    return &t->rows[i];
}

const bh_refuge_row *bh_refuge_table_total(const bh_refuge_table *t)
{
    return &t->total;
}

double bh_refuge_table_radius(const bh_refuge_table *t)
{
    return t->radius;
}

int bh_refuge_table_sample(const bh_refuge_table *t)
{
    return t->sample;
}

const char *bh_refuge_table_kind_title(const bh_refuge_table *t)
{
    return t->kind_title;
}

typedef struct rf_call {
    const bh_refuge_opts *opts;
    bh_refuge_table **out;
} rf_call;

static bh_status rf_coverage_on(bh_db *db, void *user)
{
    rf_call *c = user;
    return rf_coverage(db, c->opts, c->out);
}

/* PostgreSQL: on a working copy of the layer tables (db/stage.h), refuge_gaps* written back
 * (copied empty: the work makes them anew). */
bh_status bh_refuges_coverage(bh_db *db, const bh_refuge_opts *opts, bh_refuge_table **out)
{
    rf_call c = {opts, out};
    *out = NULL;
    const char *const *gaps = opts->write_gaps ? bh_refuge_refresh_writes() : NULL;
    const bh_refuge_kind *k = bh_refuge_kind_find(opts->by); /* NULL: rf_coverage says so */
    const char *const reads[] = {"town_blocks", "refuge_houses", k ? k->table : NULL, NULL};
    const bh_db_stage_spec spec = {
        .write = opts->write_gaps, .extra = gaps, .fresh = gaps, .reads = reads};
    return bh_db_staged(db, &spec, rf_coverage_on, &c);
}

/* Recruiting spots for new こども110番の家 (bh_refuges_suggest): residents as weighted grid points,
 * the placed houses as fixed sites, grid cells of the city as candidates, solved by the one
 * covering solver (bohan/covering.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/refuges_internal.h"
#include "core/alloc.h"
#include "db/stage.h"
#include "bohan/covering.h"
#include "core/array.h"
#include "core/strbuf.h"

struct bh_refuge_suggestions {
    bh_refuge_spot *spots;
    size_t n;
    double residents, before, bound;
};

typedef struct rs_points {
    double *x, *y, *w;
    size_t n, cap;
} rs_points;

static int rs_push(rs_points *p, double x, double y, double w)
{
    size_t c = p->cap;
    if (p->n >= p->cap &&
        (bh_array_grow((void **)&p->x, &c, p->n + 1, sizeof *p->x, 1024) ||
         bh_array_grow((void **)&p->y, &(size_t){p->cap}, p->n + 1, sizeof *p->y, 1024) ||
         bh_array_grow((void **)&p->w, &(size_t){p->cap}, p->n + 1, sizeof *p->w, 1024)))
        return -1;
    p->cap = c;
    p->x[p->n] = x, p->y[p->n] = y, p->w[p->n++] = w;
    return 0;
}

static void rs_free(rs_points *p)
{
    bh_free(p->x), bh_free(p->y), bh_free(p->w);
}

/* Appends the centres of the cell-sized grid cells (aligned to multiples of cell) lying in block
 * b, weighted evenly with weight (a block too small for a centre gets its PointOnSurface). */
static int rs_block_cells(bh_refuge_geo *g, size_t b, double cell, double weight, rs_points *out)
{
    const GEOSGeometry *blk = g->blocks[b];
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(g->h, blk);
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(g->h, blk, &x0), GEOSGeom_getYMin_r(g->h, blk, &y0);
    GEOSGeom_getXMax_r(g->h, blk, &x1), GEOSGeom_getYMax_r(g->h, blk, &y1);
    size_t first = out->n;
    int rc = prep ? 0 : -1;
    for (double y = (floor(y0 / cell) + 0.5) * cell; rc == 0 && y < y1; y += cell)
        for (double x = (floor(x0 / cell) + 0.5) * cell; rc == 0 && x < x1; x += cell) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->h, x, y);
            if (pt && GEOSPreparedContains_r(g->h, prep, pt) == 1)
                rc = rs_push(out, x, y, 0);
            GEOSGeom_destroy_r(g->h, pt);
        }
    if (rc == 0 && out->n == first) {
        GEOSGeometry *pos = GEOSPointOnSurface_r(g->h, blk);
        double px, py;
        if (pos && GEOSGeomGetX_r(g->h, pos, &px) && GEOSGeomGetY_r(g->h, pos, &py))
            rc = rs_push(out, px, py, 0);
        GEOSGeom_destroy_r(g->h, pos);
    }
    for (size_t i = first; i < out->n; i++)
        out->w[i] = weight / (double)(out->n - first);
    if (prep)
        GEOSPreparedGeom_destroy_r(g->h, prep);
    return rc;
}

/* Fills the covering instance: demand (residents), candidates (city cells), fixed (houses). */
static bh_status rs_instance(bh_refuge_geo *g, const bh_refuge_suggest_opts *o, bh_covering *cov,
                             double *residents, rs_points *cands)
{
    rs_points dem = {0}, cand = {0};
    int bad = 0;
    *residents = 0;
    for (size_t b = 0; !bad && b < g->nb; b++) {
        if (g->bpop[b] > 0)
            bad = rs_block_cells(g, b, o->demand_m, g->bpop[b], &dem);
        *residents += g->bpop[b] > 0 ? g->bpop[b] : 0;
        bad = bad || rs_block_cells(g, b, o->candidate_m, 0, &cand);
    }
    bh_status rc = bad ? bh_error(g->ctx, BH_E_NOMEM, "refuges: out of memory (grid)") : BH_OK;
    if (rc == BH_OK)
        rc = bh_covering_add_demand(cov, dem.x, dem.y, dem.w, dem.n);
    if (rc == BH_OK)
        rc = bh_covering_add_candidates(cov, cand.x, cand.y, cand.n);
    if (rc == BH_OK && g->nh)
        rc = bh_covering_add_fixed(cov, g->hx, g->hy, g->nh);
    rs_free(&dem);
    *cands = cand;
    return rc;
}

static bh_status rs_spots(bh_db *db, const bh_refuge_kind *k, const rs_points *cand,
                          const bh_covering_result *res, bh_refuge_suggestions *s)
{
    s->n = bh_covering_result_count(res);
    if ((s->spots = bh_calloc(s->n + 1, sizeof *s->spots)) == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_stmt *ll = NULL;
    char *sql = bh_asprintf("SELECT X(p), Y(p) FROM (SELECT Transform(MakePoint(?1, ?2, %d), "
                            "6668) AS p)",
                            bh_db_srid(db));
    bh_status rc = sql ? bh_db_prepare(db, sql, &ll) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "oom");
    bh_free(sql);
    for (size_t i = 0; rc == BH_OK && i < s->n; i++) {
        bh_refuge_spot *p = &s->spots[i];
        size_t site = bh_covering_result_site(res, i);
        p->x = cand->x[site];
        p->y = cand->y[site];
        p->gain = bh_covering_result_gain(res, i);
        p->cumulative = bh_covering_result_cumulative(res, i);
        sqlite3_reset(ll);
        sqlite3_bind_double(ll, 1, p->x);
        sqlite3_bind_double(ll, 2, p->y);
        p->lon = p->lat = NAN;
        if (sqlite3_step(ll) == SQLITE_ROW)
            p->lon = sqlite3_column_double(ll, 0), p->lat = sqlite3_column_double(ll, 1);
        p->area = bh_refuge_name_at(db, k->table, k->name_col, p->x, p->y);
        p->chome = bh_refuge_name_at(db, "town_blocks", "name", p->x, p->y);
        if (!p->area || !p->chome)
            rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    }
    sqlite3_finalize(ll);
    return rc;
}

static bh_status rs_suggest(bh_db *db, const bh_refuge_suggest_opts *opts,
                            bh_refuge_suggestions **out)
{
    *out = NULL;
    bh_refuge_suggest_opts o = *opts;
    o.radius_m = o.radius_m > 0 ? o.radius_m : 100;
    o.demand_m = o.demand_m > 0 ? o.demand_m : 25;
    o.candidate_m = o.candidate_m > 0 ? o.candidate_m : 50;
    const bh_refuge_kind *k = bh_refuge_kind_find(o.by);
    if (k == NULL || o.n < 1)
        return bh_error(bh_db_ctx(db), BH_E_USAGE,
                        "refuges: --suggest needs N >= 1 and a known --by");
    bh_refuge_geo g;
    bh_covering *cov = NULL;
    bh_covering_result *res = NULL;
    bh_refuge_suggestions *s = bh_calloc(1, sizeof *s);
    rs_points cand = {0};
    bh_status rc = s ? bh_refuge_geo_open(&g, db) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "oom");
    if (rc == BH_OK)
        rc = bh_refuge_geo_load(&g, k, o.radius_m);
    if (rc == BH_OK)
        rc = bh_covering_create(bh_db_ctx(db), &cov);
    if (rc == BH_OK)
        rc = rs_instance(&g, &o, cov, &s->residents, &cand);
    bh_covering_params p = {.k = o.n, .radius = o.radius_m, .solver = BH_COVERING_GREEDY};
    if (rc == BH_OK)
        rc = bh_covering_solve(cov, &p, &res);
    if (rc == BH_OK) {
        const bh_covering_summary *sum = bh_covering_result_summary(res);
        s->before = sum->covered_before;
        s->bound = sum->bound_added;
        rc = rs_spots(db, k, &cand, res, s);
    }
    bh_covering_result_destroy(res);
    bh_covering_destroy(cov);
    rs_free(&cand);
    if (s)
        bh_refuge_geo_close(&g);
    if (rc != BH_OK) {
        bh_refuge_suggestions_destroy(s);
        return rc;
    }
    *out = s;
    return BH_OK;
}

void bh_refuge_suggestions_destroy(bh_refuge_suggestions *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; s->spots && i < s->n; i++)
        bh_free((char *)s->spots[i].area), bh_free((char *)s->spots[i].chome);
    bh_free(s->spots);
    bh_free(s);
}

size_t bh_refuge_suggestions_count(const bh_refuge_suggestions *s)
{
    return s->n;
}

const bh_refuge_spot *bh_refuge_suggestions_spot(const bh_refuge_suggestions *s, size_t i)
{
    return &s->spots[i];
}

void bh_refuge_suggestions_totals(const bh_refuge_suggestions *s, double *residents,
                                  double *covered_before, double *bound)
{
    *residents = s->residents;
    *covered_before = s->before;
    *bound = s->bound;
}

typedef struct rs_call {
    const bh_refuge_suggest_opts *opts;
    bh_refuge_suggestions **out;
} rs_call;

static bh_status rs_suggest_on(bh_db *db, void *user)
{
    rs_call *c = user;
    return rs_suggest(db, c->opts, c->out);
}

/* PostgreSQL: on a working copy of the layer tables (db/stage.h); writes nothing. */
bh_status bh_refuges_suggest(bh_db *db, const bh_refuge_suggest_opts *opts,
                             bh_refuge_suggestions **out)
{
    rs_call c = {opts, out};
    *out = NULL;
    const bh_refuge_kind *k = bh_refuge_kind_find(opts->by); /* NULL: rs_suggest says so */
    const char *const reads[] = {"town_blocks", "refuge_houses", k ? k->table : NULL, NULL};
    return bh_db_staged(db, &(bh_db_stage_spec){.reads = reads}, rs_suggest_on, &c);
}

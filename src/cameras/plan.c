/* bh_cameras_plan: candidates, the covering model with the existing cameras fixed, the solve, and
 * where each proposed site lies (町丁目, 交番管内, lon/lat). */
#include "bohan/cameras.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameras/areas.h"
#include "cameras/internal.h"
#include "core/array.h"
#include "core/strbuf.h"
#include "db/stmt.h"

struct bh_cameras_plan {
    bh_covering_summary s;
    bh_cameras_site *sites;
    size_t n;
    double radius, total;
    int sample;
    bh_cameras_coverage *before, *after; /* per 交番管内 (NULL without koban_areas) */
};

/* Candidate sites with their ids. */
typedef struct cands {
    double *x, *y;
    char **id;
    size_t n, cap, idcap, named;
} cands;

static void cands_free(cands *c)
{
    for (size_t i = 0; i < c->named; i++)
        bh_free(c->id[i]);
    bh_free(c->id);
    bh_free(c->x);
    bh_free(c->y);
}

static bh_status name_new(bh_ctx *ctx, cands *c, size_t from, const char *prefix,
                          const long long *ids, double cell)
{
    if (bh_array_grow((void **)&c->id, &c->idcap, c->n + 1, sizeof *c->id, 256))
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = from; i < c->n; i++) {
        c->id[i] =
            ids ? bh_asprintf("%s:%lld", prefix, ids[i - from])
                : bh_asprintf("%s:%.0f:%.0f", prefix, floor(c->x[i] / cell), floor(c->y[i] / cell));
        if (!c->id[i])
            return bh_error(ctx, BH_E_NOMEM, "out of memory");
        c->named = i + 1;
    }
    return BH_OK;
}

/* grid:M inside the city boundary. */
static bh_status grid_cands(bh_db *db, double cell, cands *c)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (!(cell > 0))
        return bh_error(ctx, BH_E_ARG, "--candidates grid:%g: the spacing must be > 0 metres",
                        cell);
    const bh_db_dialect *d = bh_db_sql(db);
    char uni[64], geom[128];
    snprintf(uni, sizeof uni, d->union_agg, "geom");
    snprintf(geom, sizeof geom, d->geom_out, uni);
    bh_stmt *q;
    bh_status st = bh_stmt_preparef(db, &q, "SELECT %s FROM city_boundary", geom);
    if (st != BH_OK)
        return st;
    size_t from = c->n, len = 0;
    if (bh_stmt_step(q) == BH_STEP_ROW && bh_stmt_column_type(q, 0) == BH_VAL_BLOB) {
        const void *wkb = bh_stmt_column_blob(q, 0, &len);
        st = bh_cam_grid_inside(ctx, wkb, len, cell, &c->x, &c->y, &c->n, &c->cap);
    } else {
        st = bh_ctx_status(ctx) != BH_OK
                 ? bh_ctx_status(ctx)
                 : bh_error(ctx, BH_E_EMPTY, "layer city_boundary is empty: no grid of candidates");
    }
    bh_stmt_finalize(q);
    char prefix[48];
    snprintf(prefix, sizeof prefix, "grid%g", cell);
    return st == BH_OK ? name_new(ctx, c, from, prefix, NULL, cell) : st;
}

static bh_status layer_cands(bh_db *db, const char *name, cands *c)
{
    bh_ctx *ctx = bh_db_ctx(db);
    double *x = NULL, *y = NULL;
    long long *ids = NULL;
    size_t n = 0, cap = 0, from = c->n, c2 = c->cap;
    bh_status st = bh_cam_layer_points_ids(db, name, &x, &y, &ids, &n, &cap);
    if (st == BH_OK && (bh_array_grow((void **)&c->x, &c->cap, from + n + 1, sizeof *c->x, 256) ||
                        bh_array_grow((void **)&c->y, &c2, from + n + 1, sizeof *c->y, 256)))
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK && n > 0) {
        memcpy(c->x + from, x, n * sizeof *x);
        memcpy(c->y + from, y, n * sizeof *y);
        c->n += n;
        st = name_new(ctx, c, from, name, ids, 0);
    }
    bh_free(x);
    bh_free(y);
    bh_free(ids);
    return st;
}

/* "grid:M", "layer:NAME" or both, comma-separated. */
static bh_status make_cands(bh_db *db, const char *spec, cands *c)
{
    char *copy = bh_strdup(spec ? spec : "grid:50"), *save = NULL;
    if (!copy)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_status st = BH_OK;
    for (char *t = strtok_r(copy, ",", &save); t && st == BH_OK; t = strtok_r(NULL, ",", &save)) {
        char *end;
        if (strncmp(t, "grid:", 5) == 0) {
            double m = strtod(t + 5, &end);
            st = *end || end == t + 5 ? bh_error(bh_db_ctx(db), BH_E_ARG,
                                                 "--candidates '%s': expected grid:METRES", t)
                                      : grid_cands(db, m, c);
        } else if (strncmp(t, "layer:", 6) == 0 && t[6]) {
            st = layer_cands(db, t + 6, c);
        } else {
            st = bh_error(bh_db_ctx(db), BH_E_ARG,
                          "--candidates '%s': expected grid:METRES or layer:NAME", t);
        }
    }
    bh_free(copy);
    return st;
}

/* The first (lowest) value of col of table at the point (malloc'ed; "" when nothing). */
static char *text_at(bh_db *db, const char *table, const char *col, double x, double y, int srid)
{
    const bh_db_dialect *d = bh_db_sql(db);
    char pt[128], hit[256];
    snprintf(pt, sizeof pt, d->point, x, y, srid);
    snprintf(hit, sizeof hit, d->mbr_hit, "geom", pt);
    bh_stmt *q;
    char *v = NULL;
    if (bh_stmt_preparef(db, &q,
                         "SELECT \"%w\" FROM \"%w\" WHERE %s AND ST_Intersects(geom, %s) "
                         "ORDER BY 1 LIMIT 1",
                         col, table, hit, pt) != BH_OK) {
        bh_ctx_clear_error(bh_db_ctx(db));
        return bh_strdup("");
    }
    int r = bh_stmt_step(q);
    if (r == BH_STEP_ROW && bh_stmt_column_type(q, 0) != BH_VAL_NULL)
        v = bh_strdup(bh_stmt_column_text(q, 0));
    else if (r == BH_STEP_ERROR)
        bh_ctx_clear_error(bh_db_ctx(db)); /* as a failed prepare: nothing there */
    bh_stmt_finalize(q);
    return v ? v : bh_strdup("");
}

static void lonlat(bh_db *db, double x, double y, int srid, double *lon, double *lat)
{
    const bh_db_dialect *d = bh_db_sql(db);
    char pt[128], t[192];
    snprintf(pt, sizeof pt, d->point, x, y, srid);
    snprintf(t, sizeof t, d->transform, pt, 4326);
    bh_stmt *q;
    *lon = *lat = NAN;
    if (bh_stmt_preparef(db, &q, "SELECT ST_X(t), ST_Y(t) FROM (SELECT %s AS t) p", t) != BH_OK) {
        bh_ctx_clear_error(bh_db_ctx(db));
        return;
    }
    int r = bh_stmt_step(q);
    if (r == BH_STEP_ROW && bh_stmt_column_type(q, 0) != BH_VAL_NULL) {
        *lon = bh_stmt_column_double(q, 0);
        *lat = bh_stmt_column_double(q, 1);
    } else if (r == BH_STEP_ERROR) {
        bh_ctx_clear_error(bh_db_ctx(db)); /* as a failed prepare: no lon/lat */
    }
    bh_stmt_finalize(q);
}

static bh_status describe(bh_db *db, const bh_covering_result *r, const cands *c,
                          bh_cameras_plan *pl)
{
    int srid = bh_db_srid(db);
    pl->n = bh_covering_result_count(r);
    pl->sites = bh_calloc(pl->n + 1, sizeof *pl->sites);
    if (!pl->sites)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    for (size_t k = 0; k < pl->n; k++) {
        bh_cameras_site *t = &pl->sites[k];
        size_t j = bh_covering_result_site(r, k);
        t->x = c->x[j];
        t->y = c->y[j];
        t->id = bh_strdup(c->id[j]);
        lonlat(db, t->x, t->y, srid, &t->lon, &t->lat);
        t->chome = text_at(db, "town_blocks", "name", t->x, t->y, srid);
        t->koban = bh_db_has_table(db, "koban_areas")
                       ? text_at(db, "koban_areas", "name", t->x, t->y, srid)
                       : bh_strdup("");
        t->gain = bh_covering_result_gain(r, k);
        t->cumulative = bh_covering_result_cumulative(r, k);
        t->share = pl->total > 0 ? (pl->s.covered_before + t->cumulative) / pl->total : NAN;
        if (!t->id || !t->chome || !t->koban)
            return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    }
    return BH_OK;
}

/* Coverage per 交番管内 before and after the plan, for the map's per-area shares. */
static bh_status area_shares(bh_db *db, const bh_cameras_demand *d, const bh_cameras_plan_opts *o,
                             bh_cameras_plan *pl)
{
    if (!bh_db_has_table(db, "koban_areas"))
        return BH_OK;
    bh_summary_opts by = {.by = BH_AREA_KOBAN};
    int which = o->ignore_existing ? 0 : o->which;
    double *x = bh_malloc((pl->n + 1) * sizeof *x), *y = bh_malloc((pl->n + 1) * sizeof *y);
    bh_status st = x && y ? BH_OK : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    for (size_t k = 0; st == BH_OK && k < pl->n; k++) {
        x[k] = pl->sites[k].x;
        y[k] = pl->sites[k].y;
    }
    if (st == BH_OK)
        st = bh_cam_coverage_with(db, d, &by, o->p.radius, which, NULL, NULL, 0, &pl->before);
    if (st == BH_OK)
        st = bh_cam_coverage_with(db, d, &by, o->p.radius, which, x, y, pl->n, &pl->after);
    bh_free(x);
    bh_free(y);
    return st;
}

static bh_status load(bh_db *db, const bh_cameras_demand *d, const bh_cameras_plan_opts *o,
                      cands *c, bh_covering *cov)
{
    double *fx = NULL, *fy = NULL;
    size_t nf = 0, ncity = 0;
    bh_status st =
        o->ignore_existing ? BH_OK : bh_cameras_existing(db, o->which, &fx, &fy, &nf, &ncity);
    if (st == BH_OK)
        st = make_cands(db, o->candidates, c);
    if (st == BH_OK)
        st = bh_covering_add_demand(cov, bh_cameras_demand_x(d), bh_cameras_demand_y(d),
                                    bh_cameras_demand_w(d), bh_cameras_demand_count(d));
    if (st == BH_OK)
        st = bh_covering_add_candidates(cov, c->x, c->y, c->n);
    if (st == BH_OK)
        st = bh_covering_add_fixed(cov, fx, fy, nf);
    bh_free(fx);
    bh_free(fy);
    return st;
}

bh_status bh_cameras_plan_run(bh_db *db, const bh_cameras_demand *d, const bh_cameras_plan_opts *o,
                              bh_cameras_plan **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *out = NULL;
    cands c = {0};
    bh_covering *cov = NULL;
    bh_covering_result *r = NULL;
    bh_cameras_plan *pl = bh_calloc(1, sizeof *pl);
    bh_status st = pl ? bh_covering_create(ctx, &cov) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = load(db, d, o, &c, cov);
    size_t usable = 0;
    if (st == BH_OK)
        st = bh_covering_usable(cov, &o->p, &usable);
    if (st == BH_OK && (size_t)o->p.k > usable)
        st = bh_error(ctx, BH_E_ARG,
                      "--add %d: only %zu candidate sites are usable (%zu candidates, none within "
                      "the minimum spacing of a camera)",
                      o->p.k, usable, c.n);
    if (st == BH_OK && o->export_lp)
        st = bh_covering_export_lp(cov, &o->p, o->export_lp);
    if (st == BH_OK)
        st = bh_covering_solve(cov, &o->p, &r);
    if (st == BH_OK) {
        pl->s = *bh_covering_result_summary(r);
        pl->total = pl->s.total;
        pl->radius = o->p.radius;
        pl->sample = bh_cameras_demand_is_sample(d) ||
                     (!o->ignore_existing && (bh_cam_layer_is_sample(db, "cameras") ||
                                              bh_cam_layer_is_sample(db, "network_cameras")));
        st = describe(db, r, &c, pl);
    }
    if (st == BH_OK)
        st = area_shares(db, d, o, pl);
    bh_covering_result_destroy(r);
    bh_covering_destroy(cov);
    cands_free(&c);
    if (st != BH_OK) {
        bh_cameras_plan_destroy(pl);
        return st;
    }
    *out = pl;
    return BH_OK;
}

void bh_cameras_plan_destroy(bh_cameras_plan *pl)
{
    if (!pl)
        return;
    for (size_t k = 0; pl->sites && k < pl->n; k++) {
        bh_free((char *)pl->sites[k].id);
        bh_free((char *)pl->sites[k].chome);
        bh_free((char *)pl->sites[k].koban);
    }
    bh_free(pl->sites);
    bh_cameras_coverage_destroy(pl->before);
    bh_cameras_coverage_destroy(pl->after);
    bh_free(pl);
}

const bh_covering_summary *bh_cameras_plan_summary(const bh_cameras_plan *pl)
{
    return &pl->s;
}

size_t bh_cameras_plan_count(const bh_cameras_plan *pl)
{
    return pl->n;
}

const bh_cameras_site *bh_cameras_plan_site(const bh_cameras_plan *pl, size_t rank)
{
    return &pl->sites[rank];
}

int bh_cameras_plan_is_sample(const bh_cameras_plan *pl)
{
    return pl->sample;
}

const bh_cameras_coverage *bh_cam_plan_before(const bh_cameras_plan *pl)
{
    return pl->before;
}

const bh_cameras_coverage *bh_cam_plan_after(const bh_cameras_plan *pl)
{
    return pl->after;
}

double bh_cam_plan_radius(const bh_cameras_plan *pl)
{
    return pl->radius;
}

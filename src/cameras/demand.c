/* The demand of the camera model: each 町丁目's crime count (crimes summary) spread over the cells
 * of a global grid inside the block (uniform or weighted by a density layer), rows known only to
 * the 大字 over the 大字; or any layer's points with a weight column. */
#include "bohan/cameras.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "analysis/pointgrid.h"
#include "cameras/areas.h"
#include "cameras/internal.h"
#include "db/stmt.h"
#include "core/array.h"
#include "core/strbuf.h"

struct bh_cameras_demand {
    double *x, *y, *w;
    size_t n, cap, wcap;
    double unplaced;
    int sample;
};

void bh_cameras_demand_destroy(bh_cameras_demand *d)
{
    if (!d)
        return;
    bh_free(d->x);
    bh_free(d->y);
    bh_free(d->w);
    bh_free(d);
}

size_t bh_cameras_demand_count(const bh_cameras_demand *d)
{
    return d->n;
}
const double *bh_cameras_demand_x(const bh_cameras_demand *d)
{
    return d->x;
}
const double *bh_cameras_demand_y(const bh_cameras_demand *d)
{
    return d->y;
}
const double *bh_cameras_demand_w(const bh_cameras_demand *d)
{
    return d->w;
}
double bh_cameras_demand_unplaced(const bh_cameras_demand *d)
{
    return d->unplaced;
}
int bh_cameras_demand_is_sample(const bh_cameras_demand *d)
{
    return d->sample;
}

/* Density points: their grid and weights. */
typedef struct density {
    double *x, *y, *w;
    size_t n;
    bh_pointgrid g;
} density;

/* Cell weights of the points d->x[first..d->n) from the density points in each cell; uniform
 * when the block has none. Then scales them to sum to count. */
static void spread(bh_cameras_demand *d, size_t first, double count, const density *den,
                   double cell)
{
    size_t k = d->n - first;
    double sum = 0;
    uint32_t *buf = NULL;
    size_t cap = 0;
    for (size_t i = first; i < d->n; i++) {
        d->w[i] = 0;
        size_t len = 0;
        if (den && !bh_pointgrid_within(&den->g, d->x[i], d->y[i], cell * 0.7072, &buf, &len, &cap))
            for (size_t q = 0; q < len; q++)
                if (floor(den->x[buf[q]] / cell) == floor(d->x[i] / cell) &&
                    floor(den->y[buf[q]] / cell) == floor(d->y[i] / cell))
                    d->w[i] += den->w[buf[q]];
        sum += d->w[i];
    }
    bh_free(buf);
    for (size_t i = first; i < d->n; i++)
        d->w[i] = sum > 0 ? count * d->w[i] / sum : count / (double)k;
}

static bh_status place_area(bh_db *db, bh_cameras_demand *d, const unsigned char *wkb, size_t len,
                            double count, const density *den, double cell)
{
    size_t first = d->n, cap = d->cap;
    bh_status st = bh_cam_grid_inside(bh_db_ctx(db), wkb, len, cell, &d->x, &d->y, &d->n, &cap);
    d->cap = cap;
    if (st == BH_OK && bh_array_grow((void **)&d->w, &d->wcap, d->cap, sizeof *d->w, 1024))
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (st == BH_OK && d->n > first)
        spread(d, first, count, den, cell);
    return st;
}

/* The 大字 polygon of an "oaza:<name>" row (malloc'ed WKB), NULL when none. */
static unsigned char *oaza_wkb(bh_db *db, const char *name, size_t *len)
{
    const bh_db_dialect *d = bh_db_sql(db);
    int has_oaza = bh_db_has_table(db, "oaza");
    char uni[64], geom[128];
    snprintf(uni, sizeof uni, d->union_agg, "geom");
    snprintf(geom, sizeof geom, d->geom_out, has_oaza ? "geom" : uni);
    bh_stmt *q = NULL;
    if (bh_stmt_preparef(db, &q, "SELECT %s FROM %s = ?1", geom,
                         has_oaza ? "oaza WHERE name" : "town_blocks WHERE oaza") != BH_OK) {
        bh_ctx_clear_error(bh_db_ctx(db));
        return NULL;
    }
    bh_stmt_bind_text(q, 1, name);
    unsigned char *w = NULL;
    int r = bh_stmt_step(q);
    if (r == BH_STEP_ROW && bh_stmt_column_type(q, 0) == BH_VAL_BLOB) {
        const void *p = bh_stmt_column_blob(q, 0, len);
        w = bh_malloc(*len ? *len : 1);
        if (w)
            memcpy(w, p, *len);
    } else if (r == BH_STEP_ERROR) {
        bh_ctx_clear_error(bh_db_ctx(db)); /* as a failed prepare: the area stays unplaced */
    }
    bh_stmt_finalize(q);
    return w;
}

static bh_status from_crimes(bh_db *db, const bh_cameras_demand_opts *o, const density *den,
                             bh_cameras_demand *d)
{
    bh_summary_opts so = {
        .by = BH_AREA_CHOME, .from_ym = o->from_ym, .to_ym = o->to_ym, .types = o->types};
    bh_summary *s = NULL;
    bh_status st = bh_summary_compute(db, &so, &s);
    for (size_t i = 0; st == BH_OK && i < bh_summary_n_areas(s); i++) {
        long count = bh_summary_total(s, i);
        if (count <= 0)
            continue;
        size_t len = 0, before = d->n;
        const unsigned char *wkb = bh_summary_area_wkb(s, i, &len);
        unsigned char *owned = NULL;
        const char *id = bh_summary_area_id(s, i);
        if (!wkb && strncmp(id, "oaza:", 5) == 0)
            wkb = owned = oaza_wkb(db, id + 5, &len);
        if (wkb)
            st = place_area(db, d, wkb, len, (double)count, den, o->cell);
        bh_free(owned);
        if (st == BH_OK && d->n == before)
            d->unplaced += (double)count;
    }
    if (s)
        d->sample = bh_summary_is_sample(s);
    bh_summary_destroy(s);
    return st;
}

bh_status bh_cameras_demand_build(bh_db *db, const bh_cameras_demand_opts *o,
                                  bh_cameras_demand **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *out = NULL;
    if (!(o->cell > 0))
        return bh_error(ctx, BH_E_ARG, "--demand-cell %g: must be > 0 metres", o->cell);
    bh_cameras_demand *d = bh_calloc(1, sizeof *d);
    if (!d)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_status st;
    if (o->layer) {
        size_t cap = 0;
        st = bh_cam_layer_points(db, o->layer, 1, &d->x, &d->y, &d->w, &d->n, &cap);
        d->sample = st == BH_OK && bh_cam_layer_is_sample(db, o->layer);
    } else {
        density den = {0};
        size_t cap = 0;
        st = o->density
                 ? bh_cam_layer_points(db, o->density, 1, &den.x, &den.y, &den.w, &den.n, &cap)
                 : BH_OK;
        if (st == BH_OK && o->density && bh_pointgrid_build(&den.g, den.x, den.y, den.n, o->cell))
            st = bh_error(ctx, BH_E_NOMEM, "out of memory");
        if (st == BH_OK)
            st = from_crimes(db, o, o->density ? &den : NULL, d);
        bh_pointgrid_free(&den.g);
        bh_free(den.x);
        bh_free(den.y);
        bh_free(den.w);
    }
    if (st != BH_OK) {
        bh_cameras_demand_destroy(d);
        return st;
    }
    *out = d;
    return BH_OK;
}

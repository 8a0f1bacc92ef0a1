/* How much of the demand lies within the radius of an existing camera, per area. */
#include "bohan/cameras.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cameras/areas.h"
#include "cameras/internal.h"
#include "core/strbuf.h"

typedef struct cov_row {
    char *id, *name;
    long ncity, nnet;
    double demand, covered;
} cov_row;

struct bh_cameras_coverage {
    cov_row *rows; /* n areas (+ outside) + the city row */
    size_t n;
    size_t na;                 /* areas with a polygon */
    const unsigned char **wkb; /* their polygons (borrowed from the summary) */
    size_t *len;
};

bh_status bh_cameras_existing(bh_db *db, int which, double **x, double **y, size_t *n,
                              size_t *ncity)
{
    size_t cap = 0;
    *x = *y = NULL;
    *n = *ncity = 0;
    bh_status st = BH_OK;
    if (which & BH_CAMERAS_CITY)
        st = bh_cam_layer_points(db, "cameras", 0, x, y, NULL, n, &cap);
    *ncity = *n;
    if (st == BH_OK && (which & BH_CAMERAS_NETWORK))
        st = bh_cam_layer_points(db, "network_cameras", 0, x, y, NULL, n, &cap);
    if (st != BH_OK) {
        free(*x);
        free(*y);
        *x = *y = NULL;
    }
    return st;
}

void bh_cameras_coverage_destroy(bh_cameras_coverage *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->rows && i <= c->n; i++) {
        free(c->rows[i].id);
        free(c->rows[i].name);
    }
    free(c->rows);
    free(c);
}

/* Area rows from the summary rows of kind by that have a polygon, plus "outside" and "city". */
static bh_status make_rows(bh_db *db, const bh_summary *s, bh_cameras_coverage *c)
{
    size_t ns = bh_summary_n_areas(s), na = 0;
    c->rows = calloc(ns + 2, sizeof *c->rows);
    c->wkb = calloc(ns + 1, sizeof *c->wkb);
    c->len = calloc(ns + 1, sizeof *c->len);
    if (!c->rows || !c->wkb || !c->len)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    c->n = ns + 1;
    for (size_t i = 0; i < ns; i++) {
        c->wkb[na] = bh_summary_area_wkb(s, i, &c->len[na]);
        if (!c->wkb[na])
            continue;
        c->rows[na].id = bh_strdup(bh_summary_area_id(s, i));
        c->rows[na++].name = bh_strdup(bh_summary_area_name(s, i));
    }
    c->na = na;
    c->rows[na].id = bh_strdup("outside");
    c->rows[na].name = bh_strdup("（区域外）");
    c->rows[na + 1].id = bh_strdup("city");
    c->rows[na + 1].name = bh_strdup("市全体");
    c->n = na + 1;
    return BH_OK;
}

static bh_status tally(bh_db *db, bh_cameras_coverage *c, const bh_cameras_demand *d,
                       const unsigned char *covered, const double *cx, const double *cy,
                       size_t ncam, size_t ncity)
{
    size_t na = c->na, nd = bh_cameras_demand_count(d);
    int32_t *ad = malloc((nd + 1) * sizeof *ad), *ac = malloc((ncam + 1) * sizeof *ac);
    bh_status st = BH_OK;
    if (!ad || !ac)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = bh_cam_assign(bh_db_ctx(db), c->wkb, c->len, na, bh_cameras_demand_x(d),
                           bh_cameras_demand_y(d), nd, ad);
    if (st == BH_OK)
        st = bh_cam_assign(bh_db_ctx(db), c->wkb, c->len, na, cx, cy, ncam, ac);
    cov_row *city = &c->rows[c->n];
    for (size_t i = 0; st == BH_OK && i < nd; i++) {
        cov_row *r = &c->rows[ad[i] >= 0 ? (size_t)ad[i] : na];
        double w = bh_cameras_demand_w(d)[i];
        r->demand += w;
        city->demand += w;
        if (covered[i]) {
            r->covered += w;
            city->covered += w;
        }
    }
    for (size_t j = 0; st == BH_OK && j < ncam; j++) {
        cov_row *r = &c->rows[ac[j] >= 0 ? (size_t)ac[j] : na];
        (*(j < ncity ? &r->ncity : &r->nnet))++;
        (*(j < ncity ? &city->ncity : &city->nnet))++;
    }
    if (st == BH_OK && c->rows[na].demand == 0 && c->rows[na].ncity + c->rows[na].nnet == 0) {
        /* No "outside" row needed: move the city row up. */
        free(c->rows[na].id);
        free(c->rows[na].name);
        c->rows[na] = c->rows[na + 1];
        memset(&c->rows[na + 1], 0, sizeof c->rows[na + 1]);
        c->n = na;
    }
    free(ad);
    free(ac);
    return st;
}

bh_status bh_cam_coverage_with(bh_db *db, const bh_cameras_demand *d, const bh_summary_opts *by,
                               double radius, int which, const double *ex, const double *ey,
                               size_t nex, bh_cameras_coverage **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *out = NULL;
    if (!(radius > 0))
        return bh_error(ctx, BH_E_ARG, "--radius %g: must be > 0 metres", radius);
    double *cx = NULL, *cy = NULL;
    size_t ncam = 0, ncity = 0;
    bh_status st = which ? bh_cameras_existing(db, which, &cx, &cy, &ncam, &ncity) : BH_OK;
    bh_summary *s = NULL;
    bh_covering *cov = NULL;
    unsigned char *covered = malloc(bh_cameras_demand_count(d) + 1);
    bh_cameras_coverage *c = calloc(1, sizeof *c);
    if (st == BH_OK && (!covered || !c))
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = bh_summary_compute(db, by, &s);
    if (st == BH_OK)
        st = bh_covering_create(ctx, &cov);
    if (st == BH_OK)
        st = bh_covering_add_demand(cov, bh_cameras_demand_x(d), bh_cameras_demand_y(d),
                                    bh_cameras_demand_w(d), bh_cameras_demand_count(d));
    if (st == BH_OK)
        st = bh_covering_add_fixed(cov, cx, cy, ncam);
    if (st == BH_OK && nex)
        st = bh_covering_add_fixed(cov, ex, ey, nex);
    if (st == BH_OK)
        st = bh_covering_fixed_coverage(cov, radius, covered);
    if (st == BH_OK)
        st = make_rows(db, s, c);
    if (st == BH_OK)
        st = tally(db, c, d, covered, cx, cy, ncam, ncity);
    if (c) {
        free(c->wkb);
        free(c->len);
        c->wkb = NULL;
        c->len = NULL;
    }
    bh_covering_destroy(cov);
    bh_summary_destroy(s);
    free(covered);
    free(cx);
    free(cy);
    if (st != BH_OK) {
        bh_cameras_coverage_destroy(c);
        return st;
    }
    *out = c;
    return BH_OK;
}

bh_status bh_cameras_coverage_compute(bh_db *db, const bh_cameras_demand *d,
                                      const bh_summary_opts *by, double radius, int which,
                                      bh_cameras_coverage **out)
{
    return bh_cam_coverage_with(db, d, by, radius, which, NULL, NULL, 0, out);
}

size_t bh_cameras_coverage_count(const bh_cameras_coverage *c)
{
    return c->n;
}
const char *bh_cameras_coverage_id(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].id;
}
const char *bh_cameras_coverage_name(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].name;
}
long bh_cameras_coverage_city_cameras(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].ncity;
}
long bh_cameras_coverage_network_cameras(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].nnet;
}
double bh_cameras_coverage_demand(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].demand;
}
double bh_cameras_coverage_covered(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].covered;
}
double bh_cameras_coverage_share(const bh_cameras_coverage *c, size_t i)
{
    return c->rows[i].demand > 0 ? c->rows[i].covered / c->rows[i].demand : NAN;
}

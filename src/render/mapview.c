#include "render/mapview.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <geos_c.h>

struct bh_mapview {
    bh_ctx *ctx;
    double frame[4];
    double visible[4];
    double mm_per_m;
    double x0, y0; /* page position of world (visible[0], visible[3]) */
    double tol_mm; /* vertices closer than this are dropped */
    size_t v_in, v_out;
    double *xs, *ys; /* scratch for ring coordinates */
    size_t cap;
};

double bh_mapview_fit_scale(const double fit[4], const double extent[4])
{
    double ew = fmax(extent[2] - extent[0], 1), eh = fmax(extent[3] - extent[1], 1);
    if (!(fit[2] > 0 && fit[3] > 0) || !isfinite(ew) || !isfinite(eh))
        return 0;
    return fmin(fit[2] / ew, fit[3] / eh);
}

bh_status bh_mapview_create_in(bh_ctx *ctx, const double frame[4], const double fit[4],
                               const double extent[4], double dots_per_mm, bh_mapview **out)
{
    *out = NULL;
    if (!(fit[2] > 0 && fit[3] > 0 && frame[2] > 0 && frame[3] > 0))
        return bh_error(ctx, BH_E_ARG, "map frame %gx%g mm leaves no room for the map", fit[2],
                        fit[3]);
    double ew = extent[2] - extent[0], eh = extent[3] - extent[1];
    if (!(isfinite(ew) && isfinite(eh) && ew >= 0 && eh >= 0))
        return bh_error(ctx, BH_E_ARG, "map extent is empty or not finite");
    double cx = (extent[0] + extent[2]) / 2, cy = (extent[1] + extent[3]) / 2;
    bh_mapview *mv = bh_calloc(1, sizeof *mv);
    if (mv == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    mv->ctx = ctx;
    for (int i = 0; i < 4; i++)
        mv->frame[i] = frame[i];
    mv->mm_per_m = bh_mapview_fit_scale(fit, extent);
    /* The extent's centre sits at the fit rectangle's centre. */
    double fcx = fit[0] + fit[2] / 2, fcy = fit[1] + fit[3] / 2;
    mv->visible[0] = cx - (fcx - frame[0]) / mv->mm_per_m;
    mv->visible[3] = cy + (fcy - frame[1]) / mv->mm_per_m;
    mv->visible[2] = mv->visible[0] + frame[2] / mv->mm_per_m;
    mv->visible[1] = mv->visible[3] - frame[3] / mv->mm_per_m;
    mv->x0 = frame[0];
    mv->y0 = frame[1];
    mv->tol_mm = dots_per_mm > 0 ? 1.0 / dots_per_mm : 0.1;
    *out = mv;
    return BH_OK;
}

bh_status bh_mapview_create(bh_ctx *ctx, const double frame[4], double margin_mm,
                            const double extent[4], double dots_per_mm, bh_mapview **out)
{
    double fit[4] = {frame[0] + margin_mm, frame[1] + margin_mm, frame[2] - 2 * margin_mm,
                     frame[3] - 2 * margin_mm};
    if (!(fit[2] > 0 && fit[3] > 0)) {
        *out = NULL;
        return bh_error(ctx, BH_E_ARG, "map frame %gx%g mm leaves no room inside a %g mm margin",
                        frame[2], frame[3], margin_mm);
    }
    return bh_mapview_create_in(ctx, frame, fit, extent, dots_per_mm, out);
}

void bh_mapview_destroy(bh_mapview *mv)
{
    if (mv == NULL)
        return;
    bh_free(mv->xs);
    bh_free(mv->ys);
    bh_free(mv);
}

const double *bh_mapview_frame(const bh_mapview *mv)
{
    return mv->frame;
}

double bh_mapview_mm_per_m(const bh_mapview *mv)
{
    return mv->mm_per_m;
}

double bh_mapview_scale_denominator(const bh_mapview *mv)
{
    return 1000.0 / mv->mm_per_m;
}

const double *bh_mapview_visible_extent(const bh_mapview *mv)
{
    return mv->visible;
}

void bh_mapview_to_page(const bh_mapview *mv, double wx, double wy, double *px, double *py)
{
    *px = mv->x0 + (wx - mv->visible[0]) * mv->mm_per_m;
    *py = mv->y0 + (mv->visible[3] - wy) * mv->mm_per_m;
}

void bh_mapview_to_world(const bh_mapview *mv, double px, double py, double *wx, double *wy)
{
    *wx = mv->visible[0] + (px - mv->x0) / mv->mm_per_m;
    *wy = mv->visible[3] - (py - mv->y0) / mv->mm_per_m;
}

void bh_mapview_clip(const bh_mapview *mv, cairo_t *cr)
{
    cairo_new_path(cr);
    cairo_rectangle(cr, mv->frame[0], mv->frame[1], mv->frame[2], mv->frame[3]);
    cairo_clip(cr);
}

/* A geometry read from WKB with GEOS (the library OGR and SpatiaLite use for geometry; reading
 * it directly keeps `bohan map` from loading GDAL). Release with wkb_free. */
typedef struct {
    GEOSContextHandle_t h;
    GEOSGeometry *g;
} wkb_geom;

static int wkb_read(const unsigned char *wkb, size_t len, wkb_geom *out)
{
    out->h = NULL;
    out->g = NULL;
    if (wkb == NULL || len < 5 || len > (size_t)0x7fffffff)
        return -1;
    out->h = GEOS_init_r();
    if (out->h == NULL)
        return -1;
    GEOSWKBReader *r = GEOSWKBReader_create_r(out->h);
    if (r != NULL) {
        out->g = GEOSWKBReader_read_r(out->h, r, wkb, len);
        GEOSWKBReader_destroy_r(out->h, r);
    }
    if (out->g == NULL) {
        GEOS_finish_r(out->h);
        out->h = NULL;
        return -1;
    }
    return 0;
}

static void wkb_free(wkb_geom *w)
{
    if (w->h == NULL)
        return;
    if (w->g)
        GEOSGeom_destroy_r(w->h, w->g);
    GEOS_finish_r(w->h);
}

static int mapview_reserve(bh_mapview *mv, size_t n)
{
    if (n <= mv->cap)
        return 0;
    size_t cap = n < 256 ? 256 : n;
    double *xs = bh_realloc(mv->xs, cap * sizeof *xs);
    if (xs == NULL)
        return -1;
    mv->xs = xs;
    double *ys = bh_realloc(mv->ys, cap * sizeof *ys);
    if (ys == NULL)
        return -1;
    mv->ys = ys;
    mv->cap = cap;
    return 0;
}

/* One ring or line string: vertices within tol of the last kept one are dropped (the last
 * vertex always stays so rings close where they should). */
static long mapview_curve(bh_mapview *mv, cairo_t *cr, GEOSContextHandle_t h, const GEOSGeometry *g,
                          int closed)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, g);
    unsigned int size = 0;
    if (seq == NULL || !GEOSCoordSeq_getSize_r(h, seq, &size) || size == 0)
        return 0;
    int n = (int)size;
    if (mapview_reserve(mv, (size_t)n) != 0)
        return -1;
    if (!GEOSCoordSeq_copyToArrays_r(h, seq, mv->xs, mv->ys, NULL, NULL))
        return 0;
    mv->v_in += (size_t)n;
    double tol2 = mv->tol_mm * mv->tol_mm;
    double lx = 0, ly = 0;
    long kept = 0;
    for (int i = 0; i < n; i++) {
        double px, py;
        bh_mapview_to_page(mv, mv->xs[i], mv->ys[i], &px, &py);
        if (i == 0) {
            cairo_move_to(cr, px, py);
        } else {
            double dx = px - lx, dy = py - ly;
            if (i != n - 1 && dx * dx + dy * dy < tol2)
                continue;
            cairo_line_to(cr, px, py);
        }
        lx = px;
        ly = py;
        kept++;
    }
    if (closed)
        cairo_close_path(cr);
    mv->v_out += (size_t)kept;
    return kept;
}

static long mapview_geom(bh_mapview *mv, cairo_t *cr, GEOSContextHandle_t h, const GEOSGeometry *g)
{
    long total = 0, r;
    switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_LINESTRING:
        return mapview_curve(mv, cr, h, g, 0);
    case GEOS_LINEARRING:
        return mapview_curve(mv, cr, h, g, 1);
    case GEOS_POLYGON: {
        const GEOSGeometry *ext = GEOSGetExteriorRing_r(h, g);
        if (ext == NULL || GEOSisEmpty_r(h, g) == 1)
            return 0;
        if ((total = mapview_curve(mv, cr, h, ext, 1)) < 0)
            return -1;
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; i++) {
            if ((r = mapview_curve(mv, cr, h, GEOSGetInteriorRingN_r(h, g, i), 1)) < 0)
                return -1;
            total += r;
        }
        return total;
    }
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
        int parts = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < parts; i++) {
            if ((r = mapview_geom(mv, cr, h, GEOSGetGeometryN_r(h, g, i))) < 0)
                return -1;
            total += r;
        }
        return total;
    }
    default:
        return 0;
    }
}

long bh_mapview_path_wkb(bh_mapview *mv, cairo_t *cr, const unsigned char *wkb, size_t len)
{
    wkb_geom w;
    if (wkb_read(wkb, len, &w) != 0) {
        bh_error(mv->ctx, BH_E_GEOMETRY, "unreadable WKB geometry (%zu bytes)", len);
        return -1;
    }
    long n = mapview_geom(mv, cr, w.h, w.g);
    wkb_free(&w);
    if (n < 0) {
        bh_error(mv->ctx, BH_E_NOMEM, "out of memory drawing a geometry");
        return -2;
    }
    return n;
}

/* The coordinates of a non-empty point; 0 on success. */
static int point_xy(GEOSContextHandle_t h, const GEOSGeometry *g, double *x, double *y)
{
    if (GEOSisEmpty_r(h, g) != 0)
        return -1;
    return GEOSGeomGetX_r(h, g, x) == 1 && GEOSGeomGetY_r(h, g, y) == 1 ? 0 : -1;
}

static long mapview_points(bh_mapview *mv, GEOSContextHandle_t h, const GEOSGeometry *g,
                           bh_mapview_point_fn fn, void *user)
{
    int t = GEOSGeomTypeId_r(h, g);
    if (t == GEOS_POINT) {
        double x, y, px, py;
        if (point_xy(h, g, &x, &y) != 0)
            return 0;
        bh_mapview_to_page(mv, x, y, &px, &py);
        fn(user, px, py);
        return 1;
    }
    long n = 0;
    if (t == GEOS_MULTIPOINT || t == GEOS_GEOMETRYCOLLECTION) {
        int parts = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < parts; i++)
            n += mapview_points(mv, h, GEOSGetGeometryN_r(h, g, i), fn, user);
    }
    return n;
}

long bh_mapview_points_wkb(bh_mapview *mv, const unsigned char *wkb, size_t len,
                           bh_mapview_point_fn fn, void *user)
{
    wkb_geom w;
    if (wkb_read(wkb, len, &w) != 0)
        return -1;
    long n = mapview_points(mv, w.h, w.g, fn, user);
    wkb_free(&w);
    return n;
}

int bh_mapview_wkb_envelope(const unsigned char *wkb, size_t len, double env[4])
{
    wkb_geom w;
    if (wkb_read(wkb, len, &w) != 0)
        return -1;
    int rc = -1;
    if (GEOSisEmpty_r(w.h, w.g) == 0 && GEOSGeom_getXMin_r(w.h, w.g, &env[0]) == 1 &&
        GEOSGeom_getYMin_r(w.h, w.g, &env[1]) == 1 && GEOSGeom_getXMax_r(w.h, w.g, &env[2]) == 1 &&
        GEOSGeom_getYMax_r(w.h, w.g, &env[3]) == 1)
        rc = 0;
    wkb_free(&w);
    return rc;
}

int bh_mapview_label_point(const bh_mapview *mv, const unsigned char *wkb, size_t len, double *px,
                           double *py)
{
    wkb_geom w;
    if (wkb_read(wkb, len, &w) != 0)
        return -1;
    int rc = -1;
    GEOSGeometry *p = GEOSPointOnSurface_r(w.h, w.g);
    double x, y;
    if (p != NULL && point_xy(w.h, p, &x, &y) == 0) {
        bh_mapview_to_page(mv, x, y, px, py);
        rc = 0;
    }
    if (p)
        GEOSGeom_destroy_r(w.h, p);
    wkb_free(&w);
    return rc;
}

size_t bh_mapview_vertices_in(const bh_mapview *mv)
{
    return mv->v_in;
}

size_t bh_mapview_vertices_out(const bh_mapview *mv)
{
    return mv->v_out;
}

#include "render/mapview.h"

#include <math.h>
#include <stdlib.h>
#include <ogr_api.h>

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
    bh_mapview *mv = calloc(1, sizeof *mv);
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
    free(mv->xs);
    free(mv->ys);
    free(mv);
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

static OGRGeometryH mapview_read(const unsigned char *wkb, size_t len)
{
    if (wkb == NULL || len < 5 || len > (size_t)0x7fffffff)
        return NULL;
    OGRGeometryH g = NULL;
    if (OGR_G_CreateFromWkb(wkb, NULL, &g, (int)len) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(g);
        return NULL;
    }
    return g;
}

static int mapview_reserve(bh_mapview *mv, size_t n)
{
    if (n <= mv->cap)
        return 0;
    size_t cap = n < 256 ? 256 : n;
    double *xs = realloc(mv->xs, cap * sizeof *xs);
    if (xs == NULL)
        return -1;
    mv->xs = xs;
    double *ys = realloc(mv->ys, cap * sizeof *ys);
    if (ys == NULL)
        return -1;
    mv->ys = ys;
    mv->cap = cap;
    return 0;
}

/* One ring or line string: vertices within tol of the last kept one are dropped (the last
 * vertex always stays so rings close where they should). */
static long mapview_curve(bh_mapview *mv, cairo_t *cr, OGRGeometryH g, int closed)
{
    int n = OGR_G_GetPointCount(g);
    if (n <= 0)
        return 0;
    if (mapview_reserve(mv, (size_t)n) != 0)
        return -1;
    OGR_G_GetPoints(g, mv->xs, sizeof(double), mv->ys, sizeof(double), NULL, 0);
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

static long mapview_geom(bh_mapview *mv, cairo_t *cr, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    long total = 0, r;
    switch (t) {
    case wkbLineString:
        return mapview_curve(mv, cr, g, 0);
    case wkbLinearRing:
        return mapview_curve(mv, cr, g, 1);
    case wkbPolygon:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            if ((r = mapview_curve(mv, cr, OGR_G_GetGeometryRef(g, i), 1)) < 0)
                return -1;
            total += r;
        }
        return total;
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            if ((r = mapview_geom(mv, cr, OGR_G_GetGeometryRef(g, i))) < 0)
                return -1;
            total += r;
        }
        return total;
    default:
        return 0;
    }
}

long bh_mapview_path_wkb(bh_mapview *mv, cairo_t *cr, const unsigned char *wkb, size_t len)
{
    OGRGeometryH g = mapview_read(wkb, len);
    if (g == NULL) {
        bh_error(mv->ctx, BH_E_GEOMETRY, "unreadable WKB geometry (%zu bytes)", len);
        return -1;
    }
    long n = mapview_geom(mv, cr, g);
    OGR_G_DestroyGeometry(g);
    if (n < 0)
        bh_error(mv->ctx, BH_E_NOMEM, "out of memory drawing a geometry");
    return n;
}

static long mapview_points(bh_mapview *mv, OGRGeometryH g, bh_mapview_point_fn fn, void *user)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPoint) {
        if (OGR_G_IsEmpty(g))
            return 0;
        double px, py;
        bh_mapview_to_page(mv, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), &px, &py);
        fn(user, px, py);
        return 1;
    }
    long n = 0;
    if (t == wkbMultiPoint || t == wkbGeometryCollection)
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            n += mapview_points(mv, OGR_G_GetGeometryRef(g, i), fn, user);
    return n;
}

long bh_mapview_points_wkb(bh_mapview *mv, const unsigned char *wkb, size_t len,
                           bh_mapview_point_fn fn, void *user)
{
    OGRGeometryH g = mapview_read(wkb, len);
    if (g == NULL)
        return -1;
    long n = mapview_points(mv, g, fn, user);
    OGR_G_DestroyGeometry(g);
    return n;
}

int bh_mapview_wkb_envelope(const unsigned char *wkb, size_t len, double env[4])
{
    OGRGeometryH g = mapview_read(wkb, len);
    if (g == NULL)
        return -1;
    int rc = -1;
    if (!OGR_G_IsEmpty(g)) {
        OGREnvelope e;
        OGR_G_GetEnvelope(g, &e);
        env[0] = e.MinX;
        env[1] = e.MinY;
        env[2] = e.MaxX;
        env[3] = e.MaxY;
        rc = 0;
    }
    OGR_G_DestroyGeometry(g);
    return rc;
}

int bh_mapview_label_point(const bh_mapview *mv, const unsigned char *wkb, size_t len, double *px,
                           double *py)
{
    OGRGeometryH g = mapview_read(wkb, len);
    if (g == NULL)
        return -1;
    int rc = -1;
    OGRGeometryH p = OGR_G_PointOnSurface(g);
    if (p != NULL && !OGR_G_IsEmpty(p)) {
        bh_mapview_to_page(mv, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0), px, py);
        rc = 0;
    }
    OGR_G_DestroyGeometry(p);
    OGR_G_DestroyGeometry(g);
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

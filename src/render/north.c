#include "render/north.h"

#include <math.h>
#include <stdio.h>
#include <proj.h>

double bh_north_convergence(bh_ctx *ctx, int srid, double x, double y)
{
    PJ_CONTEXT *pc = bh_ctx_proj(ctx);
    char code[32];
    snprintf(code, sizeof code, "EPSG:%d", srid);
    PJ *crs = proj_create(pc, code);
    if (crs == NULL)
        return 0;
    double conv = 0;
    PJ *geo = proj_crs_get_geodetic_crs(pc, crs);
    PJ *to_geo = geo ? proj_create_crs_to_crs_from_pj(pc, crs, geo, NULL, NULL) : NULL;
    PJ *norm = to_geo ? proj_normalize_for_visualization(pc, to_geo) : NULL;
    PJ *conversion = proj_crs_get_coordoperation(pc, crs);
    if (norm && conversion) {
        PJ_COORD c = proj_coord(x, y, 0, 0);
        PJ_COORD g = proj_trans(norm, PJ_FWD, c); /* lon, lat in degrees */
        if (isfinite(g.xy.x) && isfinite(g.xy.y)) {
            PJ_COORD lp = proj_coord(proj_torad(g.xy.x), proj_torad(g.xy.y), 0, 0);
            PJ_FACTORS f = proj_factors(conversion, lp);
            if (proj_errno(conversion) == 0 && isfinite(f.meridian_convergence))
                conv = proj_todeg(f.meridian_convergence);
        }
    }
    proj_destroy(conversion);
    proj_destroy(norm);
    proj_destroy(to_geo);
    proj_destroy(geo);
    proj_destroy(crs);
    return conv;
}

void bh_north_size(cairo_t *cr, double size_mm, const bh_text_style *ts, double *w, double *h)
{
    double tw, th;
    bh_text_measure(cr, ts, "N", &tw, &th);
    *w = fmax(size_mm * 0.6, tw) + 3;
    *h = size_mm + th + 3;
}

void bh_north_draw(cairo_t *cr, double size_mm, const bh_text_style *ts, double angle_deg, double x,
                   double y)
{
    double w, h, tw, th;
    bh_north_size(cr, size_mm, ts, &w, &h);
    bh_text_measure(cr, ts, "N", &tw, &th);
    cairo_save(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    double cx = x + w / 2, top = y + 1.5 + th;
    bh_text_draw(cr, ts, "N", cx, y + 1.5, BH_ANCHOR_N);
    cairo_translate(cr, cx, top + size_mm / 2);
    cairo_rotate(cr, angle_deg * M_PI / 180);
    double hw = size_mm * 0.28, hh = size_mm / 2;
    cairo_set_line_width(cr, 0.2);
    /* Left half black, right half white: the classic arrow. */
    cairo_move_to(cr, 0, -hh);
    cairo_line_to(cr, -hw, hh);
    cairo_line_to(cr, 0, hh * 0.55);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill_preserve(cr);
    cairo_stroke(cr);
    cairo_move_to(cr, 0, -hh);
    cairo_line_to(cr, hw, hh);
    cairo_line_to(cr, 0, hh * 0.55);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_stroke(cr);
    cairo_restore(cr);
}

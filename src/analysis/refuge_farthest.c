/* The largest gap of an area, exactly: the farthest any point of the area is from its nearest
 * house. Within the Voronoi cell of house p the nearest house is p, and the distance from p is
 * convex, so over (cell ∩ area) it peaks at a vertex: the gap is the largest vertex distance over
 * the cells that meet the area. (GEOS 3.11's GEOSLargestEmptyCircle needs the boundary to cover
 * every obstacle, which houses across the border do not.) An area without a house of its own
 * gets its maximum inscribed circle. */
#include "analysis/refuges_internal.h"

#include <math.h>
#include <stdlib.h>

/* The Voronoi cell of every distinct house, with its house (site), over the areas' extent. */
static bh_status rf_voronoi(bh_refuge_geo *g, double x0, double y0, double x1, double y1)
{
    GEOSGeometry *env = GEOSGeom_createRectangle_r(g->h, x0, y0, x1, y1);
    GEOSGeometry *vd = NULL;
    if (env && g->nh >= 2)
        vd = GEOSVoronoiDiagram_r(g->h, g->houses, env, 0, 0);
    int n = vd ? GEOSGetNumGeometries_r(g->h, vd) : 0;
    if (n <= 0) { /* one house (or coincident ones): its cell is everything */
        g->ncells = 1;
        g->cells = calloc(1, sizeof *g->cells);
        g->site = calloc(2, sizeof *g->site);
        if (!g->cells || !g->site)
            return GEOSGeom_destroy_r(g->h, env), bh_error(g->ctx, BH_E_NOMEM, "oom");
        g->cells[0] = env;
        g->site[0] = g->hx[0], g->site[1] = g->hy[0];
        GEOSGeom_destroy_r(g->h, vd);
        return BH_OK;
    }
    GEOSGeom_destroy_r(g->h, env);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(g->h, 10);
    for (size_t i = 0; tree && i < g->nh; i++) {
        const GEOSGeometry *pt = GEOSGetGeometryN_r(g->h, g->houses, (int)i);
        GEOSSTRtree_insert_r(g->h, tree, pt, (void *)pt);
    }
    g->cells = calloc((size_t)n, sizeof *g->cells);
    g->site = calloc((size_t)n * 2, sizeof *g->site);
    bh_status rc = tree && g->cells && g->site ? BH_OK : bh_error(g->ctx, BH_E_NOMEM, "oom");
    for (int i = 0; rc == BH_OK && i < n; i++) {
        g->cells[i] = GEOSGeom_clone_r(g->h, GEOSGetGeometryN_r(g->h, vd, i));
        g->ncells = (size_t)i + 1;
        /* The nearest house to a point inside the cell is the cell's own. */
        GEOSGeometry *in = g->cells[i] ? GEOSPointOnSurface_r(g->h, g->cells[i]) : NULL;
        const GEOSGeometry *p = in ? GEOSSTRtree_nearest_r(g->h, tree, in) : NULL;
        if (p == NULL || !GEOSGeomGetX_r(g->h, p, &g->site[2 * i]) ||
            !GEOSGeomGetY_r(g->h, p, &g->site[2 * i + 1]))
            rc = bh_refuge_geo_fail(g, "Voronoi cell of a house");
        GEOSGeom_destroy_r(g->h, in);
    }
    if (tree)
        GEOSSTRtree_destroy_r(g->h, tree);
    GEOSGeom_destroy_r(g->h, vd);
    return rc;
}

bh_status bh_refuge_geo_cells(bh_refuge_geo *g)
{
    if (g->nh == 0 || g->na == 0)
        return BH_OK;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, v;
    for (size_t a = 0; a < g->na; a++) {
        GEOSGeom_getXMin_r(g->h, g->areas[a], &v), x0 = fmin(x0, v);
        GEOSGeom_getYMin_r(g->h, g->areas[a], &v), y0 = fmin(y0, v);
        GEOSGeom_getXMax_r(g->h, g->areas[a], &v), x1 = fmax(x1, v);
        GEOSGeom_getYMax_r(g->h, g->areas[a], &v), y1 = fmax(y1, v);
    }
    for (size_t i = 0; i < g->nh; i++)
        x0 = fmin(x0, g->hx[i]), x1 = fmax(x1, g->hx[i]), y0 = fmin(y0, g->hy[i]),
        y1 = fmax(y1, g->hy[i]);
    double m = fmax(x1 - x0, y1 - y0) + 1000;
    return rf_voronoi(g, x0 - m, y0 - m, x1 + m, y1 + m);
}

/* The vertex of x farthest from (sx, sy): updates *best and the position. */
static int rf_far_vertex(bh_refuge_geo *g, const GEOSGeometry *x, double sx, double sy,
                         bh_refuge_row *row)
{
    GEOSGeometry *pts = GEOSGeom_extractUniquePoints_r(g->h, x);
    if (pts == NULL)
        return -1;
    int n = GEOSGetNumGeometries_r(g->h, pts);
    for (int k = 0; k < n; k++) {
        double px, py;
        const GEOSGeometry *p = GEOSGetGeometryN_r(g->h, pts, k);
        if (!GEOSGeomGetX_r(g->h, p, &px) || !GEOSGeomGetY_r(g->h, p, &py))
            continue;
        double d = hypot(px - sx, py - sy);
        if (d > row->gap_m)
            row->gap_m = d, row->gap_x = px, row->gap_y = py;
    }
    GEOSGeom_destroy_r(g->h, pts);
    return 0;
}

bh_status bh_refuge_farthest(bh_refuge_geo *g, size_t a, double tol, bh_refuge_row *row)
{
    row->gap_m = 0, row->gap_x = row->gap_y = NAN;
    if (g->houses_in[a] == 0) {
        GEOSGeometry *line = GEOSMaximumInscribedCircle_r(g->h, g->areas[a], tol);
        const GEOSCoordSequence *cs = line ? GEOSGeom_getCoordSeq_r(g->h, line) : NULL;
        int ok = cs && GEOSGeomGetLength_r(g->h, line, &row->gap_m) &&
                 GEOSCoordSeq_getXY_r(g->h, cs, 0, &row->gap_x, &row->gap_y);
        GEOSGeom_destroy_r(g->h, line);
        return ok ? BH_OK : bh_refuge_geo_fail(g, "maximum inscribed circle");
    }
    for (size_t c = 0; c < g->ncells; c++) {
        if (GEOSPreparedIntersects_r(g->h, g->aprep[a], g->cells[c]) != 1)
            continue;
        GEOSGeometry *x = GEOSIntersection_r(g->h, g->areas[a], g->cells[c]);
        int bad = x == NULL || rf_far_vertex(g, x, g->site[2 * c], g->site[2 * c + 1], row);
        GEOSGeom_destroy_r(g->h, x);
        if (bad)
            return bh_refuge_geo_fail(g, "largest gap");
    }
    return BH_OK;
}

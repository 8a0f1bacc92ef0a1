/* render mapview: world → page transform (uniform scale, centred, north up), WKB paths with
 * simplification to the output resolution, points, envelopes, label points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ogr_api.h>
#include "render/mapview.h"
#include "support.h"

typedef struct fx {
    bh_ctx *ctx;
    cairo_surface_t *surf;
    cairo_t *cr;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    f->cr = cairo_create(f->surf);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->surf);
    bh_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

/* WKB of a WKT geometry (caller frees). */
static unsigned char *wkb_of(const char *wkt, size_t *len)
{
    OGRGeometryH g = NULL;
    char *w = (char *)wkt;
    if (OGR_G_CreateFromWkt(&w, NULL, &g) != OGRERR_NONE)
        return NULL;
    *len = (size_t)OGR_G_WkbSize(g);
    unsigned char *b = malloc(*len);
    OGR_G_ExportToWkb(g, wkbNDR, b);
    OGR_G_DestroyGeometry(g);
    return b;
}

static void test_extent_fits_the_frame_at_one_scale_centred(void **state)
{
    fx *f = *state;
    /* A 10 km x 5 km extent into a 200 x 200 mm frame at (10, 20) with a 0 margin: the width
     * decides (0.02 mm per m = 1:50,000) and the height is centred. */
    double frame[4] = {10, 20, 200, 200}, ext[4] = {0, 0, 10000, 5000};
    bh_mapview *mv = NULL;
    assert_int_equal(bh_mapview_create(f->ctx, frame, 0, ext, 300 / 25.4, &mv), BH_OK);
    assert_true(fabs(bh_mapview_mm_per_m(mv) - 0.02) < 1e-12);
    assert_true(fabs(bh_mapview_scale_denominator(mv) - 50000) < 1e-6);
    double px, py;
    bh_mapview_to_page(mv, 5000, 2500, &px, &py); /* centre → frame centre */
    assert_true(fabs(px - 110) < 1e-9 && fabs(py - 120) < 1e-9);
    bh_mapview_to_page(mv, 0, 5000, &px, &py); /* north-west corner; north is up */
    assert_true(fabs(px - 10) < 1e-9 && fabs(py - 70) < 1e-9);
    bh_mapview_to_page(mv, 10000, 0, &px, &py);
    assert_true(fabs(px - 210) < 1e-9 && fabs(py - 170) < 1e-9);
    double wx, wy;
    bh_mapview_to_world(mv, 60, 95, &wx, &wy);
    assert_true(fabs(wx - 2500) < 1e-6 && fabs(wy - 3750) < 1e-6);
    const double *vis = bh_mapview_visible_extent(mv);
    assert_true(fabs(vis[1] - -2500) < 1e-6 && fabs(vis[3] - 7500) < 1e-6);
    bh_mapview_destroy(mv);
    /* With a margin the extent stays inside it. */
    assert_int_equal(bh_mapview_create(f->ctx, frame, 10, ext, 300 / 25.4, &mv), BH_OK);
    bh_mapview_to_page(mv, 0, 0, &px, &py);
    assert_true(fabs(px - 20) < 1e-9);
    bh_mapview_destroy(mv);
    bh_mapview_destroy(NULL);
}

static void test_bad_frames_and_extents_are_errors(void **state)
{
    fx *f = *state;
    bh_mapview *mv = NULL;
    double frame[4] = {0, 0, 10, 10}, ext[4] = {0, 0, 1, 1};
    assert_int_equal(bh_mapview_create(f->ctx, frame, 6, ext, 10, &mv), BH_E_ARG);
    bh_ctx_clear_error(f->ctx);
    double nan_ext[4] = {0, 0, NAN, 1};
    assert_int_equal(bh_mapview_create(f->ctx, frame, 0, nan_ext, 10, &mv), BH_E_ARG);
    bh_ctx_clear_error(f->ctx);
    /* A point-sized extent is widened, not an error. */
    double pt[4] = {5, 5, 5, 5};
    assert_int_equal(bh_mapview_create(f->ctx, frame, 0, pt, 10, &mv), BH_OK);
    bh_mapview_destroy(mv);
}

static void test_paths_are_simplified_to_the_output_resolution(void **state)
{
    fx *f = *state;
    /* A circle of radius 1000 m with 20,000 vertices drawn at 1:100,000 (0.01 mm/m) is 20 mm
     * across: at 300 dpi (0.0847 mm per dot) its 62.8 mm perimeter needs at most 742 + 2. */
    char *wkt = malloc(20000 * 48 + 64);
    strcpy(wkt, "POLYGON((");
    size_t o = strlen(wkt);
    for (int i = 0; i <= 20000; i++) {
        double a = 2 * M_PI * (i % 20000) / 20000.0;
        o += (size_t)sprintf(wkt + o, "%s%.4f %.4f", i ? "," : "", 1000 * cos(a), 1000 * sin(a));
    }
    strcpy(wkt + o, "))");
    size_t len = 0;
    unsigned char *wkb = wkb_of(wkt, &len);
    assert_non_null(wkb);
    double frame[4] = {0, 0, 20, 20}, ext[4] = {-1000, -1000, 1000, 1000};
    bh_mapview *mv = NULL;
    assert_int_equal(bh_mapview_create(f->ctx, frame, 0, ext, 300 / 25.4, &mv), BH_OK);
    long n = bh_mapview_path_wkb(mv, f->cr, wkb, len);
    printf("# %zu vertices in, %ld drawn\n", bh_mapview_vertices_in(mv), n);
    assert_int_equal(bh_mapview_vertices_in(mv), 20001);
    assert_true(n > 100 && n <= 744);
    /* The path still spans the circle: its extents are the frame. */
    double x0, y0, x1, y1;
    cairo_path_extents(f->cr, &x0, &y0, &x1, &y1);
    assert_true(fabs(x0) < 0.1 && fabs(y0) < 0.1 && fabs(x1 - 20) < 0.1 && fabs(y1 - 20) < 0.1);
    cairo_new_path(f->cr);
    bh_mapview_destroy(mv);
    free(wkb);
    free(wkt);
}

static void count_point(void *user, double px, double py)
{
    (void)px;
    (void)py;
    (*(int *)user)++;
}

static void test_points_envelopes_and_label_points(void **state)
{
    fx *f = *state;
    double frame[4] = {0, 0, 100, 100}, ext[4] = {0, 0, 100, 100};
    bh_mapview *mv = NULL;
    assert_int_equal(bh_mapview_create(f->ctx, frame, 0, ext, 10, &mv), BH_OK);
    size_t len = 0;
    unsigned char *mp = wkb_of("MULTIPOINT((1 1),(2 2),(3 3))", &len);
    int n = 0;
    assert_int_equal(bh_mapview_points_wkb(mv, mp, len, count_point, &n), 3);
    assert_int_equal(n, 3);
    /* Points add nothing to a path. */
    assert_int_equal(bh_mapview_path_wkb(mv, f->cr, mp, len), 0);
    free(mp);
    /* A U-shaped polygon: its label point lies inside it, not at the (empty) centroid. */
    unsigned char *u = wkb_of("POLYGON((0 0,90 0,90 90,60 90,60 30,30 30,30 90,0 90,0 0))", &len);
    double env[4], px, py;
    assert_int_equal(bh_mapview_wkb_envelope(u, len, env), 0);
    assert_true(env[0] == 0 && env[1] == 0 && env[2] == 90 && env[3] == 90);
    assert_int_equal(bh_mapview_label_point(mv, u, len, &px, &py), 0);
    double wx, wy;
    bh_mapview_to_world(mv, px, py, &wx, &wy);
    int inside = (wy < 30 && wx > 0 && wx < 90) || (wx < 30 || wx > 60);
    assert_true(inside);
    free(u);
    unsigned char junk[9] = {1, 99, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(bh_mapview_path_wkb(mv, f->cr, junk, sizeof junk), -1);
    assert_int_equal(bh_ctx_status(f->ctx), BH_E_GEOMETRY);
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_mapview_wkb_envelope(junk, sizeof junk, env), -1);
    bh_mapview_destroy(mv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extent_fits_the_frame_at_one_scale_centred),
        cmocka_unit_test(test_bad_frames_and_extents_are_errors),
        cmocka_unit_test(test_paths_are_simplified_to_the_output_resolution),
        cmocka_unit_test(test_points_envelopes_and_label_points),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* render surface: one interface for PDF/PNG/SVG, millimetre user space, PNG size = paper × dpi,
 * pages, in-memory output, format errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "render/surface.h"
#include "render/text.h"
#include "support.h"

typedef struct fx {
    bh_ctx *ctx;
    char *dir;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("surface");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    bh_test_rmtree(f->dir);
    free(f->dir);
    bh_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

static void write_blank_png(fx *f, const char *name, double w_mm, double h_mm, double dpi,
                            unsigned *pw, unsigned *ph)
{
    char *path = bh_asprintf("%s/%s", f->dir, name);
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, path, w_mm, h_mm, dpi, &s), BH_OK);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    bh_surface_destroy(s);
    unsigned char *px = bh_test_read_png(path, pw, ph);
    assert_non_null(px);
    assert_int_equal(px[0], 255); /* the page starts white */
    free(px);
    free(path);
}

static void test_png_size_is_paper_times_dpi_exactly(void **state)
{
    fx *f = *state;
    unsigned w, h;
    write_blank_png(f, "a4.png", 210, 297, 300, &w, &h);
    assert_int_equal(w, 2480); /* 210 / 25.4 * 300 = 2480.3 */
    assert_int_equal(h, 3508); /* 297 / 25.4 * 300 = 3507.9 */
    write_blank_png(f, "a3l.png", 420, 297, 150, &w, &h);
    assert_int_equal(w, 2480);
    assert_int_equal(h, 1754);
    write_blank_png(f, "b4.png", 257, 364, 72, &w, &h);
    assert_int_equal(w, (unsigned)lround(257 / 25.4 * 72));
    assert_int_equal(h, (unsigned)lround(364 / 25.4 * 72));
}

static void test_user_space_is_millimetres_on_the_page(void **state)
{
    fx *f = *state;
    char *path = bh_asprintf("%s/mm.png", f->dir);
    bh_surface *s = NULL;
    /* 254 dpi = 10 pixels per mm. */
    assert_int_equal(bh_surface_create(f->ctx, path, 50, 40, 254, &s), BH_OK);
    assert_true(fabs(bh_surface_dots_per_mm(s) - 10) < 1e-9);
    cairo_t *cr = bh_surface_cairo(s);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, 10, 20, 10, 5); /* mm */
    cairo_fill(cr);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    bh_surface_destroy(s);
    unsigned w, h;
    unsigned char *px = bh_test_read_png(path, &w, &h);
    assert_non_null(px);
    assert_int_equal(w, 500);
    assert_int_equal(h, 400);
#define PX(x, y) px[3 * ((size_t)(y)*w + (x))]
    assert_int_equal(PX(150, 225), 0); /* inside: x 100..200, y 200..250 px */
    assert_int_equal(PX(101, 201), 0);
    assert_int_equal(PX(98, 225), 255);  /* just left */
    assert_int_equal(PX(150, 252), 255); /* just below */
    assert_int_equal(PX(202, 225), 255); /* just right */
#undef PX
    free(px);
    free(path);
}

static void test_pdf_pages_and_vector_size(void **state)
{
    fx *f = *state;
    char *path = bh_asprintf("%s/two.pdf", f->dir);
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, path, 297, 420, 0, &s), BH_OK);
    cairo_rectangle(bh_surface_cairo(s), 10, 10, 100, 100);
    cairo_fill(bh_surface_cairo(s));
    assert_int_equal(bh_surface_next_page(s), BH_OK);
    assert_int_equal(bh_surface_pages(s), 2);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    assert_int_equal(bh_surface_finish(s), BH_OK); /* idempotent */
    bh_surface_destroy(s);
    char *cmd = bh_asprintf("pdfinfo '%s'", path), *out = NULL;
    assert_int_equal(bh_test_run(cmd, &out), 0);
    const char *pages = strstr(out, "Pages:");
    assert_non_null(pages);
    assert_int_equal(atoi(pages + 6), 2);
    /* A3 = 841.89 x 1190.55 pt */
    assert_non_null(strstr(out, "841.89 x 1190.55 pts"));
    free(out);
    free(cmd);
    free(path);
}

static void test_png_pages_go_to_numbered_files(void **state)
{
    fx *f = *state;
    char *path = bh_asprintf("%s/p.png", f->dir), *p2 = bh_asprintf("%s/p-2.png", f->dir);
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, path, 20, 10, 100, &s), BH_OK);
    assert_int_equal(bh_surface_next_page(s), BH_OK);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    bh_surface_destroy(s);
    unsigned w, h;
    unsigned char *a = bh_test_read_png(path, &w, &h), *b = bh_test_read_png(p2, &w, &h);
    assert_non_null(a);
    assert_non_null(b);
    free(a);
    free(b);
    free(path);
    free(p2);
}

static void test_svg_is_one_page_only(void **state)
{
    fx *f = *state;
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, "svg", 100, 100, 0, &s), BH_OK);
    assert_int_equal(bh_surface_next_page(s), BH_E_UNSUPPORTED);
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    size_t len = 0;
    const unsigned char *d = bh_surface_data(s, &len);
    assert_non_null(d);
    assert_true(len > 50);
    assert_non_null(strstr((const char *)d, "<svg"));
    bh_surface_destroy(s);
}

static void test_in_memory_png_and_pdf(void **state)
{
    fx *f = *state;
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, "png", 10, 10, 254, &s), BH_OK);
    assert_int_equal(bh_surface_width_px(s), 100);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    size_t len = 0;
    const unsigned char *d = bh_surface_data(s, &len);
    assert_true(len > 8 && memcmp(d, "\x89PNG", 4) == 0);
    bh_surface_destroy(s);
    assert_int_equal(bh_surface_create(f->ctx, "pdf", 10, 10, 0, &s), BH_OK);
    assert_int_equal(bh_surface_format_of(s), BH_SURFACE_PDF);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    d = bh_surface_data(s, &len);
    assert_true(len > 8 && memcmp(d, "%PDF", 4) == 0);
    bh_surface_destroy(s);
}

static void test_unknown_format_and_bad_sizes_are_errors(void **state)
{
    fx *f = *state;
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, "map.tiff", 100, 100, 0, &s), BH_E_ARG);
    assert_null(s);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "map.tiff"));
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_surface_create(f->ctx, "map.png", 0, 100, 0, &s), BH_E_ARG);
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_surface_create(f->ctx, "/nonexistent-dir/x.pdf", 10, 10, 0, &s), BH_E_IO);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "/nonexistent-dir/x.pdf"));
    bh_ctx_clear_error(f->ctx);
    bh_surface_format fmt;
    assert_int_equal(bh_surface_parse_format(f->ctx, "OUT.SVG", &fmt), BH_OK);
    assert_int_equal(fmt, BH_SURFACE_SVG);
    bh_surface_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_size_is_paper_times_dpi_exactly),
        cmocka_unit_test(test_user_space_is_millimetres_on_the_page),
        cmocka_unit_test(test_pdf_pages_and_vector_size),
        cmocka_unit_test(test_png_pages_go_to_numbered_files),
        cmocka_unit_test(test_svg_is_one_page_only),
        cmocka_unit_test(test_in_memory_png_and_pdf),
        cmocka_unit_test(test_unknown_format_and_bad_sizes_are_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

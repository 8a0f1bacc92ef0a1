/* Label halos on PDF pages: one Form XObject per distinct glyph, painted at every use, which looks
 * like stroking the whole layout (checked by rasterizing both with pdftoppm). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "render/surface.h"
#include "render/text.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("halo");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (getenv("BH_KEEP") == NULL)
        bh_test_rmtree(f->dir);
    free(f->dir);
    bh_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

/* A 100 x 60 mm PDF on a grey ground with text drawn n times in black with a 0.5 mm halo of
 * halo_alpha (1 = the per-glyph forms; below 1 = the stroked layout path); written to path. */
static void draw_pdf(fixture *f, const char *path, const char *text, int n, double halo_alpha)
{
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, path, 100, 60, 0, &s), BH_OK);
    cairo_t *cr = bh_surface_cairo(s);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_paint(cr);
    bh_text_style st = bh_text_style_default(12);
    st.halo_mm = 0.5;
    st.halo_rgba[0] = st.halo_rgba[1] = st.halo_rgba[2] = 1;
    st.halo_rgba[3] = halo_alpha;
    st.align = BH_ALIGN_CENTER;
    for (int i = 0; i < n; i++)
        bh_text_draw(cr, &st, text, 20 + 30 * (i % 3) + 0.37 * i, 12 + 15 * (i / 3),
                     BH_ANCHOR_CENTER);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    bh_surface_destroy(s);
}

static size_t count_of(const char *hay, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (memcmp(hay + i, needle, k) == 0)
            n++;
    return n;
}

/* Rasterizes page 1 of pdf at 100 dpi; returns the RGB pixels (caller frees), *w x *h. */
static unsigned char *raster(fixture *f, const char *pdf, const char *stem, int *w, int *h)
{
    char *cmd = NULL, *ppm = NULL;
    cmd = bh_asprintf("pdftoppm -r 100 -singlefile '%s' '%s/%s'", pdf, f->dir, stem);
    assert_non_null(cmd);
    assert_int_equal(bh_test_run(cmd, NULL), 0);
    ppm = bh_asprintf("%s/%s.ppm", f->dir, stem);
    assert_non_null(ppm);
    size_t len = 0;
    char *data = bh_test_slurp(ppm, &len);
    assert_non_null(data);
    int maxv = 0, off = 0;
    assert_int_equal(sscanf(data, "P6 %d %d %d%n", w, h, &maxv, &off), 3);
    assert_int_equal(maxv, 255);
    off++; /* the one whitespace after maxval */
    assert_true((size_t)off + (size_t)*w * (size_t)*h * 3 <= len);
    unsigned char *px = malloc((size_t)*w * (size_t)*h * 3);
    memcpy(px, data + off, (size_t)*w * (size_t)*h * 3);
    free(data);
    free(cmd);
    free(ppm);
    return px;
}

static void test_pdf_halo_is_one_form_per_distinct_glyph(void **state)
{
    fixture *f = *state;
    char *path = NULL;
    path = bh_asprintf("%s/forms.pdf", f->dir);
    assert_non_null(path);
    draw_pdf(f, path, "松戸\n松戸松", 9, 1.0);
    size_t len = 0;
    char *pdf = bh_test_slurp(path, &len);
    assert_non_null(pdf);
    /* 松 and 戸: two forms for 45 glyphs drawn. */
    assert_int_equal(count_of(pdf, len, "/Subtype /Form"), 2);
    free(pdf);
    free(path);
}

static void test_pdf_halo_forms_look_like_the_stroked_layout(void **state)
{
    fixture *f = *state;
    char *a = NULL, *b = NULL;
    a = bh_asprintf("%s/forms.pdf", f->dir);
    assert_non_null(a);
    b = bh_asprintf("%s/path.pdf", f->dir);
    assert_non_null(b);
    const char *text = "常盤平陣屋前\n48件";
    draw_pdf(f, a, text, 9, 1.0);
    draw_pdf(f, b, text, 9, 0.999); /* not opaque: the stroked layout path */
    size_t la = 0, lb = 0;
    char *pa = bh_test_slurp(a, &la), *pb = bh_test_slurp(b, &lb);
    assert_int_equal(count_of(pb, lb, "/Subtype /Form"), 0);
    assert_true(count_of(pa, la, "/Subtype /Form") > 0);
    free(pa);
    free(pb);
    int wa, ha, wb, hb;
    unsigned char *ra = raster(f, a, "forms", &wa, &ha);
    unsigned char *rb = raster(f, b, "path", &wb, &hb);
    assert_int_equal(wa, wb);
    assert_int_equal(ha, hb);
    size_t n = (size_t)wa * (size_t)ha, white = 0, differ = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = ra + 3 * i, *q = rb + 3 * i;
        if (p[0] > 240 && p[1] > 240 && p[2] > 240)
            white++;
        for (int c = 0; c < 3; c++)
            if (abs(p[c] - q[c]) > 26) {
                differ++;
                break;
            }
    }
    /* The halos are there (white on the grey ground) and where the stroked path has them. */
    assert_true(white > 2000);
    fprintf(stderr, "# %zu of %zu pixels differ, %zu white\n", differ, n, white);
    assert_true(differ * 200 < n); /* under 0.5 % of the pixels: isolated anti-aliased dots */
    free(ra);
    free(rb);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pdf_halo_is_one_form_per_distinct_glyph, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pdf_halo_forms_look_like_the_stroked_layout, setup,
                                        teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    return rc;
}

/* Label text batching (render/textbatch.h): many labels in one text operation per font and
 * colour look like bh_text_draw label by label (PNG pixels, PDF via pdftoppm) and pdftotext
 * still extracts every label. */
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
#include "render/textbatch.h"
#include "support.h"

#define PXMM 8
#define N_LABELS 24

static const char *const texts[] = {"常盤平陣屋前\n48件", "稔台５丁目\n3件", "新松戸\n120件",
                                    "六実", "小金原\n7件・防犯カメラ 3"};

typedef struct {
    bh_ctx *ctx;
    char *dir;
    bh_textbatch *tb;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK || bh_textbatch_create(&f->tb) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("textbatch");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (getenv("BH_KEEP") == NULL)
        bh_test_rmtree(f->dir);
    free(f->dir);
    bh_textbatch_destroy(f->tb);
    bh_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

static bh_text_style label_style(void)
{
    bh_text_style st = bh_text_style_default(6);
    st.halo_mm = 0.5;
    st.align = BH_ALIGN_CENTER;
    return st;
}

/* N_LABELS labels on a grey ground, label by label or batched (tb). */
static void draw_labels(cairo_t *cr, bh_textbatch *tb)
{
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_paint(cr);
    bh_text_style st = label_style();
    for (int i = 0; i < N_LABELS; i++) {
        double x = 15 + 30 * (i % 4) + 0.37 * i, y = 10 + 14 * (i / 4);
        const char *t = texts[i % 5];
        if (tb)
            assert_int_equal(bh_textbatch_add(tb, cr, &st, t, x, y, BH_ANCHOR_CENTER), 1);
        else
            bh_text_draw(cr, &st, t, x, y, BH_ANCHOR_CENTER);
    }
    if (tb) {
        assert_int_equal(bh_textbatch_n_texts(tb), N_LABELS);
        assert_true(bh_textbatch_n_glyphs(tb) > 100);
        bh_textbatch_draw(tb, cr);
        /* One font (Noto Sans CJK JP has the digits too), one colour: one text operation. */
        assert_int_equal(bh_textbatch_n_ops(tb), 1);
        assert_int_equal(bh_textbatch_n_texts(tb), 0);
    }
}

/* Fraction of differing pixels (a channel off by more than tol) of two RGB24 / RGB buffers. */
static double differ_rgb(const unsigned char *a, const unsigned char *b, size_t n, int tol)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 3; c++)
            if (abs(a[3 * i + c] - b[3 * i + c]) > tol) {
                d++;
                break;
            }
    return (double)d / (double)n;
}

static unsigned char *image_rgb(cairo_surface_t *s)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    unsigned char *out = malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t p = *(const uint32_t *)(d + y * stride + x * 4);
            unsigned char *o = out + 3 * ((size_t)y * (size_t)w + (size_t)x);
            o[0] = (p >> 16) & 255;
            o[1] = (p >> 8) & 255;
            o[2] = p & 255;
        }
    return out;
}

static void test_batched_labels_look_like_label_by_label_on_png(void **state)
{
    fixture *f = *state;
    cairo_surface_t *img[2];
    unsigned char *rgb[2];
    for (int k = 0; k < 2; k++) {
        img[k] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 130 * PXMM, 90 * PXMM);
        cairo_t *cr = cairo_create(img[k]);
        cairo_scale(cr, PXMM, PXMM);
        draw_labels(cr, k ? f->tb : NULL);
        cairo_destroy(cr);
        rgb[k] = image_rgb(img[k]);
    }
    double d = differ_rgb(rgb[0], rgb[1], (size_t)130 * PXMM * 90 * PXMM, 16);
    print_message("# %.5f of the pixels differ\n", d);
    assert_true(d < 0.001);
    for (int k = 0; k < 2; k++) {
        free(rgb[k]);
        cairo_surface_destroy(img[k]);
    }
}

/* Rasterizes page 1 of pdf at 100 dpi (pdftoppm); RGB pixels (caller frees), *w x *h. */
static unsigned char *raster(fixture *f, const char *pdf, const char *stem, int *w, int *h)
{
    char *cmd = bh_asprintf("pdftoppm -r 100 -singlefile '%s' '%s/%s'", pdf, f->dir, stem);
    assert_int_equal(bh_test_run(cmd, NULL), 0);
    char *ppm = bh_asprintf("%s/%s.ppm", f->dir, stem);
    size_t len = 0;
    char *data = bh_test_slurp(ppm, &len);
    assert_non_null(data);
    int maxv = 0, off = 0;
    assert_int_equal(sscanf(data, "P6 %d %d %d%n", w, h, &maxv, &off), 3);
    off++;
    assert_true((size_t)off + (size_t)*w * (size_t)*h * 3 <= len);
    unsigned char *px = malloc((size_t)*w * (size_t)*h * 3);
    memcpy(px, data + off, (size_t)*w * (size_t)*h * 3);
    free(data);
    free(cmd);
    free(ppm);
    return px;
}

static void write_pdf(fixture *f, const char *path, bh_textbatch *tb)
{
    bh_surface *s = NULL;
    assert_int_equal(bh_surface_create(f->ctx, path, 130, 90, 0, &s), BH_OK);
    draw_labels(bh_surface_cairo(s), tb);
    assert_int_equal(bh_surface_finish(s), BH_OK);
    bh_surface_destroy(s);
}

static void test_batched_pdf_labels_extract_and_rasterize_as_label_by_label(void **state)
{
    fixture *f = *state;
    char *a = bh_asprintf("%s/one.pdf", f->dir), *b = bh_asprintf("%s/batch.pdf", f->dir);
    write_pdf(f, a, NULL);
    write_pdf(f, b, f->tb);
    /* pdftotext finds every line of every label. */
    char *cmd = bh_asprintf("pdftotext -layout '%s' -", b), *out = NULL;
    assert_int_equal(bh_test_run(cmd, &out), 0);
    const char *lines[] = {"常盤平陣屋前", "48件",   "稔台５丁目",       "3件", "新松戸", "120件",
                           "六実",         "小金原", "7件・防犯カメラ 3"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        size_t n = 0;
        for (const char *p = out; (p = strstr(p, lines[i])) != NULL; p++)
            n++;
        print_message("# '%s' x %zu\n", lines[i], n);
        assert_true(n >= 4); /* each text is drawn 4 or 5 times */
    }
    int wa, ha, wb, hb;
    unsigned char *ra = raster(f, a, "one", &wa, &ha), *rb = raster(f, b, "batch", &wb, &hb);
    assert_int_equal(wa, wb);
    assert_int_equal(ha, hb);
    double d = differ_rgb(ra, rb, (size_t)wa * (size_t)ha, 26);
    print_message("# %.5f of the pixels differ\n", d);
    assert_true(d < 0.002);
    free(ra);
    free(rb);
    free(out);
    free(cmd);
    free(a);
    free(b);
}

static void test_text_without_glyphs_is_drawn_at_once(void **state)
{
    fixture *f = *state;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40 * PXMM, 20 * PXMM);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, PXMM, PXMM);
    bh_text_style st = bh_text_style_default(12);
    /* U+10FFFD (private use, in no font): a hex box, so the whole text is drawn now. */
    assert_int_equal(
        bh_textbatch_add(f->tb, cr, &st, "松戸\xf4\x8f\xbf\xbd", 20, 10, BH_ANCHOR_CENTER), 0);
    assert_int_equal(bh_textbatch_add(f->tb, cr, &st, "", 20, 10, BH_ANCHOR_CENTER), 0);
    assert_int_equal(bh_textbatch_n_texts(f->tb), 0);
    cairo_surface_flush(img);
    const unsigned char *d = cairo_image_surface_get_data(img);
    size_t dark = 0;
    for (int y = 0; y < 20 * PXMM; y++)
        for (int x = 0; x < 40 * PXMM; x++)
            dark += (*(const uint32_t *)(d + y * cairo_image_surface_get_stride(img) + x * 4) &
                     0xff) < 0x80;
    assert_true(dark > 100); /* drawn already */
    bh_textbatch_draw(f->tb, cr);
    assert_int_equal(bh_textbatch_n_ops(f->tb), 0);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    bh_textbatch_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_batched_labels_look_like_label_by_label_on_png, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_batched_pdf_labels_extract_and_rasterize_as_label_by_label, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_without_glyphs_is_drawn_at_once, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    return rc;
}

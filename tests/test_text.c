/* Pango text in millimetres: measurement, anchors, multi-line, bold, halo, PDF font embedding. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cairo-pdf.h>

#include "core/strbuf.h"
#include "render/text.h"
#include "support.h"

#define PX_PER_MM 10.0

typedef struct fixture {
    cairo_surface_t *img;
    cairo_t *cr;
} fixture;

/* A 100 x 60 mm white image at 10 px/mm with user space in mm. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 600);
    f->cr = cairo_create(f->img);
    cairo_set_source_rgb(f->cr, 1, 1, 1);
    cairo_paint(f->cr);
    cairo_scale(f->cr, PX_PER_MM, PX_PER_MM);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->img);
    free(f);
    return 0;
}

/* Pixel at page position (mm): 0xRRGGBB. */
static unsigned pixel(fixture *f, double x_mm, double y_mm)
{
    cairo_surface_flush(f->img);
    int x = (int)(x_mm * PX_PER_MM), y = (int)(y_mm * PX_PER_MM);
    const unsigned char *d = cairo_image_surface_get_data(f->img);
    int stride = cairo_image_surface_get_stride(f->img);
    return *(const unsigned *)(d + y * stride + x * 4) & 0xffffffu;
}

/* Number of non-white pixels in the mm rectangle. */
static long ink(fixture *f, double x0, double y0, double x1, double y1, unsigned white)
{
    long n = 0;
    for (double y = y0; y < y1; y += 1 / PX_PER_MM)
        for (double x = x0; x < x1; x += 1 / PX_PER_MM)
            if (pixel(f, x, y) != white)
                n++;
    return n;
}

static void test_measure_scales_with_size_and_lines(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(10);
    double w1, h1, w2, h2, w3, h3;
    bh_text_measure(f->cr, &st, "松戸市", &w1, &h1);
    /* 3 full-width glyphs of 10 pt = 3 x 3.53 mm; BIZ UDPゴシック's line is 1 em (ascent +
     * descent), Noto Sans CJK's ~1.45 em */
    assert_true(fabs(w1 - 3 * 10 * 25.4 / 72) < 0.3);
    assert_true(h1 > 0.99 * 10 * 25.4 / 72 && h1 < 2 * 10 * 25.4 / 72);
    bh_text_style noto = st;
    noto.family = "Noto Sans CJK JP";
    double wn, hn;
    bh_text_measure(f->cr, &noto, "松戸市", &wn, &hn);
    assert_true(fabs(wn - w1) < 0.3 && hn > 1.3 * h1);
    st.size_pt = 20;
    bh_text_measure(f->cr, &st, "松戸市", &w2, &h2);
    assert_true(fabs(w2 - 2 * w1) < 0.05 && fabs(h2 - 2 * h1) < 0.1);
    st.size_pt = 10;
    bh_text_measure(f->cr, &st, "松戸市\n松戸", &w3, &h3);
    assert_true(fabs(w3 - w1) < 0.01 && fabs(h3 - 2 * h1) < 0.3);
    bh_text_measure(f->cr, &st, "", &w3, &h3);
    assert_true(w3 == 0 && h3 == 0);
}

static void test_bold_is_wider_for_latin_text(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(10);
    double wr, wb;
    bh_text_measure(f->cr, &st, "Matsudo 12207", &wr, NULL);
    st.bold = 1;
    bh_text_measure(f->cr, &st, "Matsudo 12207", &wb, NULL);
    assert_true(wb > wr);
}

static void test_anchor_box_positions(void **state)
{
    (void)state;
    double b[4];
    bh_text_box_from_size(10, 4, 50, 30, BH_ANCHOR_CENTER, b);
    assert_true(b[0] == 45 && b[1] == 28 && b[2] == 55 && b[3] == 32);
    bh_text_box_from_size(10, 4, 50, 30, BH_ANCHOR_NW, b);
    assert_true(b[0] == 50 && b[1] == 30);
    bh_text_box_from_size(10, 4, 50, 30, BH_ANCHOR_SE, b);
    assert_true(b[2] == 50 && b[3] == 30);
    bh_text_box_from_size(10, 4, 50, 30, BH_ANCHOR_E, b);
    assert_true(b[2] == 50 && b[1] == 28);
}

static void test_draw_puts_ink_inside_its_box_only(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(14);
    double b[4];
    bh_text_box(f->cr, &st, "防犯マップ", 50, 30, BH_ANCHOR_CENTER, b);
    bh_text_draw(f->cr, &st, "防犯マップ", 50, 30, BH_ANCHOR_CENTER);
    /* BIZ UDPゴシック's line box is a tight 1 em: antialiased edges of a few glyphs reach a
     * fraction of a pixel past it, so the box is grown by 0.2 mm (the halo is wider still). */
    long inside = ink(f, b[0] - 0.2, b[1] - 0.2, b[2] + 0.2, b[3] + 0.2, 0xffffff);
    assert_true(ink(f, b[0], b[1], b[2], b[3], 0xffffff) > 0.99 * inside);
    long all = ink(f, 0, 0, 100, 60, 0xffffff);
    assert_true(inside > 200);
    assert_int_equal(all, inside);
}

static void test_halo_surrounds_text_in_white(void **state)
{
    fixture *f = *state;
    cairo_set_source_rgb(f->cr, 0, 0, 0.5);
    cairo_paint(f->cr);
    bh_text_style st = bh_text_style_default(14);
    st.rgba[0] = 1; /* red text */
    st.rgba[3] = 1;
    st.halo_mm = 0.6;
    bh_text_draw(f->cr, &st, "交番", 50, 30, BH_ANCHOR_CENTER);
    long white = 0, red = 0;
    for (double y = 20; y < 40; y += 0.1)
        for (double x = 40; x < 60; x += 0.1) {
            unsigned p = pixel(f, x, y);
            white += p == 0xffffff;
            red += p == 0xff0000;
        }
    assert_true(white > 100);
    assert_true(red > 100);
    /* halo only near the text: the corners stay navy */
    assert_int_equal(pixel(f, 1, 1), 0x000080);
}

static void test_draw_in_ellipsizes_to_the_width(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(10);
    double h =
        bh_text_draw_in(f->cr, &st, "松戸市松戸市松戸市松戸市松戸市松戸市松戸市", 10, 10, 20);
    assert_true(h > 3 && h < 6);
    assert_int_equal(ink(f, 30.2, 0, 100, 60, 0xffffff), 0);
    assert_true(ink(f, 10, 10, 30, 10 + h, 0xffffff) > 100);
}

/* keep_words (issue 18.7, table headers): a line breaks only at a '|' hint or a space, never
 * inside a word, and the hints are not drawn. */
static void test_keep_words_breaks_only_at_hints(void **state)
{
    fixture *f = *state;
    bh_text_style st = bh_text_style_default(8);
    st.bold = 1;
    st.wrap = 1;
    double line, w_word, w_all, w_tail;
    bh_text_measure(f->cr, &st, "ひったくり", &w_word, &line);
    bh_text_measure(f->cr, &st, "車上・部品ねらい", &w_all, NULL);
    bh_text_measure(f->cr, &st, "部品ねらい", &w_tail, NULL);
    /* plain wrapping cuts ひったくり at 60 % of its width (ひった/くり) … */
    double h_plain = bh_text_height_in(f->cr, &st, "ひったくり", w_word * 0.6);
    assert_true(h_plain > line * 1.5);
    /* … keep_words keeps the word on one line */
    st.keep_words = 1;
    double h_kept = bh_text_height_in(f->cr, &st, "ひったくり", w_word * 0.6);
    assert_true(h_kept < line * 1.5);
    /* hints: 車上・|部品ねらい at the width of 部品ねらい gives exactly two lines, and the '|'
     * takes no room (the text measures as without it) */
    double w_hint;
    bh_text_measure(f->cr, &st, "車上・|部品ねらい", &w_hint, NULL);
    assert_true(fabs(w_hint - w_all) < 0.01);
    double h2 = bh_text_height_in(f->cr, &st, "車上・|部品ねらい", w_tail + 0.2);
    assert_true(h2 > line * 1.5 && h2 < line * 2.5);
}

static void test_pdf_embeds_subsets_of_the_default_face_and_of_noto(void **state)
{
    (void)state;
    char *dir = bh_test_tmpdir("text");
    char *pdf = bh_asprintf("%s/t.pdf", dir);
    cairo_surface_t *s = cairo_pdf_surface_create(pdf, 100 / 25.4 * 72, 60 / 25.4 * 72);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, 72 / 25.4, 72 / 25.4);
    bh_text_style st = bh_text_style_default(12);
    bh_text_draw(cr, &st, "松戸市 防犯", 50, 30, BH_ANCHOR_CENTER);
    st.bold = 1;
    bh_text_draw(cr, &st, "自転車盗", 50, 40, BH_ANCHOR_CENTER);
    st.family = "Noto Sans CJK JP"; /* still selectable in a style */
    bh_text_draw(cr, &st, "交番", 50, 50, BH_ANCHOR_CENTER);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    char *cmd = bh_asprintf("pdffonts '%s'", pdf);
    char *out = NULL;
    assert_int_equal(bh_test_run(cmd, &out), 0);
    /* subset tags ABCDEF+; BIZ UDPゴシック is TrueType (glyf), Noto Sans CJK CFF */
    assert_non_null(strstr(out, "+BIZUDPGothic-Regular"));
    assert_non_null(strstr(out, "+BIZUDPGothic-Bold"));
    assert_non_null(strstr(out, "+NotoSansCJK"));
    free(out);
    free(cmd);
    cmd = bh_asprintf("pdftotext '%s' -", pdf);
    assert_int_equal(bh_test_run(cmd, &out), 0);
    assert_non_null(strstr(out, "松戸市"));
    assert_non_null(strstr(out, "自転車盗"));
    assert_non_null(strstr(out, "交番"));
    free(out);
    free(cmd);
    free(pdf);
    bh_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_measure_scales_with_size_and_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bold_is_wider_for_latin_text, setup, teardown),
        cmocka_unit_test(test_anchor_box_positions),
        cmocka_unit_test_setup_teardown(test_draw_puts_ink_inside_its_box_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_halo_surrounds_text_in_white, setup, teardown),
        cmocka_unit_test_setup_teardown(test_draw_in_ellipsizes_to_the_width, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep_words_breaks_only_at_hints, setup, teardown),
        cmocka_unit_test(test_pdf_embeds_subsets_of_the_default_face_and_of_noto),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed;
}

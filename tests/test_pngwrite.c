/* bh_png_write: the banded, two-thread PNG encoder decodes (with libpng, which checks the zlib
 * stream and its Adler-32) to exactly the pixels it was given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <png.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>
#include "render/pngwrite.h"

typedef struct {
    bh_ctx *ctx;
    unsigned char *png;
    size_t len, cap, pos;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_ctx_destroy(f->ctx);
    free(f->png);
    free(f);
    return 0;
}

static int sink(void *user, const unsigned char *data, size_t len)
{
    fixture *f = user;
    if (f->len + len > f->cap) {
        size_t cap = (f->len + len) * 2;
        unsigned char *p = realloc(f->png, cap);
        if (p == NULL)
            return -1;
        f->png = p;
        f->cap = cap;
    }
    memcpy(f->png + f->len, data, len);
    f->len += len;
    return 0;
}

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
    fixture *f = png_get_io_ptr(png);
    if (f->pos + n > f->len)
        png_error(png, "short");
    memcpy(out, f->png + f->pos, n);
    f->pos += n;
}

/* A w x h RGB24 image of bands, gradients and noise (so deflate finds both runs and literals). */
static uint32_t *make_image(int w, int h)
{
    uint32_t *pix = malloc((size_t)w * (size_t)h * 4);
    uint32_t seed = 12345;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = (uint32_t)(x * 7 + y) & 0xff, g = (y / 3 % 2) ? 0xff : 0x20,
                     b = (x % 17 == 0) ? (seed >> 16) & 0xff : 0x80;
            pix[(size_t)y * (size_t)w + (size_t)x] = (r << 16) | (g << 8) | b;
        }
    return pix;
}

/* 1 when the IDAT chunks of the PNG hold exactly one zlib stream (valid Adler-32, nothing after).
 */
static int one_zlib_stream(const fixture *f, size_t raw_len)
{
    unsigned char *idat = malloc(f->len), *raw = malloc(raw_len + 16);
    size_t n = 0;
    for (size_t at = 8; at + 12 <= f->len;) {
        const unsigned char *c = f->png + at;
        size_t len = (size_t)c[0] << 24 | (size_t)c[1] << 16 | (size_t)c[2] << 8 | c[3];
        if (memcmp(c + 4, "IDAT", 4) == 0) {
            memcpy(idat + n, c + 8, len);
            n += len;
        }
        at += 12 + len;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    inflateInit(&z);
    z.next_in = idat;
    z.avail_in = (uInt)n;
    z.next_out = raw;
    z.avail_out = (uInt)(raw_len + 16);
    int zr = inflate(&z, Z_FINISH);
    int ok = zr == Z_STREAM_END && z.avail_in == 0 && z.total_out == raw_len;
    inflateEnd(&z);
    free(idat);
    free(raw);
    return ok;
}

/* Encodes, decodes with libpng and returns the number of pixels that differ (-1: not a PNG). */
static long roundtrip(fixture *f, int w, int h, double *dpi_out)
{
    uint32_t *pix = make_image(w, h);
    f->len = f->pos = 0;
    assert_int_equal(
        bh_png_write(f->ctx, (const unsigned char *)pix, w, h, w * 4, 300, sink, f, "test.png"),
        BH_OK);
    assert_true(one_zlib_stream(f, (size_t)h * (1 + (size_t)w * 3)));
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    unsigned char *row = malloc((size_t)w * 3);
    volatile long diff = 0;
    if (setjmp(png_jmpbuf(png))) {
        diff = -1;
    } else {
        png_set_read_fn(png, f, png_read_mem);
        png_read_info(png, info);
        assert_int_equal(png_get_image_width(png, info), w);
        assert_int_equal(png_get_image_height(png, info), h);
        assert_int_equal(png_get_color_type(png, info), PNG_COLOR_TYPE_RGB);
        *dpi_out = png_get_x_pixels_per_meter(png, info) * 0.0254;
        for (int y = 0; y < h; y++) {
            png_read_row(png, row, NULL);
            for (int x = 0; x < w; x++) {
                uint32_t p = pix[(size_t)y * (size_t)w + (size_t)x];
                if (row[3 * x] != ((p >> 16) & 0xff) || row[3 * x + 1] != ((p >> 8) & 0xff) ||
                    row[3 * x + 2] != (p & 0xff))
                    diff++;
            }
        }
        png_read_end(png, NULL); /* reads to IEND: the zlib stream ends with a valid Adler-32 */
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(row);
    free(pix);
    return diff;
}

static void test_banded_png_decodes_to_the_same_pixels(void **state)
{
    double dpi = 0;
    assert_int_equal(roundtrip(*state, 301, 257, &dpi), 0);
    assert_true(dpi > 299.9 && dpi < 300.1);
}

static void test_odd_and_tiny_heights_decode_to_the_same_pixels(void **state)
{
    static const int heights[] = {1, 2, 3, 4, 5, 7};
    double dpi = 0;
    for (size_t i = 0; i < sizeof heights / sizeof *heights; i++)
        assert_int_equal(roundtrip(*state, 13, heights[i], &dpi), 0);
}

static int failing_sink(void *u, const unsigned char *d, size_t n)
{
    (void)u;
    (void)d;
    (void)n;
    return -1;
}

static void test_sink_failure_is_an_io_error(void **state)
{
    fixture *f = *state;
    uint32_t px[4] = {0};
    assert_int_equal(
        bh_png_write(f->ctx, (const unsigned char *)px, 2, 2, 8, 72, failing_sink, NULL, "x.png"),
        BH_E_IO);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "x.png"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_banded_png_decodes_to_the_same_pixels, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_odd_and_tiny_heights_decode_to_the_same_pixels, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sink_failure_is_an_io_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

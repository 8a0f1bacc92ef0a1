#include "render/pngwrite.h"
#include "core/alloc.h"

#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include <zlib.h>

/* zlib level 1 without filters: on a map page (mostly flat colour) the Sub/Up filters and the
 * Z_RLE strategy were no faster (deflate's Huffman coding dominates) and gave larger files. */
#define PNG_ZLEVEL 1
#define PNG_STRATEGY Z_DEFAULT_STRATEGY
#define BANDS 2

typedef struct {
    const unsigned char *pix;
    int w, stride;
    int y0, y1;
    int first, last;
    unsigned char *out;
    size_t len, cap;
    uLong adler;
    uLong raw_len;
    int failed;
} band;

static int band_grow(band *b)
{
    size_t cap = b->cap ? b->cap * 2 : (size_t)1 << 20;
    unsigned char *p = bh_realloc(b->out, cap);
    if (p == NULL)
        return -1;
    b->out = p;
    b->cap = cap;
    return 0;
}

/* One PNG row: filter byte 0 (none), then R G B per pixel. */
static void band_row(const band *b, int y, unsigned char *row)
{
    const uint32_t *src = (const uint32_t *)(const void *)(b->pix + (size_t)y * (size_t)b->stride);
    row[0] = 0;
    unsigned char *d = row + 1;
    for (int x = 0; x < b->w; x++) {
        uint32_t p = src[x];
        d[0] = (unsigned char)(p >> 16);
        d[1] = (unsigned char)(p >> 8);
        d[2] = (unsigned char)p;
        d += 3;
    }
}

static void *band_run(void *arg)
{
    band *b = arg;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* The first band carries the zlib header; the others are raw deflate continuing it. */
    if (deflateInit2(&z, PNG_ZLEVEL, Z_DEFLATED, b->first ? 15 : -15, 8, PNG_STRATEGY) != Z_OK) {
        b->failed = 1;
        return NULL;
    }
    size_t row_len = 1 + (size_t)b->w * 3;
    unsigned char *row = bh_malloc(row_len);
    b->adler = adler32(0L, Z_NULL, 0);
    if (row == NULL)
        b->failed = 1;
    for (int y = b->y0; y < b->y1 && !b->failed; y++) {
        band_row(b, y, row);
        if (!b->first) /* zlib sums the first band itself */
            b->adler = adler32(b->adler, row, (uInt)row_len);
        b->raw_len += row_len;
        z.next_in = row;
        z.avail_in = (uInt)row_len;
        int flush = y + 1 < b->y1 ? Z_NO_FLUSH : (b->last ? Z_FINISH : Z_SYNC_FLUSH);
        for (;;) {
            if (b->cap - b->len < 65536 && band_grow(b) != 0) {
                b->failed = 1;
                break;
            }
            z.next_out = b->out + b->len;
            z.avail_out = (uInt)(b->cap - b->len);
            int zr = deflate(&z, flush);
            b->len = b->cap - z.avail_out;
            if (zr == Z_STREAM_ERROR) {
                b->failed = 1;
                break;
            }
            if (z.avail_in == 0 && z.avail_out > 0 && (flush != Z_FINISH || zr == Z_STREAM_END))
                break;
        }
    }
    if (b->first)
        b->adler = z.adler;
    deflateEnd(&z);
    bh_free(row);
    return NULL;
}

typedef struct {
    bh_png_sink sink;
    void *user;
} png_io;

static void png_io_write(png_structp png, png_bytep data, size_t len)
{
    png_io *io = png_get_io_ptr(png);
    if (io->sink(io->user, data, len) != 0)
        png_error(png, "write failed");
}

static void png_io_flush(png_structp png)
{
    (void)png;
}

/* libpng's own handlers print to stderr: its messages go to the ctx's log instead, and the
 * failure itself is reported once, by bh_png_write. */
static void png_on_error(png_structp png, png_const_charp msg)
{
    bh_log(png_get_error_ptr(png), BH_LOG_DEBUG, "libpng: %s", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    bh_log(png_get_error_ptr(png), BH_LOG_DEBUG, "libpng: %s", msg);
}

bh_status bh_png_write(bh_ctx *ctx, const unsigned char *pix, int w, int h, int stride, double dpi,
                       bh_png_sink sink, void *user, const char *name)
{
    band bands[BANDS];
    memset(bands, 0, sizeof bands);
    int nb = h >= 2 * BANDS ? BANDS : 1;
    for (int i = 0; i < nb; i++) {
        bands[i].pix = pix;
        bands[i].w = w;
        bands[i].stride = stride;
        bands[i].y0 = (int)((long)h * i / nb);
        bands[i].y1 = (int)((long)h * (i + 1) / nb);
        bands[i].first = i == 0;
        bands[i].last = i == nb - 1;
    }
    pthread_t th[BANDS];
    int started[BANDS] = {0};
    for (int i = 1; i < nb; i++)
        started[i] = pthread_create(&th[i], NULL, band_run, &bands[i]) == 0;
    band_run(&bands[0]);
    for (int i = 1; i < nb; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            band_run(&bands[i]); /* no thread: deflate it here */
    }
    volatile bh_status st = BH_OK;
    uLong adler = bands[0].adler;
    for (int i = 0; i < nb; i++) {
        if (bands[i].failed)
            st = bh_error(ctx, BH_E_NOMEM, "%s: out of memory compressing PNG", name);
        if (i > 0)
            adler = adler32_combine(adler, bands[i].adler, (z_off_t)bands[i].raw_len);
    }
    unsigned char trailer[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                                (unsigned char)(adler >> 8), (unsigned char)adler};
    png_io io = {sink, user};
    png_structp png = NULL;
    png_infop info = NULL;
    if (st == BH_OK) {
        png = png_create_write_struct(PNG_LIBPNG_VER_STRING, ctx, png_on_error, png_on_warning);
        info = png ? png_create_info_struct(png) : NULL;
        if (png == NULL || info == NULL)
            st = bh_error(ctx, BH_E_NOMEM, "out of memory writing PNG");
    }
    if (st == BH_OK) {
        if (setjmp(png_jmpbuf(png))) {
            st = bh_error(ctx, BH_E_IO, "%s: cannot write PNG", name);
        } else {
            png_set_write_fn(png, &io, png_io_write, png_io_flush);
            png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                         PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
            png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
            png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
            png_write_info(png, info);
            /* The bands' deflate data, then the Adler-32 of the whole, as IDAT chunks. */
            for (int i = 0; i < nb; i++) {
                size_t off = 0;
                while (off < bands[i].len) {
                    size_t n = bands[i].len - off;
                    if (n > ((size_t)1 << 30))
                        n = (size_t)1 << 30;
                    png_write_chunk(png, (png_const_bytep) "IDAT", bands[i].out + off, n);
                    off += n;
                }
            }
            if (nb > 1) /* one band ended with Z_FINISH, which wrote its own Adler-32 */
                png_write_chunk(png, (png_const_bytep) "IDAT", trailer, sizeof trailer);
            png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
        }
    }
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    for (int i = 0; i < nb; i++)
        bh_free(bands[i].out);
    return st;
}

/* bh_png_write: writes a cairo RGB24 image as an 8-bit RGB PNG, deflating horizontal bands of the
 * image on two threads. The bands are independent deflate streams joined into one zlib stream
 * (each band but the last ends on a byte boundary with Z_SYNC_FLUSH; the Adler-32 of the whole
 * is combined with adler32_combine), so any PNG reader decodes the same pixels as a one-stream
 * file. */
#ifndef BH_RENDER_PNGWRITE_H
#define BH_RENDER_PNGWRITE_H

#include <stddef.h>
#include "core/ctx.h"

/* Receives the PNG bytes in order; returns 0 on success, non-zero to abort the write. */
typedef int (*bh_png_sink)(void *user, const unsigned char *data, size_t len);

/* Encodes the w x h image at pix (cairo CAIRO_FORMAT_RGB24 rows of stride bytes; borrowed) with
 * a pHYs of dpi and hands the bytes to sink. name is used in error messages only. */
BH_MUST_CHECK bh_status bh_png_write(bh_ctx *ctx, const unsigned char *pix, int w, int h,
                                     int stride, double dpi, bh_png_sink sink, void *user,
                                     const char *name);

#endif

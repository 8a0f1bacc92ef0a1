/* Output formats of maps and atlases (PDF, PNG, SVG). The drawing surface itself (bh_surface)
 * is opaque: a front end passes one only to draw a map on a page it got from the library. */
#ifndef BOHAN_SURFACE_H
#define BOHAN_SURFACE_H

#include "bohan/ctx.h"

BH_BEGIN_DECLS

typedef enum bh_surface_format {
    BH_SURFACE_PDF = 0,
    BH_SURFACE_PNG = 1,
    BH_SURFACE_SVG = 2
} bh_surface_format;

typedef struct bh_surface bh_surface;

/* Parses a format from a file name's extension (".pdf", ".png", ".svg", any case) or from a
 * bare format name ("pdf", "png", "svg"). BH_E_ARG naming the text otherwise. */
BH_API BH_WARN_UNUSED bh_status bh_surface_parse_format(bh_ctx *ctx, const char *path_or_format,
                                                        bh_surface_format *fmt);

BH_END_DECLS

#endif

/* What core/io.c and the io module (src/io/) need of the ctx beyond its public API. */
#ifndef BH_CTX_IO_H
#define BH_CTX_IO_H

#include "core/ctx.h"

struct bh_io;

/* The loaded io table (NULL before bh_ctx_io); borrowed. */
const struct bh_io *bh_ctx_io_table(const bh_ctx *ctx);
/* Hands the attached table and its dlopen handle to ctx: bh_ctx_destroy detaches and closes. */
void bh_ctx_io_set(bh_ctx *ctx, const struct bh_io *io, void *dl);
/* Keeps msg (copied) as the last GDAL/CPL error; msg NULL or "" clears it. */
void bh_ctx_set_gdal_error(bh_ctx *ctx, const char *msg);

#endif

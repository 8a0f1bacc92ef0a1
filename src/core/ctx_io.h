/* What the io room (src/io/load.c) and the GDAL bridge (src/db/gdal.c) need of the ctx beyond
 * its public API. core knows neither: the table is opaque here and detaching is a callback. */
#ifndef BH_CTX_IO_H
#define BH_CTX_IO_H

#include "core/ctx.h"

/* The loaded io table (NULL before bh_ctx_io); borrowed. */
const void *bh_ctx_io_table(const bh_ctx *ctx);
/* Hands the io table and its dlopen handle to ctx: bh_ctx_destroy closes dl (after detaching). */
void bh_ctx_io_set(bh_ctx *ctx, const void *table, void *dl);
/* 1 once GDAL is attached to ctx (bh_gdal_attach). */
int bh_ctx_gdal_attached(const bh_ctx *ctx);
/* Records the attachment: bh_ctx_destroy calls detach(ctx) first thing. */
void bh_ctx_set_gdal_detach(bh_ctx *ctx, void (*detach)(bh_ctx *ctx));
/* Keeps msg (copied) as the last GDAL/CPL error; msg NULL or "" clears it. */
void bh_ctx_set_gdal_error(bh_ctx *ctx, const char *msg);

#endif

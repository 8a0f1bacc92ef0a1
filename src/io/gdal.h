/* bh_gdal: the io module's bridge to GDAL — registration and the CPL error handler per ctx,
 * and opening a dataset only after both are in place. */
#ifndef BH_GDAL_H
#define BH_GDAL_H

#include <gdal.h>
#include "core/ctx.h"

/* GDALOpenEx after making sure the io module is attached to ctx (drivers registered, CPL errors
 * kept in ctx). NULL when the file cannot be opened: bh_ctx_gdal_error says why. The dataset is
 * owned by the caller (GDALClose). */
GDALDatasetH bh_gdal_open(bh_ctx *ctx, const char *path, unsigned flags, const char *const *drivers,
                          const char *const *open_options);
/* Forgets the last GDAL error, in ctx and in CPL. */
void bh_gdal_clear_error(bh_ctx *ctx);
/* 0 for an existing path that is neither a regular file nor a directory (FIFO, device, socket):
 * never to be read as a source. */
int bh_gdal_regular_source(const char *path);

/* bh_io.attach and .detach (io/module.c): GDALAllRegister and the CPL handler stack. */
void bh_gdal_attach(bh_ctx *ctx);
void bh_gdal_detach(bh_ctx *ctx);

#endif

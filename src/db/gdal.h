/* bh_gdal: the io module's bridge to GDAL (in libbohan-io; used by db, crimes and plan readers) —
 * registration per ctx, a CPL error handler scoped to each call, and opening a dataset only after
 * registration. */
#ifndef BH_GDAL_H
#define BH_GDAL_H

#include <gdal.h>
#include "core/ctx.h"

/* GDALOpenEx after attaching GDAL to ctx (bh_gdal_attach). NULL when the file cannot be opened:
 * bh_ctx_gdal_error says why. The dataset is owned by the caller (GDALClose). */
GDALDatasetH bh_gdal_open(bh_ctx *ctx, const char *path, unsigned flags, const char *const *drivers,
                          const char *const *open_options);
/* Forgets the last GDAL error, in ctx and in CPL. */
void bh_gdal_clear_error(bh_ctx *ctx);
/* 0 for an existing path that is neither a regular file nor a directory (FIFO, device, socket):
 * never to be read as a source. */
int bh_gdal_regular_source(const char *path);

/* Once per ctx (later calls do nothing): GDALAllRegister. Also the io table's attach
 * (io/module.c). No error handler: that is scoped to each call (bh_gdal_enter). */
void bh_gdal_attach(bh_ctx *ctx);
/* Scopes GDAL's reporting to one library call, on the calling thread: bh_gdal_enter pushes a CPL
 * error handler that keeps failures in ctx (bh_ctx_gdal_error) and logs warnings at debug level;
 * bh_gdal_leave pops it, so CPL's handler stack is as the caller had it. Every io table function
 * and bh_import_load run inside such a scope; pairs nest. */
void bh_gdal_enter(bh_ctx *ctx);
/* The same, and the first warning is kept like a failure: for reading a source's records, where
 * a value the driver parsed incompletely or could not recode means a damaged file. */
void bh_gdal_enter_strict(bh_ctx *ctx);
void bh_gdal_leave(bh_ctx *ctx);

#endif

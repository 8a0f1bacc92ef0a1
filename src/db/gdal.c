#include "db/gdal.h"

#include <cpl_error.h>
#include "core/ctx_io.h"

/* GDAL reports through CPL; keep the last message in the ctx instead of letting it print. */
static void gdal_cpl_handler(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    bh_ctx *ctx = CPLGetErrorHandlerUserData();
    if (ctx == NULL || msg == NULL)
        return;
    if (cls >= CE_Failure)
        bh_ctx_set_gdal_error(ctx, msg);
    else if (cls == CE_Warning)
        bh_log(ctx, BH_LOG_DEBUG, "gdal: %s", msg);
}

static void gdal_detach(bh_ctx *ctx)
{
    (void)ctx;
    CPLPopErrorHandler();
}

void bh_gdal_attach(bh_ctx *ctx)
{
    if (bh_ctx_gdal_attached(ctx))
        return;
    GDALAllRegister();
    CPLPushErrorHandlerEx(gdal_cpl_handler, ctx);
    bh_ctx_set_gdal_detach(ctx, gdal_detach);
}

GDALDatasetH bh_gdal_open(bh_ctx *ctx, const char *path, unsigned flags, const char *const *drivers,
                          const char *const *open_options)
{
    bh_gdal_attach(ctx);
    return GDALOpenEx(path, flags, drivers, open_options, NULL);
}

void bh_gdal_clear_error(bh_ctx *ctx)
{
    bh_ctx_set_gdal_error(ctx, NULL);
    CPLErrorReset();
}

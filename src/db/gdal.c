#include "db/gdal.h"

#include <sys/stat.h>
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
    (void)ctx; /* no handler outlives the call that pushed it */
}

void bh_gdal_attach(bh_ctx *ctx)
{
    if (bh_ctx_gdal_attached(ctx))
        return;
    GDALAllRegister();
    bh_ctx_set_gdal_detach(ctx, gdal_detach);
}

void bh_gdal_enter(bh_ctx *ctx)
{
    bh_gdal_attach(ctx);
    CPLPushErrorHandlerEx(gdal_cpl_handler, ctx);
}

void bh_gdal_leave(bh_ctx *ctx)
{
    (void)ctx;
    CPLPopErrorHandler();
}

int bh_gdal_regular_source(const char *path)
{
    struct stat sb;
    /* Missing files and GDAL's virtual paths are the driver's to judge; a FIFO would hang the
     * read (holding the write lock), a device (/dev/zero) never end. */
    return stat(path, &sb) != 0 || S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode);
}

GDALDatasetH bh_gdal_open(bh_ctx *ctx, const char *path, unsigned flags, const char *const *drivers,
                          const char *const *open_options)
{
    bh_gdal_attach(ctx);
    if (!bh_gdal_regular_source(path)) {
        bh_ctx_set_gdal_error(ctx, "not a regular file (a FIFO or a device)");
        return NULL;
    }
    return GDALOpenEx(path, flags, drivers, open_options, NULL);
}

void bh_gdal_clear_error(bh_ctx *ctx)
{
    bh_ctx_set_gdal_error(ctx, NULL);
    CPLErrorReset();
}

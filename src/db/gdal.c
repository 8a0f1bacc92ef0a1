#include "db/gdal.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <cpl_error.h>
#include "core/ctx_io.h"
#include "core/i18n.h"
#include "core/utf8.h"

/* msg as one line of valid UTF-8 for an error message: a value GDAL quotes from a damaged file
 * ("Value '<bytes>' of field X parsed incompletely") is left out, control characters and bytes
 * that are not UTF-8 become '?'. */
static void gdal_clean(const char *msg, char *out, size_t size)
{
    const char *v = strncmp(msg, "Value '", 7) == 0 ? strstr(msg, "' of field ") : NULL;
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s%s", v ? "value" : "", v ? v + 1 : msg);
    size_t n = strlen(tmp), o = 0;
    for (size_t i = 0; i < n && o + 1 < size;) {
        const unsigned char c = (unsigned char)tmp[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c >= 0x20 && c != 0x7F && i + k <= n &&
            bh_utf8_bad_offset((const unsigned char *)tmp + i, k) == k && o + k < size) {
            memcpy(out + o, tmp + i, k);
            o += k;
            i += k;
        } else {
            out[o++] = '?';
            i++;
        }
    }
    out[o] = '\0';
}

/* GDAL reports through CPL; keep the last message in the ctx instead of letting it print. */
static void gdal_cpl_handler(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    bh_ctx *ctx = CPLGetErrorHandlerUserData();
    if (ctx == NULL || msg == NULL)
        return;
    char clean[512];
    gdal_clean(msg, clean, sizeof clean);
    if (cls >= CE_Failure)
        bh_ctx_set_gdal_error(ctx, clean);
    else if (cls == CE_Warning)
        bh_log(ctx, BH_LOG_DEBUG, "gdal: %s", clean);
}

/* The strict scope: a warning is kept like a failure (a value the driver could not read). */
static void gdal_cpl_strict(CPLErr cls, CPLErrorNum num, const char *msg)
{
    bh_ctx *ctx = CPLGetErrorHandlerUserData();
    if (ctx != NULL && msg != NULL && cls == CE_Warning && *bh_ctx_gdal_error(ctx) == '\0') {
        char clean[512];
        gdal_clean(msg, clean, sizeof clean);
        bh_ctx_set_gdal_error(ctx, clean);
        return;
    }
    gdal_cpl_handler(cls, num, msg);
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

void bh_gdal_enter_strict(bh_ctx *ctx)
{
    bh_gdal_attach(ctx);
    CPLPushErrorHandlerEx(gdal_cpl_strict, ctx);
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
    GDALDatasetH ds = GDALOpenEx(path, flags, drivers, open_options, NULL);
    if (ds == NULL && *bh_ctx_gdal_error(ctx) == '\0') {
        /* a driver that does not recognise a file says nothing: the caller's "(%s)" needs why */
        char why[160];
        if (drivers && drivers[0] && !drivers[1])
            snprintf(why, sizeof why, bh_tr("GDAL's %s driver does not recognise it"), drivers[0]);
        else
            snprintf(why, sizeof why, "%s", bh_tr("no GDAL driver recognises it"));
        bh_ctx_set_gdal_error(ctx, why);
    }
    return ds;
}

void bh_gdal_clear_error(bh_ctx *ctx)
{
    bh_ctx_set_gdal_error(ctx, NULL);
    CPLErrorReset();
}

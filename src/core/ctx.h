/* bh_ctx (public: bohan/ctx.h) and what only the library sees of it. */
#ifndef BH_CTX_H
#define BH_CTX_H

#include <proj.h>
#include "bohan/ctx.h"
#include "core/status.h"

/* For a failure the caller goes on without (a polygon skipped, a default used): logs
 * "<fmt...>: <first error>" as a BH_LOG_WARN line the user sees, then clears the error. Returns
 * the status that was cleared. Outside core, errors are cleared only through this or
 * bh_error_replace, so none is dropped silently. */
bh_status bh_ctx_warn_error(bh_ctx *ctx, const char *fmt, ...) BH_PRINTF(2, 3);
/* Replaces the first error by a more precise one about the same failure; returns st. */
bh_status bh_error_replace(bh_ctx *ctx, bh_status st, const char *fmt, ...) BH_PRINTF(3, 4);

/* Borrowed PROJ context (owned by ctx). */
PJ_CONTEXT *bh_ctx_proj(bh_ctx *ctx);

/* The last GDAL/CPL error message seen while ctx was live ("" if none); owned by ctx.
 * (Cleared together with CPL's own state by bh_gdal_clear_error, src/db/gdal.h.) */
const char *bh_ctx_gdal_error(const bh_ctx *ctx);

#endif

/* bh_ctx (public: bohan/ctx.h) and what only the library sees of it. */
#ifndef BH_CTX_H
#define BH_CTX_H

#include <proj.h>
#include "bohan/ctx.h"
#include "core/status.h"

/* Borrowed PROJ context (owned by ctx). */
PJ_CONTEXT *bh_ctx_proj(bh_ctx *ctx);

/* The last GDAL/CPL error message seen while ctx was live ("" if none); owned by ctx.
 * (Cleared together with CPL's own state by bh_gdal_clear_error, src/db/gdal.h.) */
const char *bh_ctx_gdal_error(const bh_ctx *ctx);

#endif

/* bh_ctx: one per thread of work. Owns the PROJ context, the io module with its GDAL registration
 * (core/io.h, loaded on first use), the log callback and the first error. Every library call
 * takes it; no globals. */
#ifndef BH_CTX_H
#define BH_CTX_H

#include <stdarg.h>
#include <proj.h>
#include "core/status.h"

typedef struct bh_ctx bh_ctx;

enum bh_log_level { BH_LOG_DEBUG = 0, BH_LOG_INFO = 1, BH_LOG_WARN = 2, BH_LOG_ERROR = 3 };

/* Receives every log line (progress, warnings). msg is only valid during the call. */
typedef void (*bh_log_fn)(void *user, int level, const char *msg);

/* Creates a context; *out is owned by the caller, release with bh_ctx_destroy. */
BH_MUST_CHECK bh_status bh_ctx_create(bh_ctx **out);
/* Releases ctx; NULL is a no-op. Close every bh_db opened with it first. */
void bh_ctx_destroy(bh_ctx *ctx);

void bh_ctx_set_log(bh_ctx *ctx, bh_log_fn fn, void *user);
/* Minimum level passed to the callback (default BH_LOG_INFO). */
void bh_ctx_set_log_level(bh_ctx *ctx, int level);
void bh_log(bh_ctx *ctx, int level, const char *fmt, ...) BH_PRINTF(3, 4);

/* Records an error and returns st. Only the first error since the last bh_ctx_clear_error is kept,
 * because later ones are usually consequences of it. The message should name file, line/feature
 * and field where they are known. */
bh_status bh_error(bh_ctx *ctx, bh_status st, const char *fmt, ...) BH_PRINTF(3, 4);
bh_status bh_errorv(bh_ctx *ctx, bh_status st, const char *fmt, va_list ap);
/* The first error's message ("" when none); owned by ctx, valid until the next clear. */
const char *bh_ctx_error(const bh_ctx *ctx);
bh_status bh_ctx_status(const bh_ctx *ctx);
void bh_ctx_clear_error(bh_ctx *ctx);
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
 * (Cleared together with CPL's own state by bh_gdal_clear_error, src/io/gdal.h.) */
const char *bh_ctx_gdal_error(const bh_ctx *ctx);

#endif

/* bh_ctx: one per thread of work. Owns the PROJ context, the io module with its GDAL registration
 * (bohan/io.h, loaded on first use), the log callback and the first error. Every library call
 * takes it; no globals. */
#ifndef BOHAN_CTX_H
#define BOHAN_CTX_H

#include <stdarg.h>
#include "bohan/export.h"
#include "bohan/status.h"

BH_BEGIN_DECLS

typedef struct bh_ctx bh_ctx;

enum bh_log_level { BH_LOG_DEBUG = 0, BH_LOG_INFO = 1, BH_LOG_WARN = 2, BH_LOG_ERROR = 3 };

/* Receives every log line (progress, warnings). msg is only valid during the call. */
typedef void (*bh_log_fn)(void *user, int level, const char *msg);

/* Creates a context; *out is owned by the caller, release with bh_ctx_destroy. */
BH_API BH_WARN_UNUSED bh_status bh_ctx_create(bh_ctx **out);
/* Releases ctx; NULL is a no-op. Close every bh_db opened with it first. */
BH_API void bh_ctx_destroy(bh_ctx *ctx);

/* fn (may be NULL: no logging) receives the lines; user is passed back, not owned. */
BH_API void bh_ctx_set_log(bh_ctx *ctx, bh_log_fn fn, void *user);
/* Minimum level passed to the callback (default BH_LOG_INFO). */
BH_API void bh_ctx_set_log_level(bh_ctx *ctx, int level);
/* Formats a line and hands it to the log callback (nothing is retained). */
BH_API void bh_log(bh_ctx *ctx, int level, const char *fmt, ...) BH_PRINTF(3, 4);

/* Records an error and returns st. Only the first error since the last bh_ctx_clear_error is kept,
 * because later ones are usually consequences of it. The message should name file, line/feature
 * and field where they are known. The message is copied into ctx. */
BH_API bh_status bh_error(bh_ctx *ctx, bh_status st, const char *fmt, ...) BH_PRINTF(3, 4);
BH_API bh_status bh_errorv(bh_ctx *ctx, bh_status st, const char *fmt, va_list ap);
/* The first error's message ("" when none); owned by ctx, valid until the next clear. */
BH_API const char *bh_ctx_error(const bh_ctx *ctx);
BH_API bh_status bh_ctx_status(const bh_ctx *ctx);
/* Forgets the first error (after the caller reported or handled it). */
BH_API void bh_ctx_clear_error(bh_ctx *ctx);

BH_END_DECLS

#endif

#include "core/ctx.h"
#include "core/alloc.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/ctx_io.h"
#include "core/io.h"

struct bh_ctx {
    PJ_CONTEXT *proj;
    bh_log_fn log_fn;
    void *log_user;
    int log_level;
    bh_status first;
    char msg[1024];
    char gdal_msg[1024];
    const bh_io *io; /* attached io module (core/io.h), NULL until first needed */
    void *io_dl;
};

bh_status bh_ctx_create(bh_ctx **out)
{
    *out = NULL;
    bh_ctx *ctx = bh_calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return BH_E_NOMEM;
    ctx->proj = proj_context_create();
    if (ctx->proj == NULL) {
        bh_free(ctx);
        return BH_E_INTERNAL;
    }
    ctx->log_level = BH_LOG_INFO;
    *out = ctx;
    return BH_OK;
}

void bh_ctx_destroy(bh_ctx *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->io) {
        ctx->io->detach(ctx);
        dlclose(ctx->io_dl);
    }
    proj_context_destroy(ctx->proj);
    bh_free(ctx);
}

void bh_ctx_set_log(bh_ctx *ctx, bh_log_fn fn, void *user)
{
    ctx->log_fn = fn;
    ctx->log_user = user;
}

void bh_ctx_set_log_level(bh_ctx *ctx, int level)
{
    ctx->log_level = level;
}

void bh_log(bh_ctx *ctx, int level, const char *fmt, ...)
{
    if (ctx == NULL || ctx->log_fn == NULL || level < ctx->log_level)
        return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log_fn(ctx->log_user, level, buf);
}

bh_status bh_errorv(bh_ctx *ctx, bh_status st, const char *fmt, va_list ap)
{
    if (ctx == NULL || st == BH_OK || ctx->first != BH_OK)
        return st;
    ctx->first = st;
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    /* One line: callers print it verbatim. */
    for (char *p = ctx->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return st;
}

bh_status bh_error(bh_ctx *ctx, bh_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bh_errorv(ctx, st, fmt, ap);
    va_end(ap);
    return st;
}

const char *bh_ctx_error(const bh_ctx *ctx)
{
    return ctx->msg;
}

bh_status bh_ctx_status(const bh_ctx *ctx)
{
    return ctx->first;
}

void bh_ctx_clear_error(bh_ctx *ctx)
{
    ctx->first = BH_OK;
    ctx->msg[0] = '\0';
}

PJ_CONTEXT *bh_ctx_proj(bh_ctx *ctx)
{
    return ctx->proj;
}

const char *bh_ctx_gdal_error(const bh_ctx *ctx)
{
    return ctx->gdal_msg;
}

const bh_io *bh_ctx_io_table(const bh_ctx *ctx)
{
    return ctx->io;
}

void bh_ctx_io_set(bh_ctx *ctx, const bh_io *io, void *dl)
{
    ctx->io = io;
    ctx->io_dl = dl;
}

void bh_ctx_set_gdal_error(bh_ctx *ctx, const char *msg)
{
    snprintf(ctx->gdal_msg, sizeof ctx->gdal_msg, "%s", msg ? msg : "");
}

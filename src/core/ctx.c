#include "core/ctx.h"
#include "core/alloc.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/ctx_io.h"
#include "core/i18n.h"

struct bh_ctx {
    PJ_CONTEXT *proj;
    bh_log_fn log_fn;
    void *log_user;
    int log_level;
    bh_status first;
    char msg[1024];
    char gdal_msg[1024];
    const void *io; /* the io module's table (io/io.h), NULL until first needed */
    void *io_dl;
    void (*gdal_detach)(bh_ctx *ctx); /* set while GDAL is attached (db/gdal.c) */
};

/* PROJ's default logger prints to stderr: this context's messages go to the ctx's log. */
static void ctx_proj_log(void *user, int level, const char *msg)
{
    (void)level;
    bh_log(user, BH_LOG_DEBUG, "proj: %s", msg);
}

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
    proj_log_func(ctx->proj, ctx, ctx_proj_log);
    ctx->log_level = BH_LOG_INFO;
    *out = ctx;
    return BH_OK;
}

void bh_ctx_destroy(bh_ctx *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->gdal_detach)
        ctx->gdal_detach(ctx);
    if (ctx->io_dl)
        dlclose(ctx->io_dl);
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
    vsnprintf(buf, sizeof buf, bh_tr(fmt), ap);
    va_end(ap);
    ctx->log_fn(ctx->log_user, level, buf);
}

bh_status bh_errorv(bh_ctx *ctx, bh_status st, const char *fmt, va_list ap)
{
    if (ctx == NULL || st == BH_OK || ctx->first != BH_OK)
        return st;
    ctx->first = st;
    /* The message in the program's language (bh_tr; English when it chose none). */
    vsnprintf(ctx->msg, sizeof ctx->msg, bh_tr(fmt), ap);
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

bh_status bh_ctx_warn_error(bh_ctx *ctx, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, bh_tr(fmt), ap);
    va_end(ap);
    bh_status st = ctx->first;
    bh_log(ctx, BH_LOG_WARN, "%s: %s", what, st != BH_OK ? ctx->msg : bh_tr("unknown error"));
    bh_ctx_clear_error(ctx);
    return st;
}

bh_status bh_error_replace(bh_ctx *ctx, bh_status st, const char *fmt, ...)
{
    bh_ctx_clear_error(ctx);
    va_list ap;
    va_start(ap, fmt);
    bh_status rc = bh_errorv(ctx, st, fmt, ap);
    va_end(ap);
    return rc;
}

PJ_CONTEXT *bh_ctx_proj(bh_ctx *ctx)
{
    return ctx->proj;
}

const char *bh_ctx_gdal_error(const bh_ctx *ctx)
{
    return ctx->gdal_msg;
}

const void *bh_ctx_io_table(const bh_ctx *ctx)
{
    return ctx->io;
}

void bh_ctx_io_set(bh_ctx *ctx, const void *table, void *dl)
{
    ctx->io = table;
    ctx->io_dl = dl;
}

int bh_ctx_gdal_attached(const bh_ctx *ctx)
{
    return ctx->gdal_detach != NULL;
}

void bh_ctx_set_gdal_detach(bh_ctx *ctx, void (*detach)(bh_ctx *ctx))
{
    ctx->gdal_detach = detach;
}

void bh_ctx_set_gdal_error(bh_ctx *ctx, const char *msg)
{
    snprintf(ctx->gdal_msg, sizeof ctx->gdal_msg, "%s", msg ? msg : "");
}

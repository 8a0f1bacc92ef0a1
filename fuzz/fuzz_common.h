/* Helpers shared by the parser fuzzers (fuzz_city, fuzz_layer, fuzz_style, fuzz_plan*): one
 * process-wide bh_ctx, NUL-terminated input copies and the error-contract checks. Header-only so
 * every fuzzer stays a single translation unit (libFuzzer or fuzz/replay.c supplies main). */
#ifndef BH_FUZZ_COMMON_H
#define BH_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/ctx.h"
#include "db/gdal.h"

/* The context shared by every input (created once; cleared before each input so runs are
 * independent). Borrowed; lives until the process exits. */
static inline bh_ctx *bh_fuzz_ctx(void)
{
    static bh_ctx *ctx;
    if (ctx == NULL && bh_ctx_create(&ctx) != BH_OK)
        abort();
    bh_ctx_clear_error(ctx);
    bh_gdal_clear_error(ctx);
    return ctx;
}

/* The input as a C string (embedded NULs end it early, as they would for the real callers).
 * Caller frees. */
static inline char *bh_fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The error contract of every parser: a failure returns the status recorded in ctx with a
 * non-empty one-line message and leaves *out NULL; a success records no error. */
static inline void bh_fuzz_check_result(bh_ctx *ctx, bh_status st, const void *out)
{
    const char *msg = bh_ctx_error(ctx);
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("BH_FUZZ_VERBOSE") != NULL;
    if (verbose) /* triage aid: what each replayed input did */
        fprintf(stderr, "  -> %s%s%s\n", bh_status_string(st), st ? ": " : "", st ? msg : "");
    if (st != BH_OK) {
        if (out != NULL || bh_ctx_status(ctx) != st || msg[0] == '\0' || strchr(msg, '\n'))
            abort();
    } else if (out == NULL || bh_ctx_status(ctx) != BH_OK) {
        abort();
    }
}

#endif

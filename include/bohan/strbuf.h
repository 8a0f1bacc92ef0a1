/* Growable byte buffer for building text (SQL, CSV and JSON output). A value type: the caller
 * owns the struct and releases its text with bh_strbuf_free or takes it with bh_strbuf_take. */
#ifndef BOHAN_STRBUF_H
#define BOHAN_STRBUF_H

#include <stddef.h>
#include "bohan/export.h"

BH_BEGIN_DECLS

typedef struct bh_strbuf {
    char *data; /* NUL-terminated; owned by the buffer */
    size_t len;
    size_t cap;
    int failed; /* sticky: set once an allocation failed */
} bh_strbuf;

BH_API void bh_strbuf_init(bh_strbuf *sb);
/* Frees the text; the buffer is empty and reusable afterwards. */
BH_API void bh_strbuf_free(bh_strbuf *sb);
BH_API void bh_strbuf_reset(bh_strbuf *sb);
BH_API void bh_strbuf_append(bh_strbuf *sb, const char *s);
BH_API void bh_strbuf_appendn(bh_strbuf *sb, const char *s, size_t n);
BH_API void bh_strbuf_printf(bh_strbuf *sb, const char *fmt, ...) BH_PRINTF(2, 3);
/* Appends s as a CSV field (quoted when needed, RFC 4180). */
BH_API void bh_strbuf_csv(bh_strbuf *sb, const char *s);
/* Appends s as a JSON string literal with quotes; bytes that are not valid UTF-8 (surrogates
 * included) become \ufffd, so the output is always valid JSON. */
BH_API void bh_strbuf_json(bh_strbuf *sb, const char *s);
/* Appends v with thousands commas (46920 → "46,920"); non-integral values as %g. */
BH_API void bh_strbuf_number(bh_strbuf *sb, double v);
/* Takes the text out; the caller owns it (free). The buffer is left empty. NULL if failed. */
BH_API BH_WARN_UNUSED char *bh_strbuf_take(bh_strbuf *sb);

BH_END_DECLS

#endif

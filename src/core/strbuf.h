/* Growable byte buffer for building SQL, CSV and JSON text. */
#ifndef BH_STRBUF_H
#define BH_STRBUF_H

#include <stddef.h>
#include "core/status.h"

typedef struct bh_strbuf {
    char *data; /* NUL-terminated; owned by the buffer */
    size_t len;
    size_t cap;
    int failed; /* sticky: set once an allocation failed */
} bh_strbuf;

void bh_strbuf_init(bh_strbuf *sb);
void bh_strbuf_free(bh_strbuf *sb);
void bh_strbuf_reset(bh_strbuf *sb);
void bh_strbuf_append(bh_strbuf *sb, const char *s);
void bh_strbuf_appendn(bh_strbuf *sb, const char *s, size_t n);
void bh_strbuf_printf(bh_strbuf *sb, const char *fmt, ...) BH_PRINTF(2, 3);
/* Appends s as a CSV field (quoted when needed, RFC 4180). */
void bh_strbuf_csv(bh_strbuf *sb, const char *s);
/* Appends s as a JSON string literal with quotes. */
void bh_strbuf_json(bh_strbuf *sb, const char *s);
/* Appends v with thousands commas (46920 → "46,920"); non-integral values as %g. */
void bh_strbuf_number(bh_strbuf *sb, double v);
/* Takes the text out; the caller owns it (free). The buffer is left empty. NULL if failed. */
char *bh_strbuf_take(bh_strbuf *sb);

/* malloc'ed copy (caller frees); NULL in, NULL out. */
char *bh_strdup(const char *s);
/* malloc'ed formatted string (caller frees); NULL on failure. */
char *bh_asprintf(const char *fmt, ...) BH_PRINTF(1, 2);

#endif

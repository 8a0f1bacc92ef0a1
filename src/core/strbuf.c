#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/alloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bh_strbuf_init(bh_strbuf *sb)
{
    memset(sb, 0, sizeof *sb);
}

void bh_strbuf_free(bh_strbuf *sb)
{
    bh_free(sb->data);
    bh_strbuf_init(sb);
}

void bh_strbuf_reset(bh_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static int strbuf_reserve(bh_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return 0;
    if (sb->len + extra + 1 <= sb->cap)
        return 1;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *p = bh_realloc(sb->data, cap);
    if (p == NULL) {
        sb->failed = 1;
        return 0;
    }
    sb->data = p;
    sb->cap = cap;
    return 1;
}

void bh_strbuf_appendn(bh_strbuf *sb, const char *s, size_t n)
{
    if (!strbuf_reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void bh_strbuf_append(bh_strbuf *sb, const char *s)
{
    bh_strbuf_appendn(sb, s, strlen(s));
}

void bh_strbuf_printf(bh_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !strbuf_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void bh_strbuf_number(bh_strbuf *sb, double v)
{
    if (v != floor(v) || fabs(v) >= 1e15) {
        bh_strbuf_printf(sb, "%g", v);
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    if (v < 0)
        bh_strbuf_append(sb, "-");
    size_t n = strlen(digits);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            bh_strbuf_append(sb, ",");
        bh_strbuf_appendn(sb, digits + i, 1);
    }
}

void bh_strbuf_csv(bh_strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        bh_strbuf_append(sb, s);
        return;
    }
    bh_strbuf_append(sb, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            bh_strbuf_append(sb, "\"\"");
        else
            bh_strbuf_appendn(sb, p, 1);
    }
    bh_strbuf_append(sb, "\"");
}

void bh_strbuf_json(bh_strbuf *sb, const char *s)
{
    if (s == NULL) {
        bh_strbuf_append(sb, "null");
        return;
    }
    bh_strbuf_append(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            bh_strbuf_append(sb, "\\\"");
            break;
        case '\\':
            bh_strbuf_append(sb, "\\\\");
            break;
        case '\n':
            bh_strbuf_append(sb, "\\n");
            break;
        case '\r':
            bh_strbuf_append(sb, "\\r");
            break;
        case '\t':
            bh_strbuf_append(sb, "\\t");
            break;
        default:
            if (*p < 0x20) {
                bh_strbuf_printf(sb, "\\u%04x", *p);
            } else if (*p < 0x80) {
                bh_strbuf_appendn(sb, (const char *)p, 1);
            } else { /* a whole valid sequence, else U+FFFD: the output is always valid JSON */
                size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
                if (strnlen((const char *)p, n) == n && bh_utf8_bad_offset(p, n) == n) {
                    bh_strbuf_appendn(sb, (const char *)p, n);
                    p += n - 1;
                } else {
                    bh_strbuf_append(sb, "\\ufffd");
                }
            }
        }
    }
    bh_strbuf_append(sb, "\"");
}

char *bh_strbuf_take(bh_strbuf *sb)
{
    if (sb->failed) {
        bh_strbuf_free(sb);
        return NULL;
    }
    char *s = sb->data ? sb->data : bh_strdup("");
    bh_strbuf_init(sb);
    return s;
}

char *bh_strdup(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = bh_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *bh_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = bh_malloc((size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

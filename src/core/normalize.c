/* 町丁目 name normaliser (see normalize.h for the rules). Works on code points so every rule is
 * one comparison; the original and the mapped spelling are kept side by side so that the 大字
 * can be returned in its own spelling. */
#include "core/normalize.h"
#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    CP_CHO = 0x4E01, /* 丁 */
    CP_ME = 0x76EE,  /* 目 */
    CP_BAN = 0x756A, /* 番 */
    CP_CHI = 0x5730, /* 地 */
    CP_GO = 0x53F7,  /* 号 */
    CP_NO = 0x306E,  /* の */
    CP_KE = 0x30B1,  /* ケ */
    CP_OO = 0x5927,  /* 大 */
    CP_AZA = 0x5B57, /* 字 */
    CP_REPL = 0xFFFD
};

typedef struct cpbuf {
    uint32_t *orig; /* code points as written (spaces removed) */
    uint32_t *map;  /* the same, mapped to the comparison alphabet */
    size_t n;
} cpbuf;

static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned c = s[0];
    size_t need;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        need = 1;
        v = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        need = 2;
        v = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        need = 3;
        v = c & 0x07;
    } else {
        *cp = CP_REPL;
        return 1;
    }
    if (need >= len) {
        *cp = CP_REPL;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = CP_REPL;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (need == 1 && v < 0x80) ||
        (need == 2 && v < 0x800) || (need == 3 && v < 0x10000))
        v = CP_REPL;
    *cp = v;
    return need + 1;
}

static void utf8_put(char **p, uint32_t v)
{
    unsigned char *o = (unsigned char *)*p;
    if (v < 0x80) {
        *o++ = (unsigned char)v;
    } else if (v < 0x800) {
        *o++ = (unsigned char)(0xC0 | (v >> 6));
        *o++ = (unsigned char)(0x80 | (v & 0x3F));
    } else if (v < 0x10000) {
        *o++ = (unsigned char)(0xE0 | (v >> 12));
        *o++ = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (v & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | (v >> 18));
        *o++ = (unsigned char)(0x80 | ((v >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (v & 0x3F));
    }
    *p = (char *)o;
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0 ||
           c == 0xFEFF;
}

static uint32_t map_cp(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E) /* 全角 ASCII */
        c -= 0xFEE0;
    switch (c) {
    case 0x30F6: /* ヶ */
    case 0x30F5: /* ヵ */
    case 0x304C: /* が */
    case 0xFF79: /* ｹ */
        return CP_KE;
    case 0x30CE: /* ノ */
        return CP_NO;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFF70:
        return '-';
    default:
        return c;
    }
}

static int kanji_digit(uint32_t c)
{
    switch (c) {
    case 0x3007:
        return 0; /* 〇 */
    case 0x96F6:
        return 0; /* 零 */
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:
        return 2; /* 二 */
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    case 0x5341:
        return 10; /* 十 */
    case 0x767E:
        return 100; /* 百 */
    default:
        return -1;
    }
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Value of a kanji numeral run: 十一 = 11, 二十三 = 23, 一〇 = 10 (positional). */
static long kanji_value(const uint32_t *s, size_t n)
{
    long total = 0, cur = 0;
    for (size_t i = 0; i < n; i++) {
        int d = kanji_digit(s[i]);
        if (d == 10 || d == 100) {
            total += (cur ? cur : 1) * d;
            cur = 0;
        } else {
            cur = cur * 10 + d;
        }
        if (total + cur > 100000)
            return 100000;
    }
    return total + cur;
}

static long ascii_value(const uint32_t *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (long)(s[i] - '0');
        if (v > 100000)
            return 100000;
    }
    return v;
}

static int decode_all(const char *name, cpbuf *b)
{
    size_t len = strlen(name);
    b->orig = bh_malloc((len + 1) * sizeof *b->orig);
    b->map = bh_malloc((len + 1) * sizeof *b->map);
    b->n = 0;
    if (!b->orig || !b->map)
        return -1;
    const unsigned char *s = (const unsigned char *)name;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        if (is_space(cp))
            continue;
        b->orig[b->n] = cp;
        b->map[b->n] = map_cp(cp);
        b->n++;
    }
    return 0;
}

static void free_all(cpbuf *b)
{
    bh_free(b->orig);
    bh_free(b->map);
}

/* Finds where the 大字 part ends (*cut, index into the buffer, from *start) and the 丁目 number
 * (0 when none). */
static void analyse(const cpbuf *b, size_t *start, size_t *cut, long *chome)
{
    const uint32_t *m = b->map;
    size_t n = b->n, s = 0;
    while (n >= s + 3 && m[s] == CP_OO && m[s + 1] == CP_AZA)
        s += 2;
    *start = s;
    *cut = n;
    *chome = 0;
    /* A number (≥ 1) followed by 丁: the first such one wins, the rest is 番地. */
    for (size_t i = s + 1; i < n; i++) {
        if (m[i] != CP_CHO)
            continue;
        size_t j = i;
        if (is_digit(m[i - 1])) {
            while (j > s && is_digit(m[j - 1]))
                j--;
            if (j > s && ascii_value(m + j, i - j) > 0) {
                *cut = j;
                *chome = ascii_value(m + j, i - j);
                return;
            }
        } else if (kanji_digit(m[i - 1]) >= 0) {
            while (j > s && kanji_digit(m[j - 1]) >= 0)
                j--;
            if (j > s && kanji_value(m + j, i - j) > 0) {
                *cut = j;
                *chome = kanji_value(m + j, i - j);
                return;
            }
        }
    }
    /* No 丁目: a trailing address number (digits, -, 番, 地, 号, の) is dropped. */
    for (size_t p = s + 1; p < n; p++) {
        if (!is_digit(m[p]) || is_digit(m[p - 1]))
            continue;
        size_t q = p;
        int ok = 1;
        for (; q < n; q++)
            if (!(is_digit(m[q]) || m[q] == '-' || m[q] == CP_BAN || m[q] == CP_CHI ||
                  m[q] == CP_GO || m[q] == CP_NO)) {
                ok = 0;
                break;
            }
        if (!ok)
            continue;
        size_t e = p;
        while (e < n && is_digit(m[e]))
            e++;
        *cut = p;
        if (e == n || m[e] == '-')
            *chome = ascii_value(m + p, e - p);
        return;
    }
}

/* The name part before the 丁目/番地 tail: from the normalised code points (the key) or the
 * original ones (the 大字 as written), plus the 丁目 number as "N丁目" for the key. */
static char *norm_span(const char *name, int key)
{
    if (!name)
        return NULL;
    cpbuf b;
    char *out = NULL;
    if (decode_all(name, &b) == 0) {
        size_t start, cut;
        long chome;
        analyse(&b, &start, &cut, &chome);
        out = bh_malloc((cut - start) * 4 + 32);
        if (out) {
            char *p = out;
            for (size_t i = start; i < cut; i++)
                utf8_put(&p, key ? b.map[i] : b.orig[i]);
            if (key && chome > 0) {
                /* keep "0三丁目" from becoming "03丁目" (the key must be its own key) */
                if (cut > start && is_digit(b.map[cut - 1]))
                    *p++ = '-';
                int k = snprintf(p, 16, "%ld", chome);
                p += k;
                utf8_put(&p, CP_CHO);
                utf8_put(&p, CP_ME);
            }
            *p = '\0';
        }
    }
    free_all(&b);
    return out;
}

char *bh_norm_chome(const char *name)
{
    return norm_span(name, 1);
}

char *bh_norm_oaza(const char *name)
{
    return norm_span(name, 0);
}

int bh_norm_chome_number(const char *name)
{
    if (!name)
        return 0;
    cpbuf b;
    long chome = -1;
    if (decode_all(name, &b) == 0) {
        size_t start, cut;
        analyse(&b, &start, &cut, &chome);
    }
    free_all(&b);
    return (int)chome;
}

/* Trailing words an officer adds to or leaves off an area's name, dropped in this order, each at
 * most once: 松戸駅前交番管内 → 松戸駅前, 中部小学校区 → 中部小, 中部小学校 → 中部小. */
static const char *const area_suffixes[] = {"管内",   "区域", "地区", "交番", "駐在所",
                                            "学校区", "学区", "校区", "区",   "学校"};

char *bh_norm_area(const char *name)
{
    char *k = bh_norm_chome(name);
    if (k == NULL)
        return NULL;
    size_t n = strlen(k);
    for (size_t i = 0; i < sizeof area_suffixes / sizeof *area_suffixes; i++) {
        size_t m = strlen(area_suffixes[i]);
        if (n > m && memcmp(k + n - m, area_suffixes[i], m) == 0) {
            n -= m;
            k[n] = '\0';
        }
    }
    return k;
}

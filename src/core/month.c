/* The one month parser: western years (2023-07, 2023/7, 2023年7月) and the eras the office
 * writes (令和5年7月, R5-07, R5.7, 平成31年4月), full-width digits and signs folded first. */
#include "core/month.h"
#include "core/ctx.h"

#include <string.h>

/* The first year of each era, minus one (令和1 = 2019), and its first and last month. */
typedef struct month_era {
    const char *kanji;
    char latin;
    int base;
    int first_ym, last_ym;
} month_era;

static const month_era month_eras[] = {
    {"令和", 'R', 2018, 201905, 299912},
    {"平成", 'H', 1988, 198901, 201904},
};

/* Copies text to out with full-width ASCII (U+FF01..U+FF5E) folded to ASCII and leading and
 * trailing spaces (ASCII or U+3000) dropped; -1 when it does not fit. */
static int month_fold(const char *text, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = 0;
    while (*p) {
        unsigned c = *p;
        if (c == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
            unsigned cp = 0xFF00u + ((p[1] == 0xBD) ? 0x40u : 0u) + (p[2] - 0x80u);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                if (n + 1 >= cap)
                    return -1;
                out[n++] = (char)(cp - 0xFEE0u);
                p += 3;
                continue;
            }
        }
        if (n + 1 >= cap)
            return -1;
        out[n++] = (char)*p++;
    }
    out[n] = '\0';
    char *s = out;
    for (;;) {
        if (*s == ' ')
            s++;
        else if (strncmp(s, "\u3000", 3) == 0)
            s += 3;
        else
            break;
    }
    memmove(out, s, strlen(s) + 1);
    n = strlen(out);
    for (;;) {
        if (n >= 1 && out[n - 1] == ' ')
            out[--n] = '\0';
        else if (n >= 3 && strcmp(out + n - 3, "\u3000") == 0)
            out[n -= 3] = '\0';
        else
            break;
    }
    return 0;
}

/* Up to max digits at *p (at least one); the value, or -1. */
static int month_digits(const char **p, int max)
{
    int v = 0, k = 0;
    while (k < max && (*p)[k] >= '0' && (*p)[k] <= '9') {
        v = v * 10 + ((*p)[k] - '0');
        k++;
    }
    if (k == 0)
        return -1;
    *p += k;
    return v;
}

/* The separator between year and month: '-', '/', '.' or 年 (then 月 may close). 1 for 年, 0
 * for the others, -1 for none. */
static int month_sep(const char **p)
{
    if (**p == '-' || **p == '/' || **p == '.') {
        (*p)++;
        return 0;
    }
    if (strncmp(*p, "年", 3) == 0) {
        *p += 3;
        return 1;
    }
    return -1;
}

/* The era at *p (令和/R/r, 平成/H/h), advanced past it; NULL when none. */
static const month_era *month_era_at(const char **p)
{
    for (size_t i = 0; i < sizeof month_eras / sizeof *month_eras; i++) {
        const month_era *e = &month_eras[i];
        size_t k = strlen(e->kanji);
        if (strncmp(*p, e->kanji, k) == 0) {
            *p += k;
            return e;
        }
        if (**p == e->latin || **p == e->latin + ('a' - 'A')) {
            (*p)++;
            return e;
        }
    }
    return NULL;
}

/* The year at *p: an era year (元 = 1) or four western digits; -1 when malformed. *compact is
 * set for YYYYMM (six digits, no separator). */
static int month_year(const char **p, const month_era **era, int *compact)
{
    *era = month_era_at(p);
    if (*era) {
        if (strncmp(*p, "元", 3) == 0) {
            *p += 3;
            return (*era)->base + 1;
        }
        const char *start = *p;
        int y = month_digits(p, 2);
        if (y < 1 || *p == start)
            return -1;
        return (*era)->base + y;
    }
    const char *start = *p;
    int y = month_digits(p, 4);
    if (y < 0 || *p - start != 4)
        return -1;
    *compact = (**p >= '0' && **p <= '9');
    return y;
}

int bh_month_scan(const char *text, int *ym)
{
    char buf[64];
    if (text == NULL || month_fold(text, buf, sizeof buf) != 0)
        return -1;
    const char *p = buf;
    const month_era *era = NULL;
    int compact = 0;
    int y = month_year(&p, &era, &compact);
    if (y < 0)
        return -1;
    int m;
    if (compact) {
        const char *start = p;
        m = month_digits(&p, 2);
        if (p - start != 2)
            return -1;
    } else {
        int kanji = month_sep(&p);
        if (kanji < 0)
            return -1;
        m = month_digits(&p, 2);
        if (kanji && strncmp(p, "月", 3) == 0)
            p += 3;
    }
    if (*p != '\0' || m < 1 || m > 12 || y < 1900 || y > 2999)
        return -1;
    int v = y * 100 + m;
    if (era && (v < era->first_ym || v > era->last_ym))
        return -1;
    *ym = v;
    return 0;
}

bh_status bh_month_parse(bh_ctx *ctx, const char *what, const char *text, int *ym)
{
    if (bh_month_scan(text, ym) == 0)
        return BH_OK;
    return bh_error(ctx, BH_E_USAGE,
                    "%s '%s': expected a month such as 2023-07, 2023/07, 2023年7月, 令和5年7月, "
                    "R5-07 or R5.7",
                    what ? what : "month", text ? text : "");
}

/* libFuzzer: the UTF-8 rule (core/utf8.h) against a second, table-driven decoder written from
 * Unicode's table of well-formed byte sequences (Table 3-7). Invariants: both agree on the first
 * bad offset; the valid prefix is itself valid; bh_utf8_valid agrees on NUL-free input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"

/* Table 3-7: lead byte range, then the allowed range of each following byte. */
static const struct {
    uint8_t lo, hi, n;
    uint8_t r[3][2];
} seq[] = {
    {0x00, 0x7F, 0, {{0}}},
    {0xC2, 0xDF, 1, {{0x80, 0xBF}}},
    {0xE0, 0xE0, 2, {{0xA0, 0xBF}, {0x80, 0xBF}}},
    {0xE1, 0xEC, 2, {{0x80, 0xBF}, {0x80, 0xBF}}},
    {0xED, 0xED, 2, {{0x80, 0x9F}, {0x80, 0xBF}}},
    {0xEE, 0xEF, 2, {{0x80, 0xBF}, {0x80, 0xBF}}},
    {0xF0, 0xF0, 3, {{0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
    {0xF1, 0xF3, 3, {{0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
    {0xF4, 0xF4, 3, {{0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}}},
};

static size_t reference_bad_offset(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t k = 0, nseq = sizeof seq / sizeof *seq;
        while (k < nseq && !(s[i] >= seq[k].lo && s[i] <= seq[k].hi))
            k++;
        if (k == nseq || len - i <= seq[k].n)
            return i;
        for (size_t j = 0; j < seq[k].n; j++)
            if (s[i + 1 + j] < seq[k].r[j][0] || s[i + 1 + j] > seq[k].r[j][1])
                return i;
        i += 1 + seq[k].n;
    }
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t bad = bh_utf8_bad_offset(data, size);
    if (bad != reference_bad_offset(data, size) || bad > size)
        abort();
    if (bh_utf8_bad_offset(data, bad) != bad)
        abort(); /* the valid prefix is valid */
    if (memchr(data, 0, size) == NULL) {
        char *s = malloc(size + 1);
        if (s == NULL)
            return 0;
        memcpy(s, data, size);
        s[size] = '\0';
        if (bh_utf8_valid(s) != (bad == size))
            abort();
        free(s);
    }
    return 0;
}

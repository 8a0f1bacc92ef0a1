/* Display-width aligned text tables (see coltab.h). */
#include "core/alloc.h"
#include "bohan/coltab.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

struct bh_coltab {
    size_t ncols, nrows, cap;
    char **cells; /* nrows * ncols */
    unsigned char *right;
};

/* East Asian Wide and Fullwidth ranges (Unicode 15 EastAsianWidth W/F, coarsened). */
static int wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

static int combining(unsigned long c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x3099 && c <= 0x309A) ||
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200B || c == 0x200D;
}

size_t bh_coltab_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        unsigned long c = *p;
        int n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (n)
            c &= 0x3F >> n;
        p++;
        for (; n > 0 && (*p & 0xC0) == 0x80; n--, p++)
            c = (c << 6) | (*p & 0x3F);
        w += combining(c) ? 0 : wide(c) ? 2 : 1;
    }
    return w;
}

bh_coltab *bh_coltab_create(size_t ncols)
{
    bh_coltab *t = bh_calloc(1, sizeof *t);
    if (t) {
        t->ncols = ncols ? ncols : 1;
        t->right = bh_calloc(t->ncols, 1);
        if (!t->right) {
            bh_free(t);
            return NULL;
        }
    }
    return t;
}

void bh_coltab_destroy(bh_coltab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        bh_free(t->cells[i]);
    bh_free(t->cells);
    bh_free(t->right);
    bh_free(t);
}

void bh_coltab_right(bh_coltab *t, size_t c)
{
    if (c < t->ncols)
        t->right[c] = 1;
}

int bh_coltab_add(bh_coltab *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **v = bh_realloc(t->cells, cap * t->ncols * sizeof *v);
        if (!v)
            return -1;
        t->cells = v;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    int bad = 0;
    for (size_t c = 0; c < t->ncols; c++)
        bad |= (row[c] = bh_strdup(cells[c] ? cells[c] : "")) == NULL;
    t->nrows++;
    return bad ? -1 : 0;
}

static void spaces(bh_strbuf *sb, size_t n)
{
    for (; n > 0; n--)
        bh_strbuf_append(sb, " ");
}

void bh_coltab_write(const bh_coltab *t, bh_strbuf *sb, size_t sep_cols)
{
    size_t *w = bh_calloc(t->ncols, sizeof *w);
    if (!w)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++) {
        size_t cw = bh_coltab_width(t->cells[i]);
        if (cw > w[i % t->ncols])
            w[i % t->ncols] = cw;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        char *const *row = t->cells + r * t->ncols;
        size_t pending = 0; /* left-aligned padding, written only before a following cell */
        for (size_t c = 0; c < t->ncols; c++) {
            size_t cw = bh_coltab_width(row[c]), pad = w[c] - cw;
            if (c > 0)
                pending += sep_cols;
            if (t->right[c])
                pending += pad;
            if (*row[c]) {
                spaces(sb, pending);
                pending = 0;
                bh_strbuf_append(sb, row[c]);
            }
            if (!t->right[c])
                pending += pad;
        }
        bh_strbuf_append(sb, "\n");
    }
    bh_free(w);
}

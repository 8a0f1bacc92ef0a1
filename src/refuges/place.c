#include "refuges/place.h"

#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/strbuf.h"

typedef struct gaiku_point {
    char *key; /* "<町丁目 key>#<number>" */
    double x, y;
} gaiku_point;

struct bh_gaiku_index {
    gaiku_point *pts;
    size_t n;
};

/* Copies s with 全角 digits and dashes made ASCII. Caller frees. */
static char *ascii_digits(const char *s)
{
    char *o = malloc(strlen(s) + 1), *w = o;
    for (const unsigned char *p = (const unsigned char *)s; o && *p;) {
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
            *w++ = (char)('0' + p[2] - 0x90), p += 3;
        else if ((p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) || /* － */
                 (p[0] == 0xE3 && p[1] == 0x83 && p[2] == 0xBC) || /* ー */
                 (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x90))   /* ‐ */
            *w++ = '-', p += 3;
        else
            *w++ = (char)*p++;
    }
    if (o)
        *w = '\0';
    return o;
}

int bh_refuge_gaiku_number(const char *address, char *out, size_t n)
{
    if (address == NULL || n == 0)
        return 0;
    char *a = ascii_digits(address);
    if (a == NULL)
        return 0;
    const char *p = strstr(a, "丁目"), *runs[3] = {0};
    size_t len[3] = {0}, k = 0;
    for (const char *q = p ? p + strlen("丁目") : a; *q && k < 3;) {
        if (*q >= '0' && *q <= '9') {
            runs[k] = q;
            while (*q >= '0' && *q <= '9')
                q++;
            len[k] = (size_t)(q - runs[k]);
            k++;
            if (p) /* after 丁目 the first number is the 街区 */
                break;
        } else
            q++;
    }
    /* Without 丁目: "稔台5-2-3" is 丁目 5, 街区 2; otherwise the first number (地番). */
    size_t pick = !p && k == 3 ? 1 : 0;
    int ok = k > pick && len[pick] < n;
    if (ok) {
        memcpy(out, runs[pick], len[pick]);
        out[len[pick]] = '\0';
    }
    free(a);
    return ok;
}

static int gaiku_cmp(const void *a, const void *b)
{
    return strcmp(((const gaiku_point *)a)->key, ((const gaiku_point *)b)->key);
}

bh_status bh_gaiku_index_load(bh_db *db, const bh_matcher *m, bh_gaiku_index **out)
{
    *out = NULL;
    if (!bh_db_has_table(db, "gaiku_points"))
        return BH_OK;
    sqlite3_stmt *st;
    bh_status rc = bh_db_prepare(db,
                                 "SELECT oaza_chome, gaiku, X(geom), Y(geom) FROM gaiku_points "
                                 "WHERE geom IS NOT NULL AND gaiku IS NOT NULL",
                                 &st);
    bh_gaiku_index *idx = rc == BH_OK ? calloc(1, sizeof *idx) : NULL;
    size_t cap = 0;
    if (rc == BH_OK && idx == NULL)
        rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    while (rc == BH_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *chome = (const char *)sqlite3_column_text(st, 0);
        char num[32], *key = chome ? bh_matcher_key(m, chome) : NULL;
        const char *g = (const char *)sqlite3_column_text(st, 1);
        if (key && bh_refuge_gaiku_number(g, num, sizeof num) &&
            bh_array_grow((void **)&idx->pts, &cap, idx->n + 1, sizeof *idx->pts, 256) == 0) {
            gaiku_point *p = &idx->pts[idx->n];
            p->key = bh_asprintf("%s#%s", key, num);
            p->x = sqlite3_column_double(st, 2);
            p->y = sqlite3_column_double(st, 3);
            idx->n += p->key != NULL;
        }
        free(key);
    }
    sqlite3_finalize(st);
    if (rc != BH_OK || idx->n == 0) {
        bh_gaiku_index_destroy(idx);
        return rc;
    }
    qsort(idx->pts, idx->n, sizeof *idx->pts, gaiku_cmp);
    *out = idx;
    return BH_OK;
}

int bh_gaiku_index_find(const bh_gaiku_index *idx, const bh_matcher *m, const char *address,
                        double *x, double *y)
{
    char num[32];
    if (idx == NULL || !bh_refuge_gaiku_number(address, num, sizeof num))
        return 0;
    char *key = bh_matcher_key(m, address);
    gaiku_point probe = {key ? bh_asprintf("%s#%s", key, num) : NULL, 0, 0};
    const gaiku_point *hit =
        probe.key ? bsearch(&probe, idx->pts, idx->n, sizeof *idx->pts, gaiku_cmp) : NULL;
    if (hit)
        *x = hit->x, *y = hit->y;
    free(probe.key);
    free(key);
    return hit != NULL;
}

size_t bh_gaiku_index_size(const bh_gaiku_index *idx)
{
    return idx ? idx->n : 0;
}

void bh_gaiku_index_destroy(bh_gaiku_index *idx)
{
    if (idx == NULL)
        return;
    for (size_t i = 0; i < idx->n; i++)
        free(idx->pts[i].key);
    free(idx->pts);
    free(idx);
}

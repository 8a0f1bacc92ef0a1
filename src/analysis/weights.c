#include "analysis/weights.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct bh_weights {
    size_t n;
    size_t *off; /* n + 1 */
    size_t *nb;
};

typedef struct w_pair {
    size_t a, b;
} w_pair;

typedef struct w_pairs {
    w_pair *v;
    size_t n, cap;
} w_pairs;

static int pairs_add(w_pairs *p, size_t a, size_t b)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        w_pair *v = bh_realloc(p->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n].a = a;
    p->v[p->n].b = b;
    p->n++;
    return 0;
}

/* CSR from undirected pairs (each pair once). */
static bh_status weights_build(bh_ctx *ctx, size_t n, const w_pairs *p, bh_weights **out)
{
    bh_weights *w = bh_calloc(1, sizeof *w);
    if (w == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    w->n = n;
    w->off = bh_calloc(n + 1, sizeof *w->off);
    w->nb = bh_malloc((2 * p->n + 1) * sizeof *w->nb);
    size_t *fill = bh_calloc(n + 1, sizeof *fill);
    if (w->off == NULL || w->nb == NULL || fill == NULL) {
        bh_free(fill);
        bh_weights_destroy(w);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < p->n; k++) {
        w->off[p->v[k].a + 1]++;
        w->off[p->v[k].b + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        w->off[i + 1] += w->off[i];
    for (size_t k = 0; k < p->n; k++) {
        size_t a = p->v[k].a, b = p->v[k].b;
        w->nb[w->off[a] + fill[a]++] = b;
        w->nb[w->off[b] + fill[b]++] = a;
    }
    bh_free(fill);
    /* Ascending neighbour lists (insertion sort: lists are short). */
    for (size_t i = 0; i < n; i++)
        for (size_t x = w->off[i] + 1; x < w->off[i + 1]; x++)
            for (size_t y = x; y > w->off[i] && w->nb[y - 1] > w->nb[y]; y--) {
                size_t t = w->nb[y];
                w->nb[y] = w->nb[y - 1];
                w->nb[y - 1] = t;
            }
    *out = w;
    return BH_OK;
}

bh_status bh_weights_parse(bh_ctx *ctx, const char *text, bh_weights_kind *kind, double *band)
{
    *band = 0;
    if (text && strcmp(text, "queen") == 0) {
        *kind = BH_WEIGHTS_QUEEN;
        return BH_OK;
    }
    if (text && strcmp(text, "rook") == 0) {
        *kind = BH_WEIGHTS_ROOK;
        return BH_OK;
    }
    if (text && strncmp(text, "distance:", 9) == 0) {
        char *end;
        int plain = strspn(text + 9, "0123456789.") == strlen(text + 9);
        double d = strtod(text + 9, &end);
        if (plain && end != text + 9 && *end == '\0' && isfinite(d) && d > 0) {
            *kind = BH_WEIGHTS_DISTANCE;
            *band = d;
            return BH_OK;
        }
    }
    return bh_error(ctx, BH_E_ARG, "--weights '%s': expected queen, rook or distance:METRES",
                    text ? text : "");
}

bh_status bh_weights_lattice(bh_ctx *ctx, size_t rows, size_t cols, int queen, bh_weights **out)
{
    *out = NULL;
    w_pairs p = {0};
    int oom = 0;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            size_t i = r * cols + c;
            if (c + 1 < cols)
                oom |= pairs_add(&p, i, i + 1);
            if (r + 1 < rows)
                oom |= pairs_add(&p, i, i + cols);
            if (queen && r + 1 < rows && c + 1 < cols)
                oom |= pairs_add(&p, i, i + cols + 1);
            if (queen && r + 1 < rows && c > 0)
                oom |= pairs_add(&p, i, i + cols - 1);
        }
    bh_status st =
        oom ? bh_error(ctx, BH_E_NOMEM, "out of memory") : weights_build(ctx, rows * cols, &p, out);
    bh_free(p.v);
    return st;
}

typedef struct w_box {
    double x0, y0, x1, y1, cx, cy;
    size_t i;
    int ok;
} w_box;

static int box_cmp(const void *a, const void *b)
{
    const w_box *x = a, *y = b;
    if (x->ok != y->ok)
        return y->ok - x->ok; /* usable boxes first */
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* The statements over temp._bh_w: insert a geometry, read its box and centroid, test a pair. */
typedef struct w_stmts {
    sqlite3_stmt *ins, *info, *test;
} w_stmts;

static bh_status stmts_prepare(bh_db *db, bh_weights_kind kind, w_stmts *q)
{
    char *sql = sqlite3_mprintf("INSERT INTO temp._bh_w (i, g) VALUES (?1, GeomFromWKB(?2, %d))",
                                bh_db_srid(db));
    bh_status rc = sql ? bh_db_prepare(db, sql, &q->ins)
                       : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_free(sql);
    if (rc == BH_OK)
        rc = bh_db_prepare(db,
                           "SELECT MbrMinX(g), MbrMinY(g), MbrMaxX(g), MbrMaxY(g), "
                           "X(ST_Centroid(g)), Y(ST_Centroid(g)) FROM temp._bh_w WHERE i = ?1 "
                           "AND g IS NOT NULL",
                           &q->info);
    if (rc == BH_OK)
        rc = bh_db_prepare(
            db,
            kind == BH_WEIGHTS_ROOK
                ? "SELECT ST_Dimension(ST_Intersection(a.g, b.g)) >= 1 FROM temp._bh_w a, "
                  "temp._bh_w b WHERE a.i = ?1 AND b.i = ?2 AND ST_Intersects(a.g, b.g)"
                : "SELECT ST_Intersects(a.g, b.g) FROM temp._bh_w a, temp._bh_w b WHERE a.i = ?1 "
                  "AND b.i = ?2",
            &q->test);
    return rc;
}

/* Stores geometry i and reads its box (for distance bands: the band's box around the
 * centroid). */
static bh_status box_load(bh_db *db, const w_stmts *q, size_t i, const unsigned char *wkb,
                          size_t len, bh_weights_kind kind, double band, w_box *box)
{
    box->i = i;
    if (wkb == NULL)
        return BH_OK;
    sqlite3_reset(q->ins);
    sqlite3_bind_int64(q->ins, 1, (sqlite3_int64)i);
    sqlite3_bind_blob(q->ins, 2, wkb, (int)len, SQLITE_STATIC);
    if (sqlite3_step(q->ins) != SQLITE_DONE)
        return bh_db_fail(db, "weights");
    sqlite3_reset(q->info);
    sqlite3_bind_int64(q->info, 1, (sqlite3_int64)i);
    if (sqlite3_step(q->info) != SQLITE_ROW || sqlite3_column_type(q->info, 0) == SQLITE_NULL)
        return BH_OK;
    box->x0 = sqlite3_column_double(q->info, 0);
    box->y0 = sqlite3_column_double(q->info, 1);
    box->x1 = sqlite3_column_double(q->info, 2);
    box->y1 = sqlite3_column_double(q->info, 3);
    box->cx = sqlite3_column_double(q->info, 4);
    box->cy = sqlite3_column_double(q->info, 5);
    box->ok = 1;
    if (kind == BH_WEIGHTS_DISTANCE) { /* candidates: boxes around the centroids */
        box->x0 = box->cx - band / 2;
        box->x1 = box->cx + band / 2;
        box->y0 = box->cy - band / 2;
        box->y1 = box->cy + band / 2;
    }
    return BH_OK;
}

/* Sweeps the boxes sorted by x0 and keeps the neighbouring pairs. */
static bh_status boxes_pair(bh_ctx *ctx, const w_stmts *q, const w_box *box, size_t n,
                            bh_weights_kind kind, double band, w_pairs *p)
{
    double eps = 1e-9;
    for (size_t a = 0; a < n && box[a].ok; a++)
        for (size_t b = a + 1; b < n && box[b].ok && box[b].x0 <= box[a].x1 + eps; b++) {
            if (box[b].y0 > box[a].y1 + eps || box[b].y1 < box[a].y0 - eps)
                continue;
            int hit;
            if (kind == BH_WEIGHTS_DISTANCE) {
                hit = hypot(box[a].cx - box[b].cx, box[a].cy - box[b].cy) <= band;
            } else {
                sqlite3_reset(q->test);
                sqlite3_bind_int64(q->test, 1, (sqlite3_int64)box[a].i);
                sqlite3_bind_int64(q->test, 2, (sqlite3_int64)box[b].i);
                hit = sqlite3_step(q->test) == SQLITE_ROW && sqlite3_column_int(q->test, 0) == 1;
            }
            if (hit && pairs_add(p, box[a].i, box[b].i) != 0)
                return bh_error(ctx, BH_E_NOMEM, "out of memory");
        }
    return BH_OK;
}

bh_status bh_weights_from_wkb(bh_db *db, const unsigned char *const *wkb, const size_t *len,
                              size_t n, bh_weights_kind kind, double band, bh_weights **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *out = NULL;
    bh_status rc = bh_db_exec(db, "DROP TABLE IF EXISTS temp._bh_w;"
                                  "CREATE TEMP TABLE _bh_w (i INTEGER PRIMARY KEY, g BLOB)");
    if (rc != BH_OK)
        return rc;
    w_box *box = bh_calloc(n ? n : 1, sizeof *box);
    w_pairs p = {0};
    w_stmts q = {0};
    rc = box ? stmts_prepare(db, kind, &q) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < n; i++)
        rc = box_load(db, &q, i, wkb[i], len[i], kind, band, &box[i]);
    if (rc == BH_OK) {
        qsort(box, n, sizeof *box, box_cmp);
        rc = boxes_pair(ctx, &q, box, n, kind, band, &p);
    }
    sqlite3_finalize(q.ins);
    sqlite3_finalize(q.info);
    sqlite3_finalize(q.test);
    sqlite3_exec(bh_db_sqlite(db), "DROP TABLE IF EXISTS temp._bh_w", NULL, NULL, NULL);
    if (rc == BH_OK)
        rc = weights_build(ctx, n, &p, out);
    bh_free(p.v);
    bh_free(box);
    return rc;
}

void bh_weights_destroy(bh_weights *w)
{
    if (w == NULL)
        return;
    bh_free(w->off);
    bh_free(w->nb);
    bh_free(w);
}

size_t bh_weights_n(const bh_weights *w)
{
    return w->n;
}

size_t bh_weights_degree(const bh_weights *w, size_t i)
{
    return w->off[i + 1] - w->off[i];
}

const size_t *bh_weights_neighbors(const bh_weights *w, size_t i)
{
    return w->nb + w->off[i];
}

#include "render/mapraster.h"
#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "analysis/classify.h"
#include "core/strbuf.h"
#include "render/mapclass.h"
#include "render/page.h"

struct bh_mapraster {
    size_t cols, rows;
    double x0, y0, cell; /* world lower left of cell (0, 0) and the cell size */
    double *v;           /* rows × cols shown values, row 0 = south; NAN = no cell */
    double threshold;    /* effective, shown units */
    size_t drawn;        /* cells at or above the threshold (classified) */
    int k;
    double bounds[65];
    int from_ym, to_ym;
    int per_year;
};

typedef struct cell {
    double x, y, v;
} cell;

static int def_int(json_object *def, const char *key)
{
    json_object *v = NULL;
    return def && json_object_object_get_ex(def, key, &v) ? json_object_get_int(v) : 0;
}

/* Shown = stored × factor: per year over the definition's period. */
static bh_status raster_factor(bh_db *db, const bh_style_layer *L, bh_mapraster *r, double *factor)
{
    *factor = 1;
    if (!L->per_year)
        return BH_OK;
    int f = r->from_ym, t = r->to_ym;
    int months = (t / 100 * 12 + t % 100) - (f / 100 * 12 + f % 100) + 1;
    if (f <= 0 || t <= 0 || months < 1)
        return bh_error(bh_db_ctx(db), BH_E_STYLE,
                        "%s: per_year: the layers catalogue gives no period (from, to) for %s; "
                        "run `bohan crimes hotspots` again",
                        L->id, L->table);
    *factor = 12.0 / months;
    return BH_OK;
}

/* Reads every cell: lower left corner, size and value. */
static bh_status raster_read(bh_db *db, const bh_style_layer *L, cell **out, size_t *n,
                             double *size)
{
    char box[160];
    snprintf(box, sizeof box, bh_db_sql(db)->bounds, "geom", "geom", "geom", "geom");
    char *sql = bh_asprintf("SELECT %s, \"%s\" FROM \"%s\" WHERE geom IS NOT NULL%s%s%s", box,
                            L->value, L->table, L->where ? " AND (" : "", L->where ? L->where : "",
                            L->where ? ")" : "");
    bh_stmt *q = NULL;
    bh_status st = sql ? bh_stmt_prepare(db, sql, &q) : BH_E_NOMEM;
    bh_free(sql);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    *size = 0;
    int rc = BH_STEP_DONE;
    while (st == BH_OK && (rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        if (bh_stmt_column_type(q, 4) == BH_VAL_NULL)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 4096;
            cell *c = bh_realloc(*out, cap * sizeof *c);
            if (c == NULL) {
                st = BH_E_NOMEM;
                break;
            }
            *out = c;
        }
        double x0 = bh_stmt_column_double(q, 0);
        (*out)[*n] = (cell){x0, bh_stmt_column_double(q, 1), bh_stmt_column_double(q, 4)};
        if (*size <= 0)
            *size = bh_stmt_column_double(q, 2) - x0;
        (*n)++;
    }
    if (st == BH_OK && rc != BH_STEP_DONE)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
    if (st == BH_E_NOMEM)
        st = bh_error(bh_db_ctx(db), st, "out of memory reading %s", L->table);
    return st;
}

/* Places the cells on the grid and applies the factor and the threshold. */
static bh_status raster_grid(bh_ctx *ctx, bh_mapraster *r, const cell *c, size_t n, double size,
                             double factor, const bh_style_layer *L)
{
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY, vmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        minx = fmin(minx, c[i].x);
        miny = fmin(miny, c[i].y);
        maxx = fmax(maxx, c[i].x);
        maxy = fmax(maxy, c[i].y);
        vmax = fmax(vmax, c[i].v * factor);
    }
    r->cell = size;
    r->x0 = minx;
    r->y0 = miny;
    double fc = floor((maxx - minx) / size + 0.5) + 1, fr = floor((maxy - miny) / size + 0.5) + 1;
    if (!(fc * fr <= 16e6))
        return bh_error(ctx, BH_E_STYLE, "%s: %s is not a grid of square cells", L->id, L->table);
    r->cols = (size_t)fc;
    r->rows = (size_t)fr;
    r->v = bh_malloc(r->cols * r->rows * sizeof *r->v);
    if (r->v == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; i < r->cols * r->rows; i++)
        r->v[i] = NAN;
    r->threshold = fmax(L->threshold, L->threshold_share * vmax);
    for (size_t i = 0; i < n; i++) {
        size_t col = (size_t)floor((c[i].x - minx) / size + 0.5);
        size_t row = (size_t)floor((c[i].y - miny) / size + 0.5);
        double v = c[i].v * factor;
        if (col < r->cols && row < r->rows && isfinite(v)) {
            r->v[row * r->cols + col] = v;
            r->drawn += v >= r->threshold;
        }
    }
    return BH_OK;
}

static bh_status raster_classify(bh_ctx *ctx, bh_mapraster *r, const bh_style_layer *L)
{
    bh_classify_method m = BH_CLASSIFY_QUANTILE;
    bh_status st = bh_classify_parse_method(ctx, L->method, &m);
    int k = m == BH_CLASSIFY_MANUAL ? (int)L->n_breaks + 1 : L->n_classes_wanted;
    bh_classes *c = NULL;
    size_t n = 0;
    double *v = bh_malloc((r->drawn ? r->drawn : 1) * sizeof *v);
    if (v == NULL)
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; v && i < r->cols * r->rows; i++)
        if (r->v[i] >= r->threshold) /* false for NAN */
            v[n++] = r->v[i];
    if (st == BH_OK)
        st = bh_classify(ctx, m, v, n, k, L->breaks, L->n_breaks, &c);
    bh_free(v);
    if (st == BH_OK) {
        r->k = bh_classes_count(c);
        memcpy(r->bounds, bh_classes_bounds(c), (size_t)(r->k + 1) * sizeof *r->bounds);
    }
    bh_classes_destroy(c);
    return st;
}

bh_status bh_mapraster_load(bh_db *db, const bh_style_layer *L, json_object *def,
                            bh_mapraster **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *out = NULL;
    bh_mapraster *r = bh_calloc(1, sizeof *r);
    if (r == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    r->from_ym = def_int(def, "from");
    r->to_ym = def_int(def, "to");
    r->per_year = L->per_year;
    double factor = 1, size = 0;
    cell *c = NULL;
    size_t n = 0;
    bh_status st = raster_factor(db, L, r, &factor);
    if (st == BH_OK)
        st = raster_read(db, L, &c, &n, &size);
    if (st == BH_OK && n > 0 && !(size > 0))
        st = bh_error(ctx, BH_E_STYLE, "%s: %s: cells without size", L->id, L->table);
    if (st == BH_OK && n > 0)
        st = raster_grid(ctx, r, c, n, size, factor, L);
    if (st == BH_OK && r->drawn > 0)
        st = raster_classify(ctx, r, L);
    bh_free(c);
    if (st != BH_OK) {
        bh_mapraster_destroy(r);
        return st;
    }
    *out = r;
    return BH_OK;
}

void bh_mapraster_destroy(bh_mapraster *r)
{
    if (r == NULL)
        return;
    bh_free(r->v);
    bh_free(r);
}

size_t bh_mapraster_cells(const bh_mapraster *r)
{
    return r ? r->drawn : 0;
}

const double *bh_mapraster_bounds(const bh_mapraster *r, int *k)
{
    *k = r ? r->k : 0;
    return r ? r->bounds : NULL;
}

/* Class of a shown value (bounds convention of analysis/classify.h); -1 = transparent. */
static int raster_class(const bh_mapraster *r, double v)
{
    if (!(v >= r->threshold) || r->k < 1)
        return -1;
    int c = 0;
    while (c < r->k - 1 && v > r->bounds[c + 1])
        c++;
    return c;
}

/* The class's paint: one per class, or spread over the ramp (like render/mapclass.c). */
static const bh_style_paint *raster_paint(const bh_mapraster *r, const bh_style_layer *L, int c)
{
    size_t np = L->n_classes;
    size_t pi = (size_t)r->k == np || r->k <= 1
                    ? (size_t)c
                    : (size_t)lround((double)c * (double)(np - 1) / (r->k - 1));
    return &L->classes[pi < np ? pi : np - 1].paint;
}

/* The value at grid position (u, v) in cell-centre units: bilinear between the four nearest
 * cell centres (no cell: 0), clamped at the edges. */
static double raster_at(const bh_mapraster *r, double u, double v)
{
    u = fmin(fmax(u, 0), (double)r->cols - 1);
    v = fmin(fmax(v, 0), (double)r->rows - 1);
    size_t c0 = (size_t)u, r0 = (size_t)v;
    size_t c1 = c0 + 1 < r->cols ? c0 + 1 : c0, r1 = r0 + 1 < r->rows ? r0 + 1 : r0;
    double fu = u - (double)c0, fv = v - (double)r0;
    double a = r->v[r0 * r->cols + c0], b = r->v[r0 * r->cols + c1];
    double c = r->v[r1 * r->cols + c0], d = r->v[r1 * r->cols + c1];
    a = isnan(a) ? 0 : a;
    b = isnan(b) ? 0 : b;
    c = isnan(c) ? 0 : c;
    d = isnan(d) ? 0 : d;
    return (a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + d * fu) * fv;
}

/* Pixels per cell of the image: with "smooth" the values are interpolated bilinearly onto a
 * finer image before classing, so class edges follow the surface instead of the cells (at most
 * 16 million pixels); cairo's bilinear filter smooths the rest when it scales the image. */
static size_t raster_supersample(const bh_mapraster *r, const bh_style_layer *L)
{
    if (!L->smooth)
        return 1;
    double s = floor(sqrt(16e6 / (double)(r->cols * r->rows)));
    return s >= 8 ? 8 : s >= 1 ? (size_t)s : 1;
}

/* The image: premultiplied ARGB pixels, s × s per cell, north up. */
static cairo_surface_t *raster_image(const bh_mapraster *r, const bh_style_layer *L, size_t s)
{
    size_t w = r->cols * s, h = r->rows * s;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
        return img;
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    uint32_t px[64];
    for (int c = 0; c < r->k && c < 64; c++) {
        const bh_rgba *f = &raster_paint(r, L, c)->fill;
        double a = f->set ? f->a : 0;
        px[c] = (uint32_t)lround(a * 255) << 24 | (uint32_t)lround(f->r * a * 255) << 16 |
                (uint32_t)lround(f->g * a * 255) << 8 | (uint32_t)lround(f->b * a * 255);
    }
    for (size_t y = 0; y < h; y++) {
        uint32_t *line = (uint32_t *)(void *)(data + (size_t)stride * (h - 1 - y));
        double v = ((double)y + 0.5) / (double)s - 0.5;
        for (size_t x = 0; x < w; x++) {
            double u = ((double)x + 0.5) / (double)s - 0.5;
            int c = raster_class(r, s == 1 ? r->v[y * r->cols + x] : raster_at(r, u, v));
            line[x] = c >= 0 && c < 64 ? px[c] : 0;
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

/* Clips to the polygons of table (when it exists). */
static bh_status raster_clip(bh_db *db, const char *table, bh_mapview *mv, cairo_t *cr)
{
    if (table == NULL || !bh_db_has_table(db, table))
        return BH_OK;
    char wkb[64];
    snprintf(wkb, sizeof wkb, bh_db_sql(db)->geom_out, "geom");
    char *sql = bh_asprintf("SELECT %s FROM \"%s\" WHERE geom IS NOT NULL", wkb, table);
    bh_stmt *q = NULL;
    bh_status st = sql ? bh_stmt_prepare(db, sql, &q) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "oom");
    bh_free(sql);
    if (st != BH_OK)
        return st;
    cairo_new_path(cr);
    long total = 0;
    int rc;
    while ((rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        size_t len;
        const unsigned char *w = bh_stmt_column_blob(q, 0, &len);
        long n = bh_mapview_path_wkb(mv, cr, w, len);
        if (n < 0) {
            st = bh_ctx_status(bh_db_ctx(db));
            break;
        }
        total += n;
    }
    if (st == BH_OK && rc != BH_STEP_DONE)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
    if (st == BH_OK && total > 0) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_clip(cr);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    }
    cairo_new_path(cr);
    return st;
}

bh_status bh_mapraster_draw(bh_db *db, const bh_mapraster *r, const bh_style_layer *L,
                            bh_mapview *mv, cairo_t *cr)
{
    if (r == NULL || r->drawn == 0 || r->k < 1)
        return BH_OK;
    cairo_save(cr);
    bh_status st = raster_clip(db, L->clip, mv, cr);
    size_t s = raster_supersample(r, L);
    cairo_surface_t *img = st == BH_OK ? raster_image(r, L, s) : NULL;
    if (img && cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "%s: cannot make the image: %s", L->id,
                      cairo_status_to_string(cairo_surface_status(img)));
    if (st == BH_OK) {
        double px0, py0, px1, py1;
        bh_mapview_to_page(mv, r->x0, r->y0 + (double)r->rows * r->cell, &px0, &py0);
        bh_mapview_to_page(mv, r->x0 + (double)r->cols * r->cell, r->y0, &px1, &py1);
        cairo_translate(cr, px0, py0);
        double w = (double)(r->cols * s), h = (double)(r->rows * s);
        cairo_scale(cr, (px1 - px0) / w, (py1 - py0) / h);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr),
                                 L->smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST);
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_clip(cr);
        cairo_paint_with_alpha(cr, L->opacity);
    }
    cairo_surface_destroy(img);
    cairo_restore(cr);
    return st;
}

static void raster_number(const bh_style_layer *L, double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.*f", L->decimals, v);
}

bh_status bh_mapraster_legend(const bh_mapraster *r, const bh_style_layer *L, const char *title,
                              bh_legend *lg)
{
    if (r == NULL || r->drawn == 0 || r->k < 1)
        return BH_OK;
    bh_status st = bh_legend_add(lg, BH_LEGEND_HEADING, title, NULL, NULL);
    for (int c = r->k - 1; c >= 0 && st == BH_OK; c--) {
        char lo[48], hi[48];
        raster_number(L, r->bounds[c], lo, sizeof lo);
        raster_number(L, r->bounds[c + 1], hi, sizeof hi);
        size_t np = L->n_classes;
        size_t pi = (size_t)r->k == np ? (size_t)c : np; /* own label only when 1:1 */
        const char *t = pi < np && L->classes[pi].label ? L->classes[pi].label : "{lo}〜{hi}";
        char *text = bh_mapclass_template(t, lo, hi);
        st = text ? bh_legend_add(lg, BH_LEGEND_FILL, text, raster_paint(r, L, c), NULL)
                  : BH_E_NOMEM;
        bh_free(text);
    }
    char thr[48], period[128] = "";
    raster_number(L, r->threshold, thr, sizeof thr);
    bh_page_wareki_period(r->from_ym, r->to_ym, period, sizeof period);
    char *note = r->per_year && *period ? bh_asprintf("%sの年平均。%s未満は無色", period, thr)
                                        : bh_asprintf("%s未満は無色", thr);
    if (st == BH_OK)
        st = note ? bh_legend_add(lg, BH_LEGEND_NOTE, note, NULL, NULL) : BH_E_NOMEM;
    bh_free(note);
    return st;
}

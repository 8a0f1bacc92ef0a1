/* Paint batching: paths pooled once, one group per distinct paint holding the indexes of its
 * paths, drawn group by group in first-use order. */
#include "render/batch.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "render/page.h"

/* The paths of one paint (fill, hatch and stroke alike), in the order they were added. */
typedef struct group {
    bh_style_paint paint;
    size_t *paths;
    size_t n, cap;
} group;

typedef struct span {
    size_t off, n; /* in data */
} span;

struct bh_batch {
    cairo_path_data_t *data;
    size_t n_data, cap_data;
    span *spans;
    size_t n_spans, cap_spans;
    group *groups;
    size_t n_groups, cap_groups;
    size_t n_ops;
};

bh_status bh_batch_create(bh_batch **out)
{
    *out = bh_calloc(1, sizeof **out);
    return *out ? BH_OK : BH_E_NOMEM;
}

static void batch_clear(bh_batch *b)
{
    for (size_t i = 0; i < b->n_groups; i++)
        bh_free(b->groups[i].paths);
    b->n_groups = 0;
    b->n_spans = 0;
    b->n_data = 0;
}

void bh_batch_destroy(bh_batch *b)
{
    if (b == NULL)
        return;
    batch_clear(b);
    bh_free(b->groups);
    bh_free(b->spans);
    bh_free(b->data);
    bh_free(b);
}

static int rgba_eq(const bh_rgba *a, const bh_rgba *b)
{
    return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

static int paint_fills(const bh_style_paint *p)
{
    return p->fill.set;
}

static int paint_hatches(const bh_style_paint *p)
{
    return p->hatch != BH_HATCH_NONE && p->hatch_color.set;
}

static int paint_strokes(const bh_style_paint *p)
{
    return p->stroke.set && p->stroke_width_mm > 0;
}

/* 1 when a and b paint alike (fields that draw nothing are not compared). */
static int paint_eq(const bh_style_paint *a, const bh_style_paint *b)
{
    if (paint_fills(a) != paint_fills(b) || paint_hatches(a) != paint_hatches(b) ||
        paint_strokes(a) != paint_strokes(b))
        return 0;
    if (paint_fills(a) && !rgba_eq(&a->fill, &b->fill))
        return 0;
    if (paint_hatches(a) &&
        (a->hatch != b->hatch || !rgba_eq(&a->hatch_color, &b->hatch_color) ||
         a->hatch_spacing_mm != b->hatch_spacing_mm || a->hatch_width_mm != b->hatch_width_mm))
        return 0;
    if (paint_strokes(a) && (!rgba_eq(&a->stroke, &b->stroke) ||
                             a->stroke_width_mm != b->stroke_width_mm || a->dash_mm != b->dash_mm))
        return 0;
    return 1;
}

/* Adds path index ip to the group of paint p (made on first use). */
static bh_status group_add(bh_batch *b, const bh_style_paint *p, size_t ip)
{
    group *g = NULL;
    for (size_t i = 0; i < b->n_groups && g == NULL; i++)
        if (paint_eq(&b->groups[i].paint, p))
            g = &b->groups[i];
    if (g == NULL) {
        if (bh_array_grow((void **)&b->groups, &b->cap_groups, b->n_groups + 1, sizeof *b->groups,
                          16))
            return BH_E_NOMEM;
        g = &b->groups[b->n_groups++];
        memset(g, 0, sizeof *g);
        g->paint = *p;
    }
    if (bh_array_grow((void **)&g->paths, &g->cap, g->n + 1, sizeof *g->paths, 16))
        return BH_E_NOMEM;
    g->paths[g->n++] = ip;
    return BH_OK;
}

/* Queues the path data d[0..n) with paint p. */
static bh_status batch_add(bh_batch *b, const cairo_path_data_t *d, size_t n,
                           const bh_style_paint *p)
{
    if (n == 0 || !(paint_fills(p) || paint_hatches(p) || paint_strokes(p)))
        return BH_OK;
    if (bh_array_grow((void **)&b->data, &b->cap_data, b->n_data + n, sizeof *b->data, 16) ||
        bh_array_grow((void **)&b->spans, &b->cap_spans, b->n_spans + 1, sizeof *b->spans, 16))
        return BH_E_NOMEM;
    memcpy(b->data + b->n_data, d, n * sizeof *d);
    size_t ip = b->n_spans;
    b->spans[b->n_spans++] = (span){b->n_data, n};
    b->n_data += n;
    return group_add(b, p, ip);
}

bh_status bh_batch_add_path(bh_batch *b, cairo_t *cr, const bh_style_paint *p)
{
    cairo_path_t *path = cairo_copy_path(cr);
    cairo_new_path(cr);
    if (path->status != CAIRO_STATUS_SUCCESS) {
        cairo_path_destroy(path);
        return BH_E_NOMEM;
    }
    bh_status st = batch_add(b, path->data, (size_t)path->num_data, p);
    cairo_path_destroy(path);
    return st;
}

/* Path data element helpers. */
static void put_header(cairo_path_data_t *d, cairo_path_data_type_t t, int len)
{
    d->header.type = t;
    d->header.length = len;
}

static void put_point(cairo_path_data_t *d, double x, double y)
{
    d->point.x = x;
    d->point.y = y;
}

bh_status bh_batch_add_rect(bh_batch *b, const bh_rgba *c, double x, double y, double w, double h)
{
    cairo_path_data_t d[9];
    double px[4] = {x, x + w, x + w, x}, py[4] = {y, y, y + h, y + h};
    for (int i = 0; i < 4; i++) {
        put_header(&d[2 * i], i == 0 ? CAIRO_PATH_MOVE_TO : CAIRO_PATH_LINE_TO, 2);
        put_point(&d[2 * i + 1], px[i], py[i]);
    }
    put_header(&d[8], CAIRO_PATH_CLOSE_PATH, 1);
    bh_style_paint p = {0};
    p.fill = *c;
    return batch_add(b, d, 9, &p);
}

bh_status bh_batch_add_line(bh_batch *b, const bh_rgba *c, double width_mm, double x0, double y0,
                            double x1, double y1)
{
    cairo_path_data_t d[4];
    put_header(&d[0], CAIRO_PATH_MOVE_TO, 2);
    put_point(&d[1], x0, y0);
    put_header(&d[2], CAIRO_PATH_LINE_TO, 2);
    put_point(&d[3], x1, y1);
    bh_style_paint p = {0};
    p.stroke = *c;
    p.stroke_width_mm = width_mm;
    return batch_add(b, d, 4, &p);
}

static void append_span(bh_batch *b, cairo_t *cr, size_t ip)
{
    cairo_path_t path = {CAIRO_STATUS_SUCCESS, b->data + b->spans[ip].off, (int)b->spans[ip].n};
    cairo_append_path(cr, &path);
}

static void append_group(bh_batch *b, cairo_t *cr, const group *g)
{
    cairo_new_path(cr);
    for (size_t i = 0; i < g->n; i++)
        append_span(b, cr, g->paths[i]);
}

static void set_stroke(cairo_t *cr, const bh_style_paint *p)
{
    bh_page_set_color(cr, &p->stroke);
    cairo_set_line_width(cr, p->stroke_width_mm);
    if (p->dash_mm > 0) {
        double d[2] = {p->dash_mm, p->dash_mm * 0.6};
        cairo_set_dash(cr, d, 2, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

/* One group: fill, hatch clipped to the paths, stroke. An opaque stroke right after the fill of
 * the same path is one PDF operation (cairo merges them into fill-and-stroke) and writes the
 * path once; translucent strokes go path by path (a shared edge stroked twice stays darker). */
static void draw_group(bh_batch *b, cairo_t *cr, const group *g)
{
    const bh_style_paint *p = &g->paint;
    append_group(b, cr, g);
    if (paint_fills(p)) {
        bh_page_set_color(cr, &p->fill);
        cairo_fill_preserve(cr);
        b->n_ops++;
    }
    if (paint_hatches(p)) {
        cairo_save(cr);
        cairo_clip(cr);
        bh_page_hatch(cr, p);
        cairo_restore(cr); /* the clip goes; the path (not part of the state) is rebuilt */
        append_group(b, cr, g);
        b->n_ops++;
    }
    if (paint_strokes(p)) {
        set_stroke(cr, p);
        if (p->stroke.a >= 1) {
            cairo_stroke(cr);
            b->n_ops++;
        } else {
            for (size_t k = 0; k < g->n; k++) {
                cairo_new_path(cr);
                append_span(b, cr, g->paths[k]);
                cairo_stroke(cr);
                b->n_ops++;
            }
        }
    }
    cairo_new_path(cr);
}

void bh_batch_draw(bh_batch *b, cairo_t *cr)
{
    b->n_ops = 0;
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    /* Groups that fill first (first-use order), then the outline-only ones (lines such as
     * chart baselines stay above every fill, whichever colour came first). */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < b->n_groups; i++) {
            const bh_style_paint *p = &b->groups[i].paint;
            if ((paint_fills(p) || paint_hatches(p)) == (pass == 0))
                draw_group(b, cr, &b->groups[i]);
        }
    cairo_restore(cr);
    batch_clear(b);
}

size_t bh_batch_n_paths(const bh_batch *b)
{
    return b->n_spans;
}

size_t bh_batch_n_ops(const bh_batch *b)
{
    return b->n_ops;
}

int bh_batch_paint_overlap_safe(const bh_style_paint *p)
{
    return !paint_fills(p) && !paint_hatches(p) && (!paint_strokes(p) || p->stroke.a >= 1);
}

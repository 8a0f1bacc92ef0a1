/* Bar charts: n bars on a shared or own scale, optional value labels, baseline. */
#include "render/chart.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Height of the band above the bars kept for value labels, as a fraction of the box. */
#define LABEL_BAND 0.22

double bh_bar_chart_max(const double *values, size_t n)
{
    double m = 0;
    for (size_t i = 0; values && i < n; i++)
        if (isfinite(values[i]) && values[i] > m)
            m = values[i];
    return m;
}

static double bar_value(const bh_bar_chart *c, size_t i)
{
    double v = c->values ? c->values[i] : 0;
    return (isfinite(v) && v > 0) ? v : 0;
}

int bh_bar_chart_bar_rect(const bh_bar_chart *c, double x, double y, double w, double h, size_t i,
                          double rect[4])
{
    if (!c || i >= c->n || c->n == 0)
        return 0;
    double max = c->max > 0 ? c->max : bh_bar_chart_max(c->values, c->n);
    double top = y + (c->value_labels ? h * LABEL_BAND : 0);
    double base = y + h;
    double slot = w / (double)c->n;
    double gap = c->gap_frac;
    if (!(gap >= 0))
        gap = 0;
    if (gap > 0.9)
        gap = 0.9;
    double bw = slot * (1 - gap);
    double bx = x + slot * (double)i + (slot - bw) / 2;
    double v = bar_value(c, i);
    double frac = max > 0 ? v / max : 0;
    if (frac > 1)
        frac = 1; /* a value above a shared max is clipped to the box */
    double bh = (base - top) * frac;
    rect[0] = bx;
    rect[1] = base - bh;
    rect[2] = bx + bw;
    rect[3] = base;
    return 1;
}

void bh_bar_chart_draw(cairo_t *cr, const bh_bar_chart *c, double x, double y, double w, double h)
{
    if (!c || c->n == 0 || w <= 0 || h <= 0)
        return;
    cairo_save(cr);
    cairo_new_path(cr);
    if (c->background_rgba[3] > 0) {
        cairo_set_source_rgba(cr, c->background_rgba[0], c->background_rgba[1],
                              c->background_rgba[2], c->background_rgba[3]);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill(cr);
    }
    bh_text_style def = bh_text_style_default(5);
    def.halo_mm = 0.3;
    const bh_text_style *ls = c->label_style ? c->label_style : &def;
    for (size_t i = 0; i < c->n; i++) {
        double r[4];
        bh_bar_chart_bar_rect(c, x, y, w, h, i, r);
        unsigned col = c->colors ? c->colors[i] : 0x808080u;
        if (r[3] > r[1]) {
            cairo_set_source_rgb(cr, ((col >> 16) & 0xff) / 255.0, ((col >> 8) & 0xff) / 255.0,
                                 (col & 0xff) / 255.0);
            cairo_rectangle(cr, r[0], r[1], r[2] - r[0], r[3] - r[1]);
            cairo_fill(cr);
        }
        if (c->value_labels) {
            char buf[32];
            double v = bar_value(c, i);
            if (v == floor(v) && v < 1e15)
                snprintf(buf, sizeof buf, "%.0f", v);
            else
                snprintf(buf, sizeof buf, "%.1f", v);
            bh_text_draw(cr, ls, buf, (r[0] + r[2]) / 2, r[1] - 0.2, BH_ANCHOR_S);
        }
    }
    if (c->baseline_mm > 0) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, c->baseline_mm);
        cairo_move_to(cr, x, y + h);
        cairo_line_to(cr, x + w, y + h);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static bh_rgba chart_rgb(unsigned col)
{
    return (bh_rgba){((col >> 16) & 0xff) / 255.0, ((col >> 8) & 0xff) / 255.0,
                     (col & 0xff) / 255.0, 1, 1};
}

bh_status bh_bar_chart_batch(bh_batch *b, const bh_bar_chart *c, double x, double y, double w,
                             double h)
{
    if (!c || c->n == 0 || w <= 0 || h <= 0)
        return BH_OK;
    if (c->value_labels)
        return BH_E_ARG;
    bh_status st = BH_OK;
    if (c->background_rgba[3] > 0) {
        bh_rgba bg = {c->background_rgba[0], c->background_rgba[1], c->background_rgba[2],
                      c->background_rgba[3], 1};
        st = bh_batch_add_rect(b, &bg, x, y, w, h);
    }
    for (size_t i = 0; st == BH_OK && i < c->n; i++) {
        double r[4];
        bh_bar_chart_bar_rect(c, x, y, w, h, i, r);
        bh_rgba col = chart_rgb(c->colors ? c->colors[i] : 0x808080u);
        if (r[3] > r[1])
            st = bh_batch_add_rect(b, &col, r[0], r[1], r[2] - r[0], r[3] - r[1]);
    }
    if (st == BH_OK && c->baseline_mm > 0) {
        bh_rgba black = {0, 0, 0, 1, 1};
        st = bh_batch_add_line(b, &black, c->baseline_mm, x, y + h, x + w, y + h);
    }
    return st;
}

struct bh_chart_batch {
    double (*boxes)[4]; /* x0 y0 x1 y1 of every queued chart */
    size_t *levels;
    size_t n, cap;
    bh_batch **batches; /* one per level */
    size_t n_levels;
};

bh_status bh_chart_batch_create(bh_chart_batch **out)
{
    *out = bh_calloc(1, sizeof **out);
    return *out ? BH_OK : BH_E_NOMEM;
}

void bh_chart_batch_destroy(bh_chart_batch *cb)
{
    if (cb == NULL)
        return;
    for (size_t i = 0; i < cb->n_levels; i++)
        bh_batch_destroy(cb->batches[i]);
    bh_free(cb->batches);
    bh_free(cb->boxes);
    bh_free(cb->levels);
    bh_free(cb);
}

bh_status bh_chart_batch_add(bh_chart_batch *cb, const bh_bar_chart *c, double x, double y,
                             double w, double h)
{
    if (!c || c->n == 0 || w <= 0 || h <= 0)
        return BH_OK;
    if (cb->n == cb->cap) {
        size_t nc = cb->cap ? cb->cap * 2 : 64;
        double(*boxes)[4] = bh_realloc(cb->boxes, nc * sizeof *boxes);
        if (boxes)
            cb->boxes = boxes;
        size_t *levels = bh_realloc(cb->levels, nc * sizeof *levels);
        if (levels)
            cb->levels = levels;
        if (!boxes || !levels)
            return BH_E_NOMEM;
        cb->cap = nc;
    }
    double box[4] = {x, y, x + w, y + h};
    size_t level = 0;
    for (size_t i = 0; i < cb->n; i++) {
        const double *o = cb->boxes[i];
        if (o[0] < box[2] && box[0] < o[2] && o[1] < box[3] && box[1] < o[3] &&
            cb->levels[i] + 1 > level)
            level = cb->levels[i] + 1;
    }
    if (level >= cb->n_levels) {
        bh_batch **v = bh_realloc(cb->batches, (level + 1) * sizeof *v);
        if (v == NULL)
            return BH_E_NOMEM;
        cb->batches = v;
        for (; cb->n_levels <= level; cb->n_levels++)
            if (bh_batch_create(&cb->batches[cb->n_levels]) != BH_OK)
                return BH_E_NOMEM;
    }
    bh_status st = bh_bar_chart_batch(cb->batches[level], c, x, y, w, h);
    if (st != BH_OK)
        return st;
    memcpy(cb->boxes[cb->n], box, sizeof box);
    cb->levels[cb->n++] = level;
    return BH_OK;
}

size_t bh_chart_batch_draw(bh_chart_batch *cb, cairo_t *cr)
{
    size_t n = cb->n_levels;
    for (size_t i = 0; i < cb->n_levels; i++)
        bh_batch_draw(cb->batches[i], cr);
    cb->n = 0;
    return n;
}

#include "render/legend.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include "core/strbuf.h"
#include "render/page.h"

#define PAD 2.0     /* mm inside the box */
#define KEY_W 6.0   /* mm: width of a key (box, line, symbol) */
#define KEY_GAP 2.0 /* mm between key and text */
#define ROW_GAP 0.8 /* mm between rows */

typedef struct entry {
    bh_legend_kind kind;
    char *text;
    bh_style_paint paint;
    bh_style_symbol symbol;
} entry;

struct bh_legend {
    char *title;
    bh_text_style ts;
    entry *e;
    size_t n, cap;
};

bh_status bh_legend_create(const char *title, const bh_text_style *ts, bh_legend **out)
{
    *out = NULL;
    bh_legend *lg = bh_calloc(1, sizeof *lg);
    if (lg == NULL)
        return BH_E_NOMEM;
    lg->ts = *ts;
    if (title && (lg->title = bh_strdup(title)) == NULL) {
        bh_free(lg);
        return BH_E_NOMEM;
    }
    *out = lg;
    return BH_OK;
}

void bh_legend_destroy(bh_legend *lg)
{
    if (lg == NULL)
        return;
    for (size_t i = 0; i < lg->n; i++)
        bh_free(lg->e[i].text);
    bh_free(lg->e);
    bh_free(lg->title);
    bh_free(lg);
}

bh_status bh_legend_add(bh_legend *lg, bh_legend_kind kind, const char *text,
                        const bh_style_paint *paint, const bh_style_symbol *symbol)
{
    if (lg->n == lg->cap) {
        size_t cap = lg->cap ? lg->cap * 2 : 16;
        entry *e = bh_realloc(lg->e, cap * sizeof *e);
        if (e == NULL)
            return BH_E_NOMEM;
        lg->e = e;
        lg->cap = cap;
    }
    entry *e = &lg->e[lg->n];
    *e = (entry){0};
    e->kind = kind;
    if ((e->text = bh_strdup(text ? text : "")) == NULL)
        return BH_E_NOMEM;
    if (paint)
        e->paint = *paint;
    if (symbol)
        e->symbol = *symbol;
    lg->n++;
    return BH_OK;
}

size_t bh_legend_count(const bh_legend *lg)
{
    return lg->n;
}

const char *bh_legend_text(const bh_legend *lg, size_t i)
{
    return i < lg->n ? lg->e[i].text : NULL;
}

static bh_text_style legend_style(const bh_legend *lg, int bold, double scale)
{
    bh_text_style st = lg->ts;
    st.bold = bold;
    st.size_pt = (st.size_pt > 0 ? st.size_pt : 8) * scale;
    st.halo_mm = 0;
    return st;
}

static int has_key(bh_legend_kind k)
{
    return k == BH_LEGEND_FILL || k == BH_LEGEND_LINE || k == BH_LEGEND_SYMBOL;
}

/* Row height of entry e and its text width. */
static void legend_row(bh_legend *lg, cairo_t *cr, const entry *e, double *w, double *h)
{
    bh_text_style st = legend_style(lg, e->kind == BH_LEGEND_HEADING, 1);
    double tw, th;
    bh_text_measure(cr, &st, e->text, &tw, &th);
    if (has_key(e->kind)) {
        *w = KEY_W + KEY_GAP + tw;
        *h = fmax(th, 3.5);
    } else {
        *w = tw;
        *h = th;
    }
}

void bh_legend_size(bh_legend *lg, cairo_t *cr, double *w, double *h)
{
    double mw = 0, th = 0;
    if (lg->title) {
        bh_text_style st = legend_style(lg, 1, 1.15);
        bh_text_measure(cr, &st, lg->title, &mw, &th);
        th += ROW_GAP * 2;
    }
    double sum = th;
    for (size_t i = 0; i < lg->n; i++) {
        double rw, rh;
        legend_row(lg, cr, &lg->e[i], &rw, &rh);
        mw = fmax(mw, rw);
        sum += rh + ROW_GAP;
    }
    *w = mw + 2 * PAD;
    *h = sum + 2 * PAD - (lg->n ? ROW_GAP : 0);
}

void bh_legend_draw(bh_legend *lg, cairo_t *cr, double x, double y)
{
    double w, h;
    bh_legend_size(lg, cr, &w, &h);
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
    double cy = y + PAD;
    if (lg->title) {
        bh_text_style st = legend_style(lg, 1, 1.15);
        double tw, th;
        bh_text_measure(cr, &st, lg->title, &tw, &th);
        bh_text_draw(cr, &st, lg->title, x + PAD, cy, BH_ANCHOR_NW);
        cy += th + ROW_GAP * 2;
    }
    for (size_t i = 0; i < lg->n; i++) {
        entry *e = &lg->e[i];
        double rw, rh;
        legend_row(lg, cr, e, &rw, &rh);
        double kx = x + PAD, my = cy + rh / 2;
        switch (e->kind) {
        case BH_LEGEND_FILL:
            cairo_rectangle(cr, kx, my - 1.6, KEY_W, 3.2);
            bh_page_paint_path(cr, &e->paint);
            break;
        case BH_LEGEND_LINE: {
            bh_style_paint p = e->paint;
            p.fill.set = 0;
            p.hatch = BH_HATCH_NONE;
            cairo_move_to(cr, kx, my);
            cairo_line_to(cr, kx + KEY_W, my);
            bh_page_paint_path(cr, &p);
            break;
        }
        case BH_LEGEND_SYMBOL:
            bh_page_symbol(cr, &e->symbol, kx + KEY_W / 2, my);
            break;
        default:
            break;
        }
        bh_text_style st = legend_style(lg, e->kind == BH_LEGEND_HEADING, 1);
        double tx = has_key(e->kind) ? kx + KEY_W + KEY_GAP : kx;
        bh_text_draw(cr, &st, e->text, tx, my, BH_ANCHOR_W);
        cy += rh + ROW_GAP;
    }
    cairo_restore(cr);
}

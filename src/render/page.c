#include "render/page.h"

#include <math.h>
#include <stdio.h>
#include <strings.h>
#include "core/strbuf.h"

bh_status bh_page_paper_size(bh_ctx *ctx, const char *name, double *w_mm, double *h_mm)
{
    static const struct {
        const char *name;
        double w, h;
    } papers[] = {{"A4", 210, 297}, {"A3", 297, 420}, {"B4", 257, 364}, {"B3", 364, 515}};
    for (size_t i = 0; name && i < sizeof papers / sizeof *papers; i++) {
        if (strcasecmp(name, papers[i].name) == 0) {
            *w_mm = papers[i].w;
            *h_mm = papers[i].h;
            return BH_OK;
        }
    }
    return bh_error(ctx, BH_E_ARG, "paper '%s': expected A4, A3, B4 or B3 (JIS)", name ? name : "");
}

/* Era and year within it for a date (eras start 1989-01-08 平成, 2019-05-01 令和). */
static const char *page_era(int y, int m, int d, int *ey)
{
    if (y > 2019 || (y == 2019 && m >= 5)) {
        *ey = y - 2018;
        return "令和";
    }
    if (y > 1989 || (y == 1989 && (m > 1 || d >= 8))) {
        *ey = y - 1988;
        return "平成";
    }
    *ey = y - 1925;
    return "昭和";
}

static void page_year(char *buf, size_t size, const char *era, int ey)
{
    if (ey == 1)
        snprintf(buf, size, "%s元年", era);
    else
        snprintf(buf, size, "%s%d年", era, ey);
}

void bh_page_wareki_ym(int ym, char *buf, size_t size)
{
    int y = ym / 100, m = ym % 100;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (m < 1 || m > 12 || y < 1926)
        return;
    int ey;
    /* A month counts in the era of its first day except May 2019 (令和 starts on the 1st). */
    const char *era = page_era(y, m, 1, &ey);
    char yb[32];
    page_year(yb, sizeof yb, era, ey);
    snprintf(buf, size, "%s%d月", yb, m);
}

void bh_page_wareki_date(int y, int m, int d, char *buf, size_t size)
{
    if (size == 0)
        return;
    int ey;
    const char *era = page_era(y, m, d, &ey);
    char yb[32];
    page_year(yb, sizeof yb, era, ey);
    snprintf(buf, size, "%s%d月%d日", yb, m, d);
}

void bh_page_wareki_period(int from_ym, int to_ym, char *buf, size_t size)
{
    char a[48], b[48];
    if (size == 0)
        return;
    buf[0] = '\0';
    if (from_ym <= 0)
        return;
    bh_page_wareki_ym(from_ym, a, sizeof a);
    if (to_ym <= 0 || to_ym == from_ym) {
        snprintf(buf, size, "%s", a);
        return;
    }
    bh_page_wareki_ym(to_ym, b, sizeof b);
    snprintf(buf, size, "%s〜%s", a, b);
}

void bh_page_set_color(cairo_t *cr, const bh_rgba *c)
{
    if (c->a >= 1)
        cairo_set_source_rgb(cr, c->r, c->g, c->b);
    else
        cairo_set_source_rgba(cr, c->r, c->g, c->b, c->a);
}

void bh_page_hatch(cairo_t *cr, const bh_style_paint *p)
{
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    double sp = p->hatch_spacing_mm;
    bh_page_set_color(cr, &p->hatch_color);
    cairo_set_line_width(cr, p->hatch_width_mm);
    cairo_set_dash(cr, NULL, 0, 0);
    /* Lines are laid on a grid anchored at the page origin so neighbouring areas line up. */
    if (p->hatch == BH_HATCH_DOTS) {
        for (double y = floor(y0 / sp) * sp; y <= y1 + sp; y += sp)
            for (double x = floor(x0 / sp) * sp; x <= x1 + sp; x += sp) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, x, y, p->hatch_width_mm * 1.5, 0, 2 * M_PI);
            }
        cairo_fill(cr);
        return;
    }
    int diag = p->hatch == BH_HATCH_DIAGONAL || p->hatch == BH_HATCH_CROSS;
    int back = p->hatch == BH_HATCH_BACK_DIAGONAL || p->hatch == BH_HATCH_CROSS;
    if (diag) /* lines x + y = c */
        for (double c = floor((x0 + y0) / sp) * sp; c <= x1 + y1 + sp; c += sp) {
            cairo_move_to(cr, c - y0, y0);
            cairo_line_to(cr, c - y1, y1);
        }
    if (back) /* lines x - y = c */
        for (double c = floor((x0 - y1) / sp) * sp; c <= x1 - y0 + sp; c += sp) {
            cairo_move_to(cr, c + y0, y0);
            cairo_line_to(cr, c + y1, y1);
        }
    if (p->hatch == BH_HATCH_HORIZONTAL)
        for (double y = floor(y0 / sp) * sp; y <= y1 + sp; y += sp) {
            cairo_move_to(cr, x0, y);
            cairo_line_to(cr, x1, y);
        }
    if (p->hatch == BH_HATCH_VERTICAL)
        for (double x = floor(x0 / sp) * sp; x <= x1 + sp; x += sp) {
            cairo_move_to(cr, x, y0);
            cairo_line_to(cr, x, y1);
        }
    cairo_stroke(cr);
}

void bh_page_paint_path(cairo_t *cr, const bh_style_paint *p)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (p->fill.set) {
        bh_page_set_color(cr, &p->fill);
        cairo_fill_preserve(cr);
    }
    if (p->hatch != BH_HATCH_NONE && p->hatch_color.set) {
        cairo_path_t *path = cairo_copy_path(cr);
        cairo_save(cr);
        cairo_clip(cr);
        bh_page_hatch(cr, p);
        cairo_restore(cr);
        cairo_new_path(cr);
        cairo_append_path(cr, path);
        cairo_path_destroy(path);
    }
    if (p->stroke.set && p->stroke_width_mm > 0) {
        bh_page_set_color(cr, &p->stroke);
        cairo_set_line_width(cr, p->stroke_width_mm);
        if (p->dash_mm > 0) {
            double d[2] = {p->dash_mm, p->dash_mm * 0.6};
            cairo_set_dash(cr, d, 2, 0);
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_new_path(cr);
}

void bh_page_symbol(cairo_t *cr, const bh_style_symbol *s, double x, double y)
{
    double r = s->size_mm / 2;
    cairo_new_path(cr);
    switch (s->shape) {
    case BH_SYMBOL_NONE:
        return;
    case BH_SYMBOL_CIRCLE:
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    case BH_SYMBOL_SQUARE:
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
        break;
    case BH_SYMBOL_TRIANGLE:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.866, y + r * 0.5);
        cairo_line_to(cr, x - r * 0.866, y + r * 0.5);
        cairo_close_path(cr);
        break;
    case BH_SYMBOL_DIAMOND:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
        break;
    case BH_SYMBOL_CROSS:
        cairo_move_to(cr, x - r, y);
        cairo_line_to(cr, x + r, y);
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x, y + r);
        bh_page_set_color(cr, s->fill.set ? &s->fill : &s->stroke);
        cairo_set_line_width(cr, fmax(s->stroke_width_mm, r / 3));
        cairo_stroke(cr);
        return;
    }
    if (s->fill.set) {
        bh_page_set_color(cr, &s->fill);
        cairo_fill_preserve(cr);
    }
    if (s->stroke.set && s->stroke_width_mm > 0) {
        bh_page_set_color(cr, &s->stroke);
        cairo_set_line_width(cr, s->stroke_width_mm);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

char *bh_page_partial_note(const char *types)
{
    return bh_asprintf("%sは年間値のため、この期間の件数・危険度には含みません", types);
}

#include "render/scalebar.h"

#include <math.h>
#include <stdio.h>

#define BAR_H 1.6 /* mm */
#define PAD 1.5   /* mm around the bar and its labels */

double bh_scalebar_length_m(double mm_per_m, double max_mm)
{
    if (!(mm_per_m > 0 && max_mm > 0))
        return 0;
    double max_m = max_mm / mm_per_m;
    double p = pow(10, floor(log10(max_m)));
    static const double steps[] = {5, 2, 1};
    for (int i = 0; i < 3; i++)
        if (steps[i] * p <= max_m * (1 + 1e-9))
            return steps[i] * p;
    return p / 2; /* unreachable: 1 × 10^floor(log10(x)) <= x */
}

void bh_scalebar_format(double m, char *buf, size_t size)
{
    if (m >= 1000)
        snprintf(buf, size, "%g km", m / 1000);
    else
        snprintf(buf, size, "%g m", m);
}

/* Number of segments: 4 for lengths with a 1 or 2 leading digit would give 0.25 steps, so
 * split 1/2/5 × 10^n into 5, 4, 5 parts respectively (round sub-lengths). */
static int scalebar_segments(double len)
{
    double lead = len / pow(10, floor(log10(len)));
    return lead > 1.5 && lead < 2.5 ? 4 : 5;
}

void bh_scalebar_size(cairo_t *cr, const bh_mapview *mv, double max_mm, const bh_text_style *ts,
                      double *w, double *h)
{
    double len = bh_scalebar_length_m(bh_mapview_mm_per_m(mv), max_mm);
    char lab[32];
    bh_scalebar_format(len, lab, sizeof lab);
    double tw, th;
    bh_text_measure(cr, ts, lab, &tw, &th);
    *w = len * bh_mapview_mm_per_m(mv) + tw / 2 + 2 * PAD + 2;
    *h = th + BAR_H + 2 * PAD + 0.8;
}

double bh_scalebar_draw(cairo_t *cr, const bh_mapview *mv, double max_mm, const bh_text_style *ts,
                        double x, double y)
{
    double len = bh_scalebar_length_m(bh_mapview_mm_per_m(mv), max_mm);
    if (len <= 0)
        return 0;
    double w, h;
    bh_scalebar_size(cr, mv, max_mm, ts, &w, &h);
    cairo_save(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    double bar = len * bh_mapview_mm_per_m(mv);
    int nseg = scalebar_segments(len);
    double bx = x + PAD + 1, by = y + h - PAD - BAR_H;
    cairo_set_line_width(cr, 0.15);
    for (int i = 0; i < nseg; i++) {
        cairo_rectangle(cr, bx + bar * i / nseg, by, bar / nseg, BAR_H);
        if (i % 2 == 0)
            cairo_set_source_rgb(cr, 0, 0, 0);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_stroke(cr);
    }
    char lab[32];
    bh_text_draw(cr, ts, "0", bx, by - 0.4, BH_ANCHOR_S);
    bh_scalebar_format(len / 2, lab, sizeof lab);
    if (nseg == 4)
        bh_text_draw(cr, ts, lab, bx + bar / 2, by - 0.4, BH_ANCHOR_S);
    bh_scalebar_format(len, lab, sizeof lab);
    bh_text_draw(cr, ts, lab, bx + bar, by - 0.4, BH_ANCHOR_S);
    cairo_restore(cr);
    return len;
}

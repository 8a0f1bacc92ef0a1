#include "render/titleblock.h"

#include <math.h>
#include <stdio.h>

static bh_text_style tb_style(const bh_titleblock *tb, double pt, int bold)
{
    bh_text_style st = bh_text_style_default(pt);
    if (tb->family)
        st.family = tb->family;
    st.bold = bold;
    return st;
}

double bh_titleblock_header(cairo_t *cr, const bh_titleblock *tb, double x, double y, double w,
                            int draw)
{
    bh_text_style ts = tb_style(tb, tb->title_pt, 1);
    bh_text_style ps = tb_style(tb, tb->text_pt * 1.2, 1);
    bh_text_style ss = tb_style(tb, tb->text_pt, 0);
    double tw = 0, th = 0, pw = 0, ph = 0, sw = 0, sh = 0;
    bh_text_measure(cr, &ts, tb->title, &tw, &th);
    bh_text_measure(cr, &ps, tb->period, &pw, &ph);
    bh_text_measure(cr, &ss, tb->subtitle, &sw, &sh);
    /* A period line longer than the space right of the title (a style's header_sql text on a
     * portrait page) is set smaller rather than cut at the page edge. */
    double room = w - (tw + 8);
    if (pw > room && room > 0) {
        ps.size_pt *= room / pw;
        bh_text_measure(cr, &ps, tb->period, &pw, &ph);
    }
    double h = fmax(th, ph + sh) + 2;
    if (!draw)
        return h;
    bh_text_draw(cr, &ts, tb->title, x, y + h / 2 - 1, BH_ANCHOR_W);
    double px = x + tw + 8;
    if (tb->period)
        bh_text_draw(cr, &ps, tb->period, px, y + 0.5, BH_ANCHOR_NW);
    if (tb->subtitle)
        bh_text_draw(cr, &ss, tb->subtitle, px, y + 0.5 + ph, BH_ANCHOR_NW);
    if (tb->printed)
        bh_text_draw(cr, &ss, tb->printed, x + w, y + h - 1.5, BH_ANCHOR_SE);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x, y + h);
    cairo_line_to(cr, x + w, y + h);
    cairo_stroke(cr);
    cairo_restore(cr);
    return h;
}

double bh_titleblock_footer(cairo_t *cr, const bh_titleblock *tb, double x, double y_bottom,
                            double w, int draw)
{
    bh_text_style ss = tb_style(tb, tb->small_pt, 0);
    bh_text_style sb = tb_style(tb, tb->small_pt, 1);
    double s_w = 0, s_h = 0, c_w = 0, c_h = 0;
    bh_text_measure(cr, &sb, tb->source, &s_w, &s_h);
    /* Credits wrap at the width (a credit line is owed in full, never cut with …). */
    ss.wrap = 1;
    c_h = tb->credits ? bh_text_height_in(cr, &ss, tb->credits, w) : 0;
    (void)c_w;
    double h = s_h + c_h + 1.5;
    if (!draw)
        return h;
    double y = y_bottom - h;
    if (tb->source)
        bh_text_draw(cr, &sb, tb->source, x, y + 1, BH_ANCHOR_NW);
    if (tb->credits)
        bh_text_draw_in(cr, &ss, tb->credits, x, y + 1 + s_h, w);
    return h;
}

void bh_titleblock_stamp(cairo_t *cr, const char *family, double size_pt, const char *note,
                         double cx, double cy, double box[4], int draw)
{
    bh_text_style st = bh_text_style_default(size_pt);
    if (family)
        st.family = family;
    st.bold = 1;
    st.align = BH_ALIGN_CENTER;
    st.rgba[0] = 0.8;
    st.rgba[3] = 1;
    char text[256];
    snprintf(text, sizeof text, "サンプルデータ / SAMPLE DATA%s%s", note ? "\n" : "",
             note ? note : "");
    double w, h;
    bh_text_measure(cr, &st, text, &w, &h);
    double pad = 1.5;
    box[0] = cx - w / 2 - pad;
    box[1] = cy - h / 2 - pad;
    box[2] = cx + w / 2 + pad;
    box[3] = cy + h / 2 + pad;
    if (!draw)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, box[0], box[1], box[2] - box[0], box[3] - box[1]);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.8, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    cairo_rectangle(cr, box[0] + 0.7, box[1] + 0.7, box[2] - box[0] - 1.4, box[3] - box[1] - 1.4);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
    cairo_restore(cr);
    bh_text_draw(cr, &st, text, cx, cy, BH_ANCHOR_CENTER);
}

/* Pango text in page millimetres. Layouts are built in a point-scaled space (1 unit = 1 pt,
 * resolution 72 dpi) with metric hinting off, so sizes are identical on PDF, PNG and SVG. */
#include "render/text.h"
#include "core/alloc.h"
#include "render/halo.h"
#include "render/text_layout.h"

#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define MM_PER_PT (25.4 / 72.0)

bh_text_style bh_text_style_default(double size_pt)
{
    bh_text_style st;
    memset(&st, 0, sizeof st);
    st.family = BH_TEXT_DEFAULT_FAMILY;
    st.size_pt = size_pt;
    st.rgba[3] = 1.0;
    return st;
}

static int all_zero(const double c[4])
{
    return c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0;
}

/* Key of the PangoContext kept on each cairo_t (its address is the key; no global state). */
static const cairo_user_data_key_t context_key;

/* The pango context of cr, made once per cairo_t (72 dpi so sizes are points, metric hinting off
 * so PDF, PNG and SVG measure alike) and updated to cr's current matrix. Borrowed. */
static PangoContext *context_for(cairo_t *cr)
{
    PangoContext *pc = cairo_get_user_data(cr, &context_key);
    if (pc) {
        pango_cairo_update_context(cr, pc);
        return pc;
    }
    pc = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(pc, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
#if PANGO_VERSION_CHECK(1, 44, 0)
    pango_context_set_round_glyph_positions(pc, FALSE);
#endif
    if (cairo_set_user_data(cr, &context_key, pc, g_object_unref) != CAIRO_STATUS_SUCCESS) {
        g_object_unref(pc); /* out of memory: the caller makes a plain layout */
        return NULL;
    }
    return pc;
}

/* The font description of st; caller frees. */
static PangoFontDescription *style_font(const bh_text_style *st)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, st && st->family ? st->family : BH_TEXT_DEFAULT_FAMILY);
    double size = st && st->size_pt > 0 ? st->size_pt : 9.0;
    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
    pango_font_description_set_weight(fd, st && st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    return fd;
}

/* text without its '|' break hints on layout, with breaks forbidden inside each word (the runs
 * between hints, spaces and newlines): a line breaks only where a hint or a space allows. */
static void set_kept_words(PangoLayout *layout, const char *text)
{
    size_t n = strlen(text);
    char *clean = bh_malloc(n + 1);
    if (clean == NULL) { /* out of memory: the text as it is, breaks anywhere */
        pango_layout_set_text(layout, text, -1);
        return;
    }
    PangoAttrList *attrs = pango_attr_list_new();
    size_t o = 0, word = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = text[i];
        if (c == '|' || c == ' ' || c == '\n' || c == '\0') {
            if (o > word) {
                PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
                a->start_index = (guint)word;
                a->end_index = (guint)o;
                pango_attr_list_insert(attrs, a);
            }
            if (c == ' ' || c == '\n')
                clean[o++] = c;
            word = o;
        } else {
            clean[o++] = c;
        }
    }
    clean[o] = '\0';
    pango_layout_set_text(layout, clean, (int)o);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    bh_free(clean);
}

/* A layout for text in the current (point-scaled) space of cr; caller unrefs. */
static PangoLayout *make_layout(cairo_t *cr, const bh_text_style *st, const char *text)
{
    PangoContext *pc = context_for(cr);
    PangoLayout *layout = pc ? pango_layout_new(pc) : pango_cairo_create_layout(cr);
    PangoFontDescription *fd = style_font(st);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    PangoAlignment al = PANGO_ALIGN_LEFT;
    if (st && st->align == BH_ALIGN_CENTER)
        al = PANGO_ALIGN_CENTER;
    else if (st && st->align == BH_ALIGN_RIGHT)
        al = PANGO_ALIGN_RIGHT;
    pango_layout_set_alignment(layout, al);
    if (st && st->keep_words && text)
        set_kept_words(layout, text);
    else
        pango_layout_set_text(layout, text ? text : "", -1);
    return layout;
}

/* Logical size of the layout in points. */
static void layout_size_pt(PangoLayout *layout, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

void bh_text_measure(cairo_t *cr, const bh_text_style *st, const char *text, double *w_mm,
                     double *h_mm)
{
    double w = 0, h = 0;
    if (text && *text) {
        cairo_save(cr);
        cairo_scale(cr, MM_PER_PT, MM_PER_PT);
        PangoLayout *layout = make_layout(cr, st, text);
        layout_size_pt(layout, &w, &h);
        g_object_unref(layout);
        cairo_restore(cr);
    }
    if (w_mm)
        *w_mm = w * MM_PER_PT;
    if (h_mm)
        *h_mm = h * MM_PER_PT;
}

void bh_text_box_from_size(double w, double h, double x, double y, bh_anchor a, double box[4])
{
    double x0 = x - w / 2, y0 = y - h / 2; /* centre */
    switch (a) {
    case BH_ANCHOR_CENTER:
        break;
    case BH_ANCHOR_N:
        y0 = y;
        break;
    case BH_ANCHOR_NE:
        x0 = x - w;
        y0 = y;
        break;
    case BH_ANCHOR_E:
        x0 = x - w;
        break;
    case BH_ANCHOR_SE:
        x0 = x - w;
        y0 = y - h;
        break;
    case BH_ANCHOR_S:
        y0 = y - h;
        break;
    case BH_ANCHOR_SW:
        x0 = x;
        y0 = y - h;
        break;
    case BH_ANCHOR_W:
        x0 = x;
        break;
    case BH_ANCHOR_NW:
        x0 = x;
        y0 = y;
        break;
    }
    box[0] = x0;
    box[1] = y0;
    box[2] = x0 + w;
    box[3] = y0 + h;
}

void bh_text_box(cairo_t *cr, const bh_text_style *st, const char *text, double x, double y,
                 bh_anchor a, double box[4])
{
    double w, h;
    bh_text_measure(cr, st, text, &w, &h);
    bh_text_box_from_size(w, h, x, y, a, box);
}

PangoLayout *bh_text_layout_new(cairo_t *cr, const bh_text_style *st, const char *text)
{
    return make_layout(cr, st, text);
}

void bh_text_layout_halo(cairo_t *cr, const bh_text_style *st, PangoLayout *layout)
{
    static const double white[4] = {1, 1, 1, 1};
    if (!st || st->halo_mm <= 0)
        return;
    const double *hc = all_zero(st->halo_rgba) ? white : st->halo_rgba;
    double lw = 2.0 * st->halo_mm / MM_PER_PT;
    /* Opaque halos on PDF: one form per distinct glyph (render/halo.h); the same pixels as
     * stroking the whole layout, since overlaps of opaque strokes look alike. */
    if (hc[3] < 1.0 || !bh_halo_draw_forms(cr, layout, lw, hc)) {
        cairo_move_to(cr, 0, 0);
        pango_cairo_layout_path(cr, layout);
        cairo_set_source_rgba(cr, hc[0], hc[1], hc[2], hc[3]);
        cairo_set_line_width(cr, lw);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(cr);
    }
}

int bh_text_layout_glyphs_ok(PangoLayout *layout, int in_order)
{
    int ok = 1;
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (run == NULL)
            continue;
        const PangoGlyphString *gs = run->glyphs;
        if (!PANGO_IS_CAIRO_FONT(run->item->analysis.font) ||
            (in_order && run->item->analysis.level % 2))
            ok = 0;
        for (int i = 0; ok && i < gs->num_glyphs; i++)
            if ((gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) ||
                (in_order && ((i > 0 && gs->log_clusters[i] < gs->log_clusters[i - 1]) ||
                              gs->log_clusters[i] < 0 || gs->log_clusters[i] >= run->item->length)))
                ok = 0;
    } while (ok && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return ok;
}

int bh_text_layout_each_run(PangoLayout *layout, bh_text_run_fn fn, void *user)
{
    int rc = 0;
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (run == NULL)
            continue;
        cairo_scaled_font_t *font =
            pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
        PangoRectangle logical;
        pango_layout_iter_get_run_extents(it, NULL, &logical);
        rc = fn(user, run, font, logical.x, pango_layout_iter_get_baseline(it));
    } while (rc == 0 && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return rc;
}

void bh_text_fill_rgba(const bh_text_style *st, double rgba[4])
{
    static const double black[4] = {0, 0, 0, 1};
    memcpy(rgba, st && !all_zero(st->rgba) ? st->rgba : black, 4 * sizeof *rgba);
}

/* Draws the layout with its top-left at the current point-space origin. */
static void paint_layout(cairo_t *cr, const bh_text_style *st, PangoLayout *layout)
{
    double c[4];
    bh_text_layout_halo(cr, st, layout);
    bh_text_fill_rgba(st, c);
    if (st && !all_zero(st->rgba))
        cairo_set_source_rgba(cr, c[0], c[1], c[2], c[3]);
    else
        cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, 0, 0);
    pango_cairo_show_layout(cr, layout);
}

void bh_text_draw(cairo_t *cr, const bh_text_style *st, const char *text, double x, double y,
                  bh_anchor a)
{
    if (!text || !*text)
        return;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_scale(cr, MM_PER_PT, MM_PER_PT);
    PangoLayout *layout = make_layout(cr, st, text);
    double w, h, box[4];
    layout_size_pt(layout, &w, &h);
    bh_text_box_from_size(w * MM_PER_PT, h * MM_PER_PT, x, y, a, box);
    cairo_translate(cr, box[0] / MM_PER_PT, box[1] / MM_PER_PT);
    paint_layout(cr, st, layout);
    g_object_unref(layout);
    cairo_restore(cr);
}

/* A layout limited to width w (mm): wrapped or ellipsized; caller unrefs. */
static PangoLayout *layout_in(cairo_t *cr, const bh_text_style *st, const char *text, double w)
{
    PangoLayout *layout = make_layout(cr, st, text);
    pango_layout_set_width(layout, (int)(w / MM_PER_PT * PANGO_SCALE));
    if (st && st->wrap)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    else
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    return layout;
}

double bh_text_height_in(cairo_t *cr, const bh_text_style *st, const char *text, double w)
{
    if (!text || !*text || w <= 0)
        return 0;
    cairo_save(cr);
    cairo_scale(cr, MM_PER_PT, MM_PER_PT);
    PangoLayout *layout = layout_in(cr, st, text, w);
    double lw, lh;
    layout_size_pt(layout, &lw, &lh);
    g_object_unref(layout);
    cairo_restore(cr);
    return lh * MM_PER_PT;
}

double bh_text_draw_in(cairo_t *cr, const bh_text_style *st, const char *text, double x, double y,
                       double w)
{
    if (!text || !*text || w <= 0)
        return 0;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_scale(cr, MM_PER_PT, MM_PER_PT);
    PangoLayout *layout = layout_in(cr, st, text, w);
    double lw, lh;
    layout_size_pt(layout, &lw, &lh);
    cairo_translate(cr, x / MM_PER_PT, y / MM_PER_PT);
    paint_layout(cr, st, layout);
    g_object_unref(layout);
    cairo_restore(cr);
    return lh * MM_PER_PT;
}

void bh_text_preload(cairo_t *cr, const bh_text_style *styles, size_t n)
{
    /* Kanji, kana, digits, Latin: the fonts, shaping and glyph caches of a typical label. */
    for (size_t i = 0; i < n; i++)
        bh_text_measure(cr, &styles[i], "松戸市稔台５丁目 12件・防犯カメラ ABC（あア）", NULL,
                        NULL);
}

double bh_text_widest_word(cairo_t *cr, const bh_text_style *st, const char *text)
{
    double widest = 0;
    char word[256];
    for (const char *p = text ? text : "";;) {
        size_t n = strcspn(p, "| \n");
        if (n > 0 && n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            double ww;
            bh_text_measure(cr, st, word, &ww, NULL);
            widest = ww > widest ? ww : widest;
        }
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    return widest;
}

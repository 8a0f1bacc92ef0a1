/* The crime map's area labels and bar charts (see mapdraw_internal.h). */
#include "render/mapdraw_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "render/batch.h"
#include "render/chart.h"

static const unsigned default_chart_colors[] = {0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3,
                                                0xff7f00, 0xa65628, 0xf781bf, 0x999999};

/* The charted series: indexes into md's types (the style's chart types in order, those the
 * summary has, else every type) and their colours. Returns the count (<= max). */
size_t bh_mapdraw_chart_series(const bh_style_layer *L, const bh_summary *md, size_t *idx,
                               unsigned *cols, size_t max)
{
    size_t n = 0, nt = bh_summary_n_types(md);
    if (L->chart_types) {
        const char *p = L->chart_types;
        while (*p && n < max) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            for (size_t t = 0; t < nt; t++) {
                const char *name = bh_summary_type_name(md, t);
                if (strlen(name) == len && strncmp(name, p, len) == 0) {
                    idx[n++] = t;
                    break;
                }
            }
            p += len + (e != NULL);
        }
    } else {
        for (size_t t = 0; t < nt && n < max; t++)
            idx[n++] = t;
    }
    for (size_t i = 0; i < n; i++)
        cols[i] = L->n_chart_colors ? L->chart_colors[i % L->n_chart_colors]
                                    : default_chart_colors[i % 8];
    return n;
}

/* The count printed on an area's label: with a chart of chosen types, the sum of the charted
 * types (the legend says so), so the number and the bars always cover the same crimes. */
static long label_total(const bh_mapdraw *D, size_t i)
{
    size_t idx[64];
    unsigned cols[64];
    const bh_style_layer *L = D->areas;
    if (!L->charts || !L->chart_types)
        return bh_summary_total(D->md, i);
    size_t ns = bh_mapdraw_chart_series(L, D->md, idx, cols, 64);
    long sum = 0;
    for (size_t s = 0; s < ns; s++)
        sum += bh_summary_count(D->md, i, idx[s]);
    return sum;
}

/* One public count line: "{n}" in the style's text is replaced by the number
 * ("こども110番の家 {n}軒" → こども110番の家 24軒), else the number follows the text. */
static void asset_count(bh_strbuf *sb, const char *text, long n)
{
    const char *at = strstr(text, "{n}");
    /* the first on its own line, the others after it on a second line */
    bh_strbuf_append(sb, !sb->len ? "" : strchr(sb->data, '\n') ? "・" : "\n");
    if (at) {
        bh_strbuf_appendn(sb, text, (size_t)(at - text));
        bh_strbuf_printf(sb, "%ld%s", n, at + 3);
    } else {
        bh_strbuf_printf(sb, "%s %ld", text, n);
    }
}

/* Area labels ("稔台\n12件") and their bar charts. */
bh_status bh_mapdraw_label_areas(bh_mapdraw *D, const bh_text_style *ts, size_t *n_charts)
{
    const bh_style_layer *L = D->areas;
    const bh_summary *md = D->md;
    *n_charts = 0;
    if (!L->label_names && !L->label_counts && !L->charts)
        return BH_OK;
    for (size_t i = 0; i < bh_summary_n_areas(md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(md, i, &len);
        double px, py, env[4];
        if (wkb == NULL || bh_mapview_label_point(D->mv, wkb, len, &px, &py) != 0 ||
            bh_mapview_wkb_envelope(wkb, len, env) != 0)
            continue;
        const double *f = D->frame;
        if (px < f[0] || py < f[1] || px > f[0] + f[2] || py > f[1] + f[3])
            continue;
        double k = bh_mapview_mm_per_m(D->mv);
        double aw = (env[2] - env[0]) * k, ah = (env[3] - env[1]) * k;
        if (L->charts && aw >= L->chart_w_mm && ah >= L->chart_h_mm * 2 && *n_charts < 4096) {
            double box[4] = {px - L->chart_w_mm / 2, py + 0.3, px + L->chart_w_mm / 2,
                             py + 0.3 + L->chart_h_mm};
            bh_status st = bh_labeler_reserve(D->lab, box[0], box[1], box[2], box[3]);
            if (st != BH_OK)
                return st;
            (*n_charts)++;
        }
        char count[48];
        if (L->fill_by == BH_FILL_CHANGE)
            bh_mapclass_change_text(D->o, bh_summary_total(md, i), bh_summary_prev_total(md, i),
                                    count, sizeof count);
        else
            bh_mapclass_count_text(D->o, label_total(D, i), count, sizeof count);
        bh_strbuf assets;
        bh_strbuf_init(&assets);
        for (size_t l = 0; l < bh_style_n_layers(D->style); l++)
            if (D->area_counts[l])
                asset_count(&assets, bh_style_layer_at(D->style, l)->public_counts,
                            D->area_counts[l][i]);
        char *text = bh_asprintf("%s%s%s%s%s", L->label_names ? bh_summary_area_name(md, i) : "",
                                 L->label_names && L->label_counts && *count ? "\n" : "",
                                 L->label_counts ? count : "", assets.len ? "\n" : "",
                                 assets.len ? assets.data : "");
        bh_strbuf_free(&assets);
        if (text == NULL)
            return BH_E_NOMEM;
        bh_status st = BH_OK;
        if (*text)
            st = bh_labeler_add(D->lab, text, ts, px, py, 10 + (double)bh_summary_total(md, i),
                                NULL, NULL);
        bh_free(text);
        if (st != BH_OK)
            return st;
    }
    return BH_OK;
}

/* Where area i's chart goes (x, y, w, h in page mm), the same test the labels reserved it with;
 * 0 when the area gets no chart (no geometry, outside the frame, too small on the page). */
static int chart_box(const bh_mapdraw *D, size_t i, double box[4])
{
    const bh_style_layer *L = D->areas;
    size_t len;
    const unsigned char *wkb = bh_summary_area_wkb(D->md, i, &len);
    double px, py, env[4];
    if (wkb == NULL || bh_mapview_label_point(D->mv, wkb, len, &px, &py) != 0 ||
        bh_mapview_wkb_envelope(wkb, len, env) != 0)
        return 0;
    double k = bh_mapview_mm_per_m(D->mv);
    const double *f = D->frame;
    if ((env[2] - env[0]) * k < L->chart_w_mm || (env[3] - env[1]) * k < L->chart_h_mm * 2 ||
        px < f[0] || py < f[1] || px > f[0] + f[2] || py > f[1] + f[3])
        return 0;
    box[0] = px - L->chart_w_mm / 2;
    box[1] = py + 0.3;
    box[2] = L->chart_w_mm;
    box[3] = L->chart_h_mm;
    return 1;
}

/* The chart of area i in box: its values (ns series) and how it is drawn. With value labels the
 * bars stand in the box below the labels' band (batches draw no text; bh_mapdraw_charts prints
 * the numbers after them). */
static bh_bar_chart chart_of(const bh_mapdraw *D, size_t i, const size_t *idx, const unsigned *cols,
                             size_t ns, double *vals, double box[4], double band)
{
    for (size_t s = 0; s < ns; s++)
        vals[s] = (double)bh_summary_count(D->md, i, idx[s]);
    bh_bar_chart c = {0};
    c.n = ns;
    c.values = vals;
    c.colors = cols;
    c.max = 0; /* each chart its own scale: the mix of types per area (counts are printed) */
    c.gap_frac = 0.15;
    c.baseline_mm = 0.15;
    c.background_rgba[0] = c.background_rgba[1] = c.background_rgba[2] = 1;
    c.background_rgba[3] = 0.75;
    box[1] += band;
    box[3] -= band;
    return c;
}

/* Over the batched charts: each bar's outline (one stroke for all) and its count above it,
 * in the label style with its halo, so a light bar or a number shows on any fill or hatch. */
static void chart_marks(bh_mapdraw *D, const size_t *idx, const unsigned *cols, size_t ns,
                        double band)
{
    const bh_style_layer *L = D->areas;
    double vals[64], box[4], r[4];
    bh_text_style ts = D->lab_ts;
    ts.size_pt = L->chart_value_pt;
    ts.bold = 0;
    cairo_save(D->cr);
    cairo_new_path(D->cr);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < bh_summary_n_areas(D->md); i++) {
            if (!chart_box(D, i, box))
                continue;
            bh_bar_chart c = chart_of(D, i, idx, cols, ns, vals, box, band);
            for (size_t s = 0; s < ns; s++) {
                bh_bar_chart_bar_rect(&c, box[0], box[1], box[2], box[3], s, r);
                if (pass == 0 && L->chart_outline.set && r[3] > r[1])
                    cairo_rectangle(D->cr, r[0], r[1], r[2] - r[0], r[3] - r[1]);
                if (pass == 1 && L->chart_values) {
                    char buf[32];
                    snprintf(buf, sizeof buf, "%.0f", vals[s]);
                    bh_text_draw(D->cr, &ts, buf, (r[0] + r[2]) / 2, r[1] - 0.15, BH_ANCHOR_S);
                }
            }
        }
        if (pass == 0 && L->chart_outline.set) {
            const bh_rgba *o = &L->chart_outline;
            cairo_set_source_rgba(D->cr, o->r, o->g, o->b, o->a);
            cairo_set_line_width(D->cr, L->chart_outline_mm);
            cairo_stroke(D->cr);
        }
    }
    cairo_restore(D->cr);
}

/* The bar charts, batched: one fill per colour over all charts, backgrounds in one fill,
 * baselines in one stroke; a chart overlapping an earlier one in a later batch (chart.h). Then
 * the outlines and the numbers (chart_marks). */
bh_status bh_mapdraw_charts(bh_mapdraw *D)
{
    const bh_style_layer *L = D->areas;
    size_t idx[64];
    unsigned cols[64];
    double vals[64], box[4];
    size_t ns = bh_mapdraw_chart_series(L, D->md, idx, cols, 64);
    if (!L->charts || ns == 0)
        return BH_OK;
    /* the numbers' band: one line of the value size (1 pt = 0.3528 mm) */
    double band = L->chart_values ? L->chart_value_pt * 0.3528 * 1.15 : 0;
    if (band > L->chart_h_mm / 2)
        band = L->chart_h_mm / 2;
    bh_chart_batch *b = NULL;
    bh_status st = bh_chart_batch_create(&b);
    for (size_t i = 0; st == BH_OK && i < bh_summary_n_areas(D->md); i++) {
        if (!chart_box(D, i, box))
            continue;
        bh_bar_chart c = chart_of(D, i, idx, cols, ns, vals, box, band);
        st = bh_chart_batch_add(b, &c, box[0], box[1], box[2], box[3]);
        D->charts = 1;
    }
    if (st == BH_OK) {
        bh_chart_batch_draw(b, D->cr);
        chart_marks(D, idx, cols, ns, band);
    }
    bh_chart_batch_destroy(b);
    return st == BH_OK ? BH_OK : bh_error(D->ctx, st, "out of memory drawing the charts");
}

/* bh_map_draw: one map page from a bh_mapdata, a style and (optionally) the database. */
#include "render/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analysis/classify.h"
#include "core/strbuf.h"
#include "render/batch.h"
#include "render/chart.h"
#include "render/labels.h"
#include "render/legend.h"
#include "render/mapclass.h"
#include "render/maplayer.h"
#include "render/mapview.h"
#include "render/north.h"
#include "render/page.h"
#include "render/scalebar.h"
#include "render/titleblock.h"

#define GAP 3.0 /* mm between bands and furniture */

static const unsigned default_chart_colors[] = {0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3,
                                                0xff7f00, 0xa65628, 0xf781bf, 0x999999};

typedef struct draw {
    bh_ctx *ctx;
    bh_db *db;
    const bh_mapdata *md;
    const bh_style *style;
    const bh_style_page *pg;
    const bh_city *city;
    const bh_map_opts *o;
    cairo_t *cr;
    bh_map_result *res;
    const bh_style_layer *areas;
    bh_mapclass mc;
    bh_maplayer_info *info; /* per style layer */
    int *drawn;             /* per style layer: 1 when drawn */
    long **area_counts;     /* per style layer: features per area (public_counts), or NULL */
    unsigned char *visible; /* per area: its envelope meets the map extent */
    bh_legend *legend;
    bh_mapview *mv;
    bh_labeler *lab;
    double frame[4];
    double reserved[8][4];
    size_t n_reserved;
    int sample, charts;
} draw;

bh_status bh_map_page_size(bh_ctx *ctx, const bh_map_opts *o, const bh_style *style, double *w_mm,
                           double *h_mm)
{
    const bh_style_page *pg = bh_style_page_of(style);
    double w, h;
    bh_status st = bh_page_paper_size(ctx, o->paper ? o->paper : pg->paper, &w, &h);
    if (st != BH_OK)
        return st;
    int landscape = o->orientation == 0 ? pg->landscape : o->orientation == 2;
    *w_mm = landscape ? h : w;
    *h_mm = landscape ? w : h;
    return BH_OK;
}

static const char *by_label(const char *by)
{
    static const struct {
        const char *by, *label;
    } t[] = {{"koban", "交番別"},
             {"oaza", "大字別"},
             {"chome", "町丁目別"},
             {"school-district", "小学校区別"}};
    for (size_t i = 0; by && i < sizeof t / sizeof *t; i++)
        if (strcmp(by, t[i].by) == 0)
            return t[i].label;
    return by && strncmp(by, "grid", 4) == 0 ? "メッシュ別" : "交番別";
}

/* The printed date: opts' "YYYY-MM-DD", else $SOURCE_DATE_EPOCH, else today (UTC). */
static void printed_date(const bh_map_opts *o, char *buf, size_t size)
{
    int y = 0, m = 0, d = 0;
    if (o->printed_date == NULL || sscanf(o->printed_date, "%d-%d-%d", &y, &m, &d) != 3) {
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        time_t t = sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        y = tm.tm_year + 1900;
        m = tm.tm_mon + 1;
        d = tm.tm_mday;
    }
    char w[64];
    bh_page_wareki_date(y, m, d, w, sizeof w);
    snprintf(buf, size, "作成日 %s", w);
}

/* Title with "{city}" replaced (caller frees). */
static char *title_text(draw *D)
{
    const char *t = D->o->title ? D->o->title : D->pg->title;
    const char *city = D->city ? bh_city_name(D->city) : "";
    const char *p = strstr(t, "{city}");
    if (p == NULL)
        return bh_strdup(t);
    return bh_asprintf("%.*s%s%s", (int)(p - t), t, city, p + 6);
}

/* Credits: the city profile's, then each drawn layer's catalogue credit, without repeats. */
static char *credits_text(draw *D)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    json_object *arr = NULL;
    if (D->city && json_object_object_get_ex(bh_city_json(D->city), "credits", &arr) &&
        json_object_is_type(arr, json_type_array))
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
            const char *c = json_object_get_string(json_object_array_get_idx(arr, i));
            if (c && *c && (sb.data == NULL || strstr(sb.data, c) == NULL))
                bh_strbuf_printf(&sb, "%s%s", sb.len ? "\n" : "", c);
        }
    for (size_t i = 0; i < bh_style_n_layers(D->style); i++) {
        const char *c = D->info[i].credit;
        if (D->drawn[i] && c && *c && (sb.data == NULL || strstr(sb.data, c) == NULL))
            bh_strbuf_printf(&sb, "%s%s", sb.len ? "\n" : "", c);
    }
    return bh_strbuf_take(&sb);
}

/* Union envelope of the areas (or of the one named by opts->area). */
static bh_status map_extent(draw *D, double ext[4])
{
    const bh_mapdata *md = D->md;
    ext[0] = ext[1] = INFINITY;
    ext[2] = ext[3] = -INFINITY;
    int found = 0;
    for (size_t i = 0; i < bh_mapdata_n_areas(md); i++) {
        if (D->o->area && strcmp(D->o->area, bh_mapdata_id(md, i)) != 0 &&
            strcmp(D->o->area, bh_mapdata_name(md, i)) != 0)
            continue;
        size_t len;
        const unsigned char *wkb = bh_mapdata_wkb(md, i, &len);
        double e[4];
        if (wkb == NULL || bh_mapview_wkb_envelope(wkb, len, e) != 0)
            continue;
        ext[0] = fmin(ext[0], e[0]);
        ext[1] = fmin(ext[1], e[1]);
        ext[2] = fmax(ext[2], e[2]);
        ext[3] = fmax(ext[3], e[3]);
        found = 1;
    }
    if (found)
        return BH_OK;
    if (D->o->area)
        return bh_error(D->ctx, BH_E_UNKNOWN_AREA,
                        "--area '%s': no such area with a polygon among the %zu areas drawn",
                        D->o->area, bh_mapdata_n_areas(md));
    return bh_error(D->ctx, BH_E_EMPTY, "no area has a polygon to draw (is the layer loaded?)");
}

/* Places a furniture box of size (w, h) in corner c of the frame, stacked after earlier ones. */
static void corner_place(draw *D, bh_corner c, double w, double h, double off[4], double *x,
                         double *y)
{
    const double *f = D->frame;
    int right = c == BH_CORNER_TOP_RIGHT || c == BH_CORNER_BOTTOM_RIGHT;
    int bottom = c == BH_CORNER_BOTTOM_LEFT || c == BH_CORNER_BOTTOM_RIGHT;
    *x = right ? f[0] + f[2] - GAP - w : f[0] + GAP;
    *y = bottom ? f[1] + f[3] - GAP - h - off[c] : f[1] + GAP + off[c];
    off[c] += h + GAP;
    if (D->n_reserved < 8) {
        double *r = D->reserved[D->n_reserved++];
        r[0] = *x;
        r[1] = *y;
        r[2] = *x + w;
        r[3] = *y + h;
    }
}

/* The areas: one fill per class, the no-data hatch in one clip, the outlines in one stroke
 * (render/batch.h; the areas are a partition, so the union paints look the same). */
static bh_status draw_areas(draw *D)
{
    cairo_t *cr = D->cr;
    bh_batch *b = NULL;
    bh_status st = bh_batch_create(&b);
    for (size_t i = 0; st == BH_OK && i < bh_mapdata_n_areas(D->md); i++) {
        size_t len;
        const unsigned char *wkb = bh_mapdata_wkb(D->md, i, &len);
        if (wkb == NULL)
            continue;
        cairo_new_path(cr);
        if (bh_mapview_path_wkb(D->mv, cr, wkb, len) <= 0)
            continue;
        st = bh_batch_add_path(b, cr, bh_mapclass_paint(&D->mc, D->areas, i));
        D->res->n_areas++;
    }
    if (st == BH_OK)
        bh_batch_draw(b, cr);
    bh_batch_destroy(b);
    return st == BH_OK ? BH_OK : bh_error(D->ctx, st, "out of memory drawing the areas");
}

/* The charted series: indexes into md's types (the style's chart types in order, those the
 * summary has, else every type) and their colours. Returns the count (<= max). */
static size_t chart_series(const bh_style_layer *L, const bh_mapdata *md, size_t *idx,
                           unsigned *cols, size_t max)
{
    size_t n = 0, nt = bh_mapdata_n_types(md);
    if (L->chart_types) {
        const char *p = L->chart_types;
        while (*p && n < max) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            for (size_t t = 0; t < nt; t++) {
                const char *name = bh_mapdata_type(md, t);
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
static long label_total(const draw *D, size_t i)
{
    size_t idx[64];
    unsigned cols[64];
    const bh_style_layer *L = D->areas;
    if (!L->charts || !L->chart_types)
        return bh_mapdata_total(D->md, i);
    size_t ns = chart_series(L, D->md, idx, cols, 64);
    long sum = 0;
    for (size_t s = 0; s < ns; s++)
        sum += bh_mapdata_count(D->md, i, idx[s]);
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
static bh_status label_areas(draw *D, const bh_text_style *ts, size_t *n_charts)
{
    const bh_style_layer *L = D->areas;
    const bh_mapdata *md = D->md;
    *n_charts = 0;
    if (!L->label_names && !L->label_counts && !L->charts)
        return BH_OK;
    for (size_t i = 0; i < bh_mapdata_n_areas(md); i++) {
        size_t len;
        const unsigned char *wkb = bh_mapdata_wkb(md, i, &len);
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
        bh_mapclass_count_text(D->o, label_total(D, i), count, sizeof count);
        bh_strbuf assets;
        bh_strbuf_init(&assets);
        for (size_t l = 0; l < bh_style_n_layers(D->style); l++)
            if (D->area_counts[l])
                asset_count(&assets, bh_style_layer_at(D->style, l)->public_counts,
                            D->area_counts[l][i]);
        char *text = bh_asprintf("%s%s%s%s%s", L->label_names ? bh_mapdata_name(md, i) : "",
                                 L->label_names && L->label_counts && *count ? "\n" : "",
                                 L->label_counts ? count : "", assets.len ? "\n" : "",
                                 assets.len ? assets.data : "");
        bh_strbuf_free(&assets);
        if (text == NULL)
            return BH_E_NOMEM;
        bh_status st = BH_OK;
        if (*text)
            st = bh_labeler_add(D->lab, text, ts, px, py, 10 + (double)bh_mapdata_total(md, i),
                                NULL, NULL);
        free(text);
        if (st != BH_OK)
            return st;
    }
    return BH_OK;
}

/* The bar charts, batched: one fill per colour over all charts, backgrounds in one fill,
 * baselines in one stroke; a chart overlapping an earlier one in a later batch (chart.h). */
static bh_status draw_charts(draw *D)
{
    const bh_style_layer *L = D->areas;
    const bh_mapdata *md = D->md;
    size_t idx[64];
    unsigned cols[64];
    double vals[64];
    size_t ns = chart_series(L, md, idx, cols, 64);
    if (!L->charts || ns == 0)
        return BH_OK;
    bh_chart_batch *b = NULL;
    bh_status st = bh_chart_batch_create(&b);
    for (size_t i = 0; st == BH_OK && i < bh_mapdata_n_areas(md); i++) {
        size_t len;
        const unsigned char *wkb = bh_mapdata_wkb(md, i, &len);
        double px, py, env[4];
        if (wkb == NULL || bh_mapview_label_point(D->mv, wkb, len, &px, &py) != 0 ||
            bh_mapview_wkb_envelope(wkb, len, env) != 0)
            continue;
        double k = bh_mapview_mm_per_m(D->mv);
        const double *f = D->frame;
        if ((env[2] - env[0]) * k < L->chart_w_mm || (env[3] - env[1]) * k < L->chart_h_mm * 2 ||
            px < f[0] || py < f[1] || px > f[0] + f[2] || py > f[1] + f[3])
            continue;
        for (size_t s = 0; s < ns; s++)
            vals[s] = (double)bh_mapdata_count(md, i, idx[s]);
        bh_bar_chart c = {0};
        c.n = ns;
        c.values = vals;
        c.colors = cols;
        c.max = 0; /* each chart its own scale: the mix of types per area (counts are printed) */
        c.gap_frac = 0.15;
        c.baseline_mm = 0.15;
        c.background_rgba[0] = c.background_rgba[1] = c.background_rgba[2] = 1;
        c.background_rgba[3] = 0.75;
        st = bh_chart_batch_add(b, &c, px - L->chart_w_mm / 2, py + 0.3, L->chart_w_mm,
                                L->chart_h_mm);
        D->charts = 1;
    }
    if (st == BH_OK)
        bh_chart_batch_draw(b, D->cr);
    bh_chart_batch_destroy(b);
    return st == BH_OK ? BH_OK : bh_error(D->ctx, st, "out of memory drawing the charts");
}

/* Resolves table layers (exists, features, edition rule) and builds the legend. */
static bh_status prepare_layers(draw *D, const double ext[4])
{
    size_t n = bh_style_n_layers(D->style);
    for (size_t i = 0; i < n; i++) {
        const bh_style_layer *L = bh_style_layer_at(D->style, i);
        if (L->type == BH_LAYER_AREAS) {
            D->drawn[i] = L == D->areas;
            continue;
        }
        if (D->db == NULL)
            continue;
        bh_status st = bh_maplayer_probe(D->db, L, ext, &D->info[i]);
        if (st != BH_OK)
            return st;
        if (!D->info[i].exists || D->info[i].n_features == 0)
            continue;
        if (L->edition == BH_SHOW_INTERNAL && D->o->edition != BH_MAP_INTERNAL) {
            D->res->hidden_layers++;
            if (L->public_counts && D->areas) {
                size_t na = bh_mapdata_n_areas(D->md);
                D->area_counts[i] = calloc(na ? na : 1, sizeof **D->area_counts);
                if (D->area_counts[i] == NULL)
                    return bh_error(D->ctx, BH_E_NOMEM, "out of memory");
                st = bh_maplayer_count_in_areas(D->db, L, D->md, D->area_counts[i]);
                if (st != BH_OK)
                    return st;
            }
            continue;
        }
        D->drawn[i] = 1;
        if (D->info[i].sample)
            D->sample = 1;
    }
    return BH_OK;
}

static bh_status build_legend(draw *D, const bh_text_style *ts)
{
    bh_status st = bh_legend_create("凡例", ts, &D->legend);
    if (st == BH_OK && D->areas)
        st = bh_mapclass_legend(&D->mc, D->areas, D->md, D->o, D->visible, D->legend);
    size_t idx[64];
    unsigned cols[64];
    size_t ns = D->areas ? chart_series(D->areas, D->md, idx, cols, 64) : 0;
    if (st == BH_OK && D->areas && D->areas->charts && ns > 0) {
        st = bh_legend_add(D->legend, BH_LEGEND_HEADING, "手口別の内訳（棒グラフ）", NULL, NULL);
        if (st == BH_OK && D->areas->chart_types && D->areas->label_counts) {
            char *t = bh_asprintf("地区の件数は次の%zu手口の合計", ns);
            st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
            free(t);
        }
        for (size_t i = 0; st == BH_OK && i < ns; i++) {
            bh_style_paint p = {0};
            unsigned c = cols[i];
            p.fill =
                (bh_rgba){(c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0, 1, 1};
            st = bh_legend_add(D->legend, BH_LEGEND_FILL, bh_mapdata_type(D->md, idx[i]), &p, NULL);
        }
    }
    int heading = 0;
    for (size_t i = 0; st == BH_OK && i < bh_style_n_layers(D->style); i++) {
        const bh_style_layer *L = bh_style_layer_at(D->style, i);
        const bh_maplayer_info *in = &D->info[i];
        if (L->type != BH_LAYER_TABLE || !L->legend || !in->exists || in->n_features == 0)
            continue;
        if (!heading++)
            st = bh_legend_add(D->legend, BH_LEGEND_HEADING, "施設・区域", NULL, NULL);
        if (st != BH_OK)
            break;
        if (!D->drawn[i]) {
            /* the unit of the label text ("… {n}軒" → 軒), else 件 */
            const char *u = L->public_counts ? strstr(L->public_counts, "{n}") : NULL;
            char *t = bh_asprintf("%s：%ld%s（公開版は位置を表示しません）", in->title,
                                  in->n_features, u && u[3] ? u + 3 : "件");
            st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
            free(t);
        } else if (in->points) {
            st = bh_legend_add(D->legend, BH_LEGEND_SYMBOL, in->title, NULL, &L->symbol);
        } else {
            st = bh_legend_add(D->legend, L->paint.fill.set ? BH_LEGEND_FILL : BH_LEGEND_LINE,
                               in->title, &L->paint, NULL);
        }
    }
    if (st == BH_OK && bh_mapdata_partial_types(D->md)) {
        char *t = bh_page_partial_note(bh_mapdata_partial_types(D->md));
        st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
        free(t);
    }
    if (st == BH_OK && D->o->suppress_below > 1) {
        int n = D->o->suppress_below;
        char *t = D->o->suppress_hide ? bh_asprintf("1〜%d件の件数は表示していません", n - 1)
                                      : bh_asprintf("「%d未満」：1〜%d件", n, n - 1);
        st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
        free(t);
    }
    if (st != BH_OK)
        return bh_error(D->ctx, st, "out of memory building the legend");
    return BH_OK;
}

/* visible[i] = area i's envelope meets the world extent e (minx, miny, maxx, maxy). */
static void mark_visible(draw *D, const double e[4])
{
    for (size_t i = 0; i < bh_mapdata_n_areas(D->md); i++) {
        size_t len;
        double a[4];
        const unsigned char *wkb = bh_mapdata_wkb(D->md, i, &len);
        D->visible[i] = wkb && bh_mapview_wkb_envelope(wkb, len, a) == 0 && a[0] <= e[2] &&
                        a[2] >= e[0] && a[1] <= e[3] && a[3] >= e[1];
    }
}

static void draw_cleanup(draw *D)
{
    for (size_t i = 0; D->info && i < bh_style_n_layers(D->style); i++)
        bh_maplayer_info_free(&D->info[i]);
    for (size_t i = 0; D->area_counts && i < bh_style_n_layers(D->style); i++)
        free(D->area_counts[i]);
    free(D->area_counts);
    free(D->visible);
    free(D->info);
    free(D->drawn);
    bh_mapclass_free(&D->mc);
    bh_legend_destroy(D->legend);
    bh_labeler_destroy(D->lab);
    bh_mapview_destroy(D->mv);
}

/* Legend, scale bar and north arrow in their corners (positions reserved for labels). */
static void layout_furniture(draw *D, const bh_text_style *ts, double pos[3][4])
{
    double off[4] = {0, 0, 0, 0};
    const bh_style_page *pg = D->pg;
    memset(pos, 0, sizeof(double) * 12);
    if (pg->legend.show && bh_legend_count(D->legend) > 0) {
        bh_legend_size(D->legend, D->cr, &pos[0][2], &pos[0][3]);
        corner_place(D, pg->legend.corner, pos[0][2], pos[0][3], off, &pos[0][0], &pos[0][1]);
    }
    if (pg->scalebar.show) {
        bh_scalebar_size(D->cr, D->mv, fmin(60, D->frame[2] / 4), ts, &pos[1][2], &pos[1][3]);
        corner_place(D, pg->scalebar.corner, pos[1][2], pos[1][3], off, &pos[1][0], &pos[1][1]);
    }
    if (pg->north.show) {
        bh_north_size(D->cr, 12, ts, &pos[2][2], &pos[2][3]);
        corner_place(D, pg->north.corner, pos[2][2], pos[2][3], off, &pos[2][0], &pos[2][1]);
    }
}

bh_status bh_map_draw(bh_ctx *ctx, bh_db *db, const bh_mapdata *md, const bh_style *style,
                      const bh_city *city, const bh_map_opts *o, bh_surface *surface,
                      bh_map_result *result)
{
    bh_map_result dummy;
    draw D = {0};
    D.ctx = ctx;
    D.db = db;
    D.md = md;
    D.style = style;
    D.pg = bh_style_page_of(style);
    D.city = city;
    D.o = o;
    D.cr = bh_surface_cairo(surface);
    D.res = result ? result : &dummy;
    memset(D.res, 0, sizeof *D.res);
    D.areas = bh_style_areas(style);
    size_t nl = bh_style_n_layers(style);
    D.info = calloc(nl, sizeof *D.info);
    D.drawn = calloc(nl, sizeof *D.drawn);
    D.area_counts = calloc(nl, sizeof *D.area_counts);
    if (D.info == NULL || D.drawn == NULL || D.area_counts == NULL) {
        draw_cleanup(&D);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    cairo_t *cr = D.cr;
    const bh_style_page *pg = D.pg;
    double W = bh_surface_width_mm(surface), H = bh_surface_height_mm(surface);
    double m = pg->margin_mm;
    bh_text_style ts = bh_text_style_default(pg->legend_pt);
    ts.family = pg->font_family;
    bh_text_style lab_ts = bh_text_style_default(pg->label_pt);
    lab_ts.family = pg->font_family;
    lab_ts.halo_mm = pg->label_halo_mm;
    lab_ts.align = BH_ALIGN_CENTER;

    double ext[4];
    bh_status st = map_extent(&D, ext);
    size_t na = bh_mapdata_n_areas(md);
    if (st == BH_OK && (D.visible = calloc(na ? na : 1, 1)) == NULL)
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        mark_visible(&D, ext);
    if (st == BH_OK && D.areas)
        st = bh_mapclass_compute(ctx, &D.mc, D.areas, md, o);
    if (st == BH_OK)
        st = prepare_layers(&D, ext);
    if (st == BH_OK)
        st = build_legend(&D, &ts);
    if (st != BH_OK) {
        draw_cleanup(&D);
        return st;
    }
    D.sample |= bh_mapdata_is_sample(md);

    /* Title block and footer. */
    char period[128], printed[96], sub[256];
    int from = bh_mapdata_from_ym(md) ? bh_mapdata_from_ym(md) : o->from_ym;
    int to = bh_mapdata_to_ym(md) ? bh_mapdata_to_ym(md) : o->to_ym;
    bh_page_wareki_period(from, to, period, sizeof period);
    if (!*period)
        snprintf(period, sizeof period, "%s", "期間：全期間（該当データなし）");
    printed_date(o, printed, sizeof printed);
    const char *types = o->types ? o->types : (D.areas ? D.areas->types : NULL);
    snprintf(sub, sizeof sub, "%s%s%s%s%s・%s", by_label(o->by), o->area ? "・" : "",
             o->area ? o->area : "", types ? "・" : "", types ? types : "",
             o->edition == BH_MAP_INTERNAL ? "内部用（取扱注意）" : "公開用");
    char *title = title_text(&D);
    char *credits = credits_text(&D);
    const char *src_line = NULL;
    json_object *sl = NULL;
    if (city && json_object_object_get_ex(bh_city_json(city), "source_line", &sl))
        src_line = json_object_get_string(sl);
    char *source = bh_asprintf("資料：%s", src_line ? src_line : "—");
    bh_titleblock tb = {
        pg->font_family, pg->title_pt, pg->text_pt, pg->small_pt, title,
        period,          sub,          printed,     source,       pg->credits ? credits : NULL};
    double head_h = pg->title_block ? bh_titleblock_header(cr, &tb, m, m, W - 2 * m, 0) : 0;
    double foot_h = bh_titleblock_footer(cr, &tb, m, H - m, W - 2 * m, 0);
    D.frame[0] = m;
    D.frame[1] = m + (head_h > 0 ? head_h + GAP : 0);
    D.frame[2] = W - 2 * m;
    D.frame[3] = H - m - foot_h - GAP - D.frame[1];
    /* Fit the areas beside the legend's column when that costs little scale (landscape pages
     * have room beside a city), so the legend does not hide areas. */
    double fit[4] = {D.frame[0] + 4, D.frame[1] + 4, D.frame[2] - 8, D.frame[3] - 8};
    if (pg->legend.show && bh_legend_count(D.legend) > 0) {
        double lw, lh;
        bh_legend_size(D.legend, cr, &lw, &lh);
        double side[4] = {fit[0], fit[1], fit[2] - lw - GAP, fit[3]};
        if (pg->legend.corner == BH_CORNER_TOP_LEFT || pg->legend.corner == BH_CORNER_BOTTOM_LEFT)
            side[0] += lw + GAP;
        if (bh_mapview_fit_scale(side, ext) >= 0.9 * bh_mapview_fit_scale(fit, ext))
            memcpy(fit, side, sizeof fit);
    }
    st = bh_mapview_create_in(ctx, D.frame, fit, ext, bh_surface_dots_per_mm(surface), &D.mv);
    if (st == BH_OK) {
        /* The legend again, from the areas the view really shows (the fit only needed its
         * width). */
        mark_visible(&D, bh_mapview_visible_extent(D.mv));
        bh_legend_destroy(D.legend);
        D.legend = NULL;
        st = build_legend(&D, &ts);
    }
    if (st == BH_OK)
        st = bh_labeler_create(D.frame[0], D.frame[1], D.frame[0] + D.frame[2],
                               D.frame[1] + D.frame[3], 0.8, &D.lab);
    if (st == BH_E_NOMEM)
        st = bh_error(ctx, st, "out of memory");
    double pos[3][4] = {{0}};
    double stamp_box[4] = {0};
    if (st == BH_OK) {
        layout_furniture(&D, &ts, pos);
        for (size_t i = 0; i < D.n_reserved && st == BH_OK; i++)
            st = bh_labeler_reserve(D.lab, D.reserved[i][0], D.reserved[i][1], D.reserved[i][2],
                                    D.reserved[i][3]);
    }
    if (st == BH_OK && D.sample && pg->stamp) {
        bh_titleblock_stamp(cr, pg->font_family, pg->text_pt * 1.3, NULL, 0, 0, stamp_box, 0);
        double sh = stamp_box[3] - stamp_box[1], sw = stamp_box[2] - stamp_box[0];
        stamp_box[0] = D.frame[0] + D.frame[2] / 2 - sw / 2;
        stamp_box[1] = D.frame[1] + GAP;
        stamp_box[2] = stamp_box[0] + sw;
        stamp_box[3] = stamp_box[1] + sh;
        st = bh_labeler_reserve(D.lab, stamp_box[0], stamp_box[1], stamp_box[2], stamp_box[3]);
    }

    /* The map: layers in style order, clipped to the frame. */
    if (st == BH_OK) {
        cairo_save(cr);
        bh_mapview_clip(D.mv, cr);
        for (size_t i = 0; i < nl && st == BH_OK; i++) {
            const bh_style_layer *L = bh_style_layer_at(style, i);
            if (!D.drawn[i])
                continue;
            if (L->type == BH_LAYER_AREAS) {
                st = draw_areas(&D);
                continue;
            }
            bh_text_style fts = lab_ts;
            fts.size_pt = L->label_pt;
            size_t pts = 0;
            st = bh_maplayer_draw(db, L, D.mv, cr, D.lab, &fts, &pts);
            D.res->points_drawn += pts;
        }
        cairo_restore(cr);
    }
    size_t n_charts = 0;
    if (st == BH_OK && D.areas) {
        st = label_areas(&D, &lab_ts, &n_charts);
        if (st == BH_E_NOMEM)
            st = bh_error(ctx, st, "out of memory placing labels");
    }
    if (st == BH_OK) {
        cairo_save(cr);
        bh_mapview_clip(D.mv, cr);
        if (D.areas && n_charts > 0)
            st = draw_charts(&D);
        bh_labeler_place(D.lab, cr);
        bh_labeler_draw(D.lab, cr);
        cairo_restore(cr);
        D.res->labels_placed = bh_labeler_placed(D.lab);
        D.res->labels_dropped = bh_labeler_dropped(D.lab);
        /* Frame, furniture, stamp, title block, footer. */
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.4);
        cairo_rectangle(cr, D.frame[0], D.frame[1], D.frame[2], D.frame[3]);
        cairo_stroke(cr);
        if (pos[0][2] > 0)
            bh_legend_draw(D.legend, cr, pos[0][0], pos[0][1]);
        if (pos[1][2] > 0)
            bh_scalebar_draw(cr, D.mv, fmin(60, D.frame[2] / 4), &ts, pos[1][0], pos[1][1]);
        if (pos[2][2] > 0) {
            double cx = (ext[0] + ext[2]) / 2, cy = (ext[1] + ext[3]) / 2;
            int srid = db ? bh_db_srid(db) : (city ? bh_city_srid(city) : 0);
            double conv = srid > 0 ? bh_north_convergence(ctx, srid, cx, cy) : 0;
            bh_north_draw(cr, 12, &ts, -conv, pos[2][0], pos[2][1]);
        }
        if (D.sample && pg->stamp) {
            double box[4];
            bh_titleblock_stamp(cr, pg->font_family, pg->text_pt * 1.3, NULL,
                                (stamp_box[0] + stamp_box[2]) / 2,
                                (stamp_box[1] + stamp_box[3]) / 2, box, 1);
        }
        if (pg->title_block)
            bh_titleblock_header(cr, &tb, m, m, W - 2 * m, 1);
        bh_titleblock_footer(cr, &tb, m, H - m, W - 2 * m, 1);
        D.res->n_classes = (size_t)D.mc.k;
        D.res->n_class_bounds = D.mc.n_bounds;
        memcpy(D.res->class_bounds, D.mc.bounds, D.mc.n_bounds * sizeof(double));
        D.res->legend_entries = bh_legend_count(D.legend);
        D.res->sample = D.sample && pg->stamp;
        D.res->scale_denominator = bh_mapview_scale_denominator(D.mv);
        memcpy(D.res->extent, bh_mapview_visible_extent(D.mv), sizeof D.res->extent);
        for (size_t i = 0; i < bh_mapdata_n_areas(md); i++)
            D.res->total += bh_mapdata_total(md, i);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = bh_error(ctx, BH_E_INTERNAL, "drawing the map failed: %s",
                          cairo_status_to_string(cairo_status(cr)));
    }
    free(title);
    free(credits);
    free(source);
    draw_cleanup(&D);
    return st;
}

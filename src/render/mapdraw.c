/* bh_map_draw: one map page from a bh_summary, a style and (optionally) the database. */
#include "render/map.h"
#include "core/alloc.h"

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
#include "render/mapdraw_internal.h"
#include "render/mapfocus.h"
#include "render/mapview.h"
#include "render/north.h"
#include "render/page.h"
#include "render/scalebar.h"
#include "render/titleblock.h"

#define GAP 3.0 /* mm between bands and furniture */

typedef bh_mapdraw draw;

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

/* Union envelope of the areas (or of the one named by opts->area). */
static bh_status map_extent(draw *D, double ext[4])
{
    const bh_summary *md = D->md;
    ext[0] = ext[1] = INFINITY;
    ext[2] = ext[3] = -INFINITY;
    int found = 0;
    for (size_t i = 0; i < bh_summary_n_areas(md); i++) {
        if (D->o->area && strcmp(D->o->area, bh_summary_area_id(md, i)) != 0 &&
            strcmp(D->o->area, bh_summary_area_name(md, i)) != 0)
            continue;
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(md, i, &len);
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
                        D->o->area, bh_summary_n_areas(md));
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
    for (size_t i = 0; st == BH_OK && i < bh_summary_n_areas(D->md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(D->md, i, &len);
        if (wkb == NULL)
            continue;
        cairo_new_path(cr);
        long nv = bh_mapview_path_wkb(D->mv, cr, wkb, len);
        if (nv == -2) {
            st = BH_E_NOMEM;
            break;
        }
        if (nv == -1)
            bh_ctx_warn_error(D->ctx, "map: area %s skipped", bh_summary_area_name(D->md, i));
        if (nv <= 0)
            continue;
        st = bh_batch_add_path(b, cr, bh_mapclass_paint(&D->mc, D->areas, i));
        D->res->n_areas++;
    }
    if (st == BH_OK)
        bh_batch_draw(b, cr);
    bh_batch_destroy(b);
    return st == BH_OK ? BH_OK : bh_error(D->ctx, st, "out of memory drawing the areas");
}

/* Resolves table layers (exists, features, edition rule) and builds the legend. */
static bh_status prepare_layers(draw *D, const double ext[4])
{
    size_t n = bh_style_n_layers(D->style);
    for (size_t i = 0; i < n; i++) {
        const bh_style_layer *L = &D->lay[i];
        if (L->type == BH_LAYER_AREAS) {
            D->drawn[i] = bh_style_layer_at(D->style, i) == D->areas;
            continue;
        }
        if (D->db == NULL)
            continue;
        bh_status st = bh_maplayer_probe(D->db, L, ext, &D->info[i]);
        if (st != BH_OK)
            return st;
        if (!D->info[i].exists && (L->type == BH_LAYER_RASTER || L->n_categories))
            /* an analysis result the style is about: say why the map lacks it */
            bh_log(D->ctx, BH_LOG_WARN,
                   "%s: layer %s: table %s is not in the database (the hot-spot layers are "
                   "made by `bohan crimes hotspots`)",
                   bh_style_origin(D->style), L->id, L->table);
        if (!D->info[i].exists || D->info[i].n_features == 0)
            continue;
        if (L->edition == BH_SHOW_INTERNAL && D->o->edition != BH_MAP_INTERNAL) {
            D->res->hidden_layers++;
            if (L->public_counts && D->areas) {
                size_t na = bh_summary_n_areas(D->md);
                D->area_counts[i] = bh_calloc(na ? na : 1, sizeof **D->area_counts);
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
    size_t ns = D->areas ? bh_mapdraw_chart_series(D->areas, D->md, idx, cols, 64) : 0;
    if (st == BH_OK && D->areas && D->areas->charts && ns > 0) {
        st = bh_legend_add(D->legend, BH_LEGEND_HEADING, "手口別の内訳（棒グラフ）", NULL, NULL);
        if (st == BH_OK && D->areas->chart_types && D->areas->label_counts) {
            char *t = bh_asprintf("地区の件数は次の%zu手口の合計", ns);
            st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
            bh_free(t);
        }
        for (size_t i = 0; st == BH_OK && i < ns; i++) {
            bh_style_paint p = {0};
            unsigned c = cols[i];
            p.fill =
                (bh_rgba){(c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0, 1, 1};
            p.stroke = D->areas->chart_outline; /* the key looks like the bars */
            p.stroke_width_mm = D->areas->chart_outline_mm;
            st = bh_legend_add(D->legend, BH_LEGEND_FILL, bh_summary_type_name(D->md, idx[i]), &p,
                               NULL);
        }
    }
    int heading = 0;
    for (size_t i = 0; st == BH_OK && i < bh_style_n_layers(D->style); i++) {
        const bh_style_layer *L = bh_style_layer_at(D->style, i);
        const bh_maplayer_info *in = &D->info[i];
        if (L->type == BH_LAYER_AREAS || !L->legend || !in->exists || in->n_features == 0)
            continue;
        if ((L->type == BH_LAYER_RASTER || L->n_categories) && D->drawn[i]) {
            st = bh_maplayer_legend(L, in, D->legend);
            continue;
        }
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
            bh_free(t);
        } else if (in->points) {
            st = bh_legend_add(D->legend, BH_LEGEND_SYMBOL, in->title, NULL, &L->symbol);
        } else {
            st = bh_legend_add(D->legend, L->paint.fill.set ? BH_LEGEND_FILL : BH_LEGEND_LINE,
                               in->title, &L->paint, NULL);
        }
    }
    if (st == BH_OK && bh_summary_partial_types(D->md)) {
        char *t = bh_page_partial_note(bh_summary_partial_types(D->md));
        st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
        bh_free(t);
    }
    if (st == BH_OK && D->o->suppress_below > 1) {
        int n = D->o->suppress_below;
        char *t = D->o->suppress_hide ? bh_asprintf("1〜%d件の件数は表示していません", n - 1)
                                      : bh_asprintf("「%d未満」：1〜%d件", n, n - 1);
        st = t ? bh_legend_add(D->legend, BH_LEGEND_NOTE, t, NULL, NULL) : BH_E_NOMEM;
        bh_free(t);
    }
    if (st != BH_OK)
        return bh_error(D->ctx, st, "out of memory building the legend");
    return BH_OK;
}

/* visible[i] = area i's envelope meets the world extent e (minx, miny, maxx, maxy). */
static void mark_visible(draw *D, const double e[4])
{
    for (size_t i = 0; i < bh_summary_n_areas(D->md); i++) {
        size_t len;
        double a[4];
        const unsigned char *wkb = bh_summary_area_wkb(D->md, i, &len);
        D->visible[i] = wkb && bh_mapview_wkb_envelope(wkb, len, a) == 0 && a[0] <= e[2] &&
                        a[2] >= e[0] && a[1] <= e[3] && a[3] >= e[1];
    }
}

static void draw_cleanup(draw *D)
{
    for (size_t i = 0; D->info && i < bh_style_n_layers(D->style); i++)
        bh_maplayer_info_free(&D->info[i]);
    for (size_t i = 0; D->area_counts && i < bh_style_n_layers(D->style); i++)
        bh_free(D->area_counts[i]);
    for (size_t i = 0; D->lay_where && i < bh_style_n_layers(D->style); i++)
        bh_free(D->lay_where[i]);
    bh_free(D->lay_where);
    bh_free(D->lay);
    bh_free(D->area_counts);
    bh_free(D->visible);
    bh_free(D->info);
    bh_free(D->drawn);
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

/* Fills D for drawing md with style; allocates the per-layer arrays. */
static bh_status draw_begin(draw *D, bh_ctx *ctx, bh_db *db, const bh_summary *md,
                            const bh_style *style, const bh_city *city, const bh_map_opts *o,
                            bh_surface *surface, bh_map_result *res)
{
    D->ctx = ctx;
    D->db = db;
    D->md = md;
    D->style = style;
    D->pg = bh_style_page_of(style);
    D->city = city;
    D->o = o;
    D->cr = bh_surface_cairo(surface);
    D->res = res;
    memset(D->res, 0, sizeof *D->res);
    D->areas = bh_style_areas(style);
    size_t nl = bh_style_n_layers(style);
    D->info = bh_calloc(nl, sizeof *D->info);
    D->drawn = bh_calloc(nl, sizeof *D->drawn);
    D->area_counts = bh_calloc(nl, sizeof *D->area_counts);
    if (D->info == NULL || D->drawn == NULL || D->area_counts == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    D->ts = bh_text_style_default(D->pg->legend_pt);
    D->ts.family = D->pg->font_family;
    D->lab_ts = bh_text_style_default(D->pg->label_pt);
    D->lab_ts.family = D->pg->font_family;
    D->lab_ts.halo_mm = D->pg->label_halo_mm;
    D->lab_ts.align = BH_ALIGN_CENTER;
    return BH_OK;
}

/* The style's layers as drawn: copies whose where has the map's --area where it names
 * temp.bh_map_focus (render/mapfocus.h). */
static bh_status map_focus(draw *D)
{
    size_t n = bh_style_n_layers(D->style);
    D->lay = bh_calloc(n ? n : 1, sizeof *D->lay);
    D->lay_where = bh_calloc(n ? n : 1, sizeof *D->lay_where);
    char *focus = NULL;
    int nomem = D->lay == NULL || D->lay_where == NULL;
    for (size_t i = 0; !nomem && i < n; i++) {
        D->lay[i] = *bh_style_layer_at(D->style, i);
        const char *w = D->lay[i].where;
        if (w == NULL || D->db == NULL || strstr(w, "bh_map_focus") == NULL)
            continue;
        if (focus == NULL && (focus = bh_mapfocus_table(D->db, D->md, D->o->by ? D->o->by : "koban",
                                                        D->o->area)) == NULL)
            nomem = 1;
        else if ((D->lay_where[i] = bh_mapfocus_where(w, focus, &nomem)) != NULL)
            D->lay[i].where = D->lay_where[i];
    }
    bh_free(focus);
    return nomem ? bh_error(D->ctx, BH_E_NOMEM, "out of memory") : BH_OK;
}

/* The extent, the visible areas, the classes, the layers and a first legend. */
static bh_status draw_prepare(draw *D)
{
    bh_status st = map_extent(D, D->ext);
    if (st == BH_OK)
        st = map_focus(D);
    size_t na = bh_summary_n_areas(D->md);
    if (st == BH_OK && (D->visible = bh_calloc(na ? na : 1, 1)) == NULL)
        st = bh_error(D->ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        mark_visible(D, D->ext);
    if (st == BH_OK && D->areas)
        st = bh_mapclass_compute(D->ctx, &D->mc, D->areas, D->md, D->o);
    if (st == BH_OK)
        st = prepare_layers(D, D->ext);
    if (st == BH_OK)
        st = build_legend(D, &D->ts);
    D->sample |= bh_summary_is_sample(D->md);
    return st;
}

/* The map frame between title block and footer, and the view fitted in it. */
static bh_status place_view(draw *D, const bh_mapdraw_texts *t, bh_surface *surface)
{
    const bh_style_page *pg = D->pg;
    cairo_t *cr = D->cr;
    double W = bh_surface_width_mm(surface), H = bh_surface_height_mm(surface);
    double m = pg->margin_mm;
    double head_h = pg->title_block ? bh_titleblock_header(cr, &t->tb, m, m, W - 2 * m, 0) : 0;
    double foot_h = bh_titleblock_footer(cr, &t->tb, m, H - m, W - 2 * m, 0);
    D->frame[0] = m;
    D->frame[1] = m + (head_h > 0 ? head_h + GAP : 0);
    D->frame[2] = W - 2 * m;
    D->frame[3] = H - m - foot_h - GAP - D->frame[1];
    /* Fit the areas beside the legend's column when that costs little scale (landscape pages
     * have room beside a city), so the legend does not hide areas. */
    double fit[4] = {D->frame[0] + 4, D->frame[1] + 4, D->frame[2] - 8, D->frame[3] - 8};
    if (pg->legend.show && bh_legend_count(D->legend) > 0) {
        double lw, lh;
        bh_legend_size(D->legend, cr, &lw, &lh);
        double side[4] = {fit[0], fit[1], fit[2] - lw - GAP, fit[3]};
        if (pg->legend.corner == BH_CORNER_TOP_LEFT || pg->legend.corner == BH_CORNER_BOTTOM_LEFT)
            side[0] += lw + GAP;
        if (bh_mapview_fit_scale(side, D->ext) >= 0.9 * bh_mapview_fit_scale(fit, D->ext))
            memcpy(fit, side, sizeof fit);
    }
    bh_status st = bh_mapview_create_in(D->ctx, D->frame, fit, D->ext,
                                        bh_surface_dots_per_mm(surface), &D->mv);
    if (st == BH_OK) {
        /* The legend again, from the areas the view really shows (the fit only needed its
         * width). */
        mark_visible(D, bh_mapview_visible_extent(D->mv));
        bh_legend_destroy(D->legend);
        D->legend = NULL;
        st = build_legend(D, &D->ts);
    }
    if (st == BH_OK)
        st = bh_labeler_create(D->frame[0], D->frame[1], D->frame[0] + D->frame[2],
                               D->frame[1] + D->frame[3], 0.8, &D->lab);
    if (st == BH_E_NOMEM)
        st = bh_error(D->ctx, st, "out of memory");
    return st;
}

/* Places legend, scale bar, north arrow and the sample stamp; no label may cover them. */
static bh_status reserve_furniture(draw *D)
{
    const bh_style_page *pg = D->pg;
    bh_status st = BH_OK;
    layout_furniture(D, &D->ts, D->pos);
    for (size_t i = 0; i < D->n_reserved && st == BH_OK; i++)
        st = bh_labeler_reserve(D->lab, D->reserved[i][0], D->reserved[i][1], D->reserved[i][2],
                                D->reserved[i][3]);
    if (st == BH_OK && D->sample && pg->stamp) {
        double *b = D->stamp_box;
        bh_titleblock_stamp(D->cr, pg->font_family, pg->text_pt * 1.3, NULL, 0, 0, b, 0);
        double sh = b[3] - b[1], sw = b[2] - b[0];
        b[0] = D->frame[0] + D->frame[2] / 2 - sw / 2;
        b[1] = D->frame[1] + GAP;
        b[2] = b[0] + sw;
        b[3] = b[1] + sh;
        st = bh_labeler_reserve(D->lab, b[0], b[1], b[2], b[3]);
    }
    if (st != BH_OK) /* the labeller has no ctx */
        st = bh_error(D->ctx, st, "out of memory placing the map furniture");
    return st;
}

/* The map: layers in style order, clipped to the frame. */
static bh_status draw_layers(draw *D)
{
    cairo_t *cr = D->cr;
    bh_status st = BH_OK;
    cairo_save(cr);
    bh_mapview_clip(D->mv, cr);
    for (size_t i = 0; i < bh_style_n_layers(D->style) && st == BH_OK; i++) {
        const bh_style_layer *L = &D->lay[i];
        if (!D->drawn[i])
            continue;
        if (L->type == BH_LAYER_AREAS) {
            st = draw_areas(D);
            continue;
        }
        if (L->type == BH_LAYER_RASTER) {
            st = bh_mapraster_draw(D->db, D->info[i].raster, L, D->mv, cr);
            continue;
        }
        bh_text_style fts = D->lab_ts;
        fts.size_pt = L->label_pt;
        size_t pts = 0;
        st = bh_maplayer_draw(D->db, L, D->mv, cr, D->lab, &fts, &pts);
        D->res->points_drawn += pts;
    }
    cairo_restore(cr);
    return st;
}

/* Frame, legend, scale bar, north arrow, stamp, title block, footer. */
static void draw_furniture(draw *D, const bh_mapdraw_texts *t, bh_surface *surface)
{
    const bh_style_page *pg = D->pg;
    cairo_t *cr = D->cr;
    double W = bh_surface_width_mm(surface), H = bh_surface_height_mm(surface);
    double m = pg->margin_mm;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.4);
    cairo_rectangle(cr, D->frame[0], D->frame[1], D->frame[2], D->frame[3]);
    cairo_stroke(cr);
    if (D->pos[0][2] > 0)
        bh_legend_draw(D->legend, cr, D->pos[0][0], D->pos[0][1]);
    if (D->pos[1][2] > 0)
        bh_scalebar_draw(cr, D->mv, fmin(60, D->frame[2] / 4), &D->ts, D->pos[1][0], D->pos[1][1]);
    if (D->pos[2][2] > 0) {
        double cx = (D->ext[0] + D->ext[2]) / 2, cy = (D->ext[1] + D->ext[3]) / 2;
        int srid = D->db ? bh_db_srid(D->db) : (D->city ? bh_city_srid(D->city) : 0);
        double conv = srid > 0 ? bh_north_convergence(D->ctx, srid, cx, cy) : 0;
        bh_north_draw(cr, 12, &D->ts, -conv, D->pos[2][0], D->pos[2][1]);
    }
    if (D->sample && pg->stamp) {
        double box[4];
        const double *b = D->stamp_box;
        bh_titleblock_stamp(cr, pg->font_family, pg->text_pt * 1.3, NULL, (b[0] + b[2]) / 2,
                            (b[1] + b[3]) / 2, box, 1);
    }
    if (pg->title_block)
        bh_titleblock_header(cr, &t->tb, m, m, W - 2 * m, 1);
    bh_titleblock_footer(cr, &t->tb, m, H - m, W - 2 * m, 1);
}

/* Labels and charts of the areas, then the labels of every layer. */
static bh_status draw_labels(draw *D)
{
    cairo_t *cr = D->cr;
    size_t n_charts = 0;
    bh_status st = BH_OK;
    if (D->areas) {
        st = bh_mapdraw_label_areas(D, &D->lab_ts, &n_charts);
        if (st == BH_E_NOMEM)
            st = bh_error(D->ctx, st, "out of memory placing labels");
    }
    if (st != BH_OK)
        return st;
    cairo_save(cr);
    bh_mapview_clip(D->mv, cr);
    if (D->areas && n_charts > 0)
        st = bh_mapdraw_charts(D);
    bh_labeler_place(D->lab, cr);
    if (st == BH_OK && bh_labeler_failed(D->lab))
        st = bh_error(D->ctx, BH_E_NOMEM, "out of memory placing labels");
    bh_labeler_draw(D->lab, cr);
    cairo_restore(cr);
    D->res->labels_placed = bh_labeler_placed(D->lab);
    D->res->labels_dropped = bh_labeler_dropped(D->lab);
    return st;
}

static void fill_result(draw *D)
{
    D->res->n_classes = (size_t)D->mc.k;
    D->res->n_class_bounds = D->mc.n_bounds;
    memcpy(D->res->class_bounds, D->mc.bounds, D->mc.n_bounds * sizeof(double));
    D->res->legend_entries = bh_legend_count(D->legend);
    D->res->sample = D->sample && D->pg->stamp;
    D->res->scale_denominator = bh_mapview_scale_denominator(D->mv);
    memcpy(D->res->extent, bh_mapview_visible_extent(D->mv), sizeof D->res->extent);
    for (size_t i = 0; i < bh_summary_n_areas(D->md); i++)
        D->res->total += bh_summary_total(D->md, i);
}

bh_status bh_map_draw(bh_ctx *ctx, bh_db *db, const bh_summary *md, const bh_style *style,
                      const bh_city *city, const bh_map_opts *o, bh_surface *surface,
                      bh_map_result *result)
{
    bh_map_result dummy;
    draw D = {0};
    bh_status st = draw_begin(&D, ctx, db, md, style, city, o, surface, result ? result : &dummy);
    if (st == BH_OK)
        st = draw_prepare(&D);
    if (st != BH_OK) {
        draw_cleanup(&D);
        return st;
    }
    bh_mapdraw_texts t = {0};
    st = bh_mapdraw_texts_make(&D, &t);
    if (st == BH_OK)
        st = place_view(&D, &t, surface);
    if (st == BH_OK)
        st = reserve_furniture(&D);
    if (st == BH_OK)
        st = draw_layers(&D);
    if (st == BH_OK)
        st = draw_labels(&D);
    if (st == BH_OK) {
        draw_furniture(&D, &t, surface);
        fill_result(&D);
        cairo_t *cr = D.cr;
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = bh_error(ctx, BH_E_INTERNAL, "drawing the map failed: %s",
                          cairo_status_to_string(cairo_status(cr)));
    }
    bh_mapdraw_texts_free(&t);
    draw_cleanup(&D);
    /* The drawing modules without a ctx (labels, legend, table) hand back a bare status: it
     * reaches the caller's ctx here at the latest. */
    if (st != BH_OK && bh_ctx_status(ctx) == BH_OK)
        st = bh_error(ctx, st, "drawing the map: %s", bh_status_string(st));
    return st;
}

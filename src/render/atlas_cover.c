/* The atlas's own cover ("cover": "index" in the atlas section): every area filled by the class
 * of its total, labelled with name, count and page, and an index table of the area pages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/atlas_internal.h"
#include "core/alloc.h"
#include "render/labels.h"
#include "render/mapview.h"
#include "render/page.h"
#include "render/table.h"
#include "render/text.h"

static bh_status cover_nomem(bh_atlas *a, bh_status st)
{
    /* table and labeler report a bare status: the ctx gets its message here */
    if (st != BH_OK && bh_ctx_status(a->ctx) == BH_OK)
        return bh_error(a->ctx, st, "atlas: cover: out of memory");
    return st;
}

/* A table of ncol side-by-side columns of rows (name, count, 前年比 only when one, page) at the
 * largest number of columns up to 4 the height h needs. */
static bh_status cover_index_create(bh_atlas *a, double h, size_t rows, bh_table **out,
                                    size_t *ncol_out)
{
    double pt = bh_atlas_cfg_num(a, "table_pt", 6.5);
    size_t ncol = 1;
    bh_table *t = NULL;
    for (;;) {
        bh_status st = bh_table_create(ncol == 1 ? 4 : 3, &t);
        if (st != BH_OK)
            return cover_nomem(a, st);
        bh_table_set_font(t, ncol == 1 ? pt : pt * 0.85);
        double rh = bh_table_row_height(t), hh = bh_table_header_height(t);
        size_t fit = h > hh + rh ? (size_t)((h - hh) / rh) : 0;
        if (fit == 0 || fit * ncol >= rows || ncol >= 4)
            break;
        bh_table_destroy(t);
        t = NULL;
        ncol++;
    }
    size_t c = 0;
    bh_status st = bh_table_set_column(t, c++, bh_atlas_kind_label(a->o->by), BH_ALIGN_LEFT, 3);
    if (st == BH_OK)
        st = bh_table_set_column(t, c++, "件数", BH_ALIGN_RIGHT, 1);
    if (st == BH_OK && ncol == 1)
        st = bh_table_set_column(t, c++, "前年比", BH_ALIGN_RIGHT, 1.2);
    if (st == BH_OK)
        st = bh_table_set_column(t, c++, "頁", BH_ALIGN_RIGHT, 0.7);
    if (st != BH_OK) {
        bh_table_destroy(t);
        return cover_nomem(a, st);
    }
    *out = t;
    *ncol_out = ncol;
    return BH_OK;
}

/* The index of area pages: name, count, 前年比 and page, in as many side-by-side columns as
 * the rows need (前年比 is left out when there are more than one). */
static bh_status cover_index_table(bh_atlas *a, cairo_t *cr, double x, double y, double w, double h)
{
    size_t na = bh_summary_n_areas(a->areas), rows = 0, ncol = 1;
    for (size_t i = 0; i < na; i++)
        rows += bh_atlas_has_page(a, i);
    bh_table *t = NULL;
    bh_status st = cover_index_create(a, h, rows, &t, &ncol);
    int page = 2;
    for (size_t i = 0; st == BH_OK && i < na; i++) {
        if (!bh_atlas_has_page(a, i))
            continue;
        char n[32], r[32], p[16];
        long tot = bh_summary_total(a->areas, i), prev = bh_summary_prev_total(a->areas, i);
        snprintf(n, sizeof n, "%ld", tot);
        if (prev > 0)
            snprintf(r, sizeof r, "%+.1f%%", 100.0 * (double)(tot - prev) / (double)prev);
        else
            snprintf(r, sizeof r, "—");
        snprintf(p, sizeof p, "%d", page++);
        const char *cells4[4] = {bh_summary_area_name(a->areas, i), n, r, p};
        const char *cells3[3] = {bh_summary_area_name(a->areas, i), n, p};
        st = cover_nomem(a, bh_table_add_row(t, ncol == 1 ? cells4 : cells3));
    }
    double gap = 2, cw = (w - gap * (double)(ncol - 1)) / (double)ncol;
    size_t next = 0;
    for (size_t k = 0; st == BH_OK && k < ncol && next < bh_table_rows(t); k++)
        next = bh_table_draw(t, cr, x + (cw + gap) * (double)k, y, cw, h, next);
    bh_table_destroy(t);
    return st;
}

/* The whole-city extent of the areas that have a page. */
static void cover_extent(bh_atlas *a, double ext[4])
{
    size_t na = bh_summary_n_areas(a->areas);
    ext[0] = ext[1] = INFINITY;
    ext[2] = ext[3] = -INFINITY;
    for (size_t i = 0; i < na; i++) {
        if (!bh_atlas_has_page(a, i))
            continue;
        ext[0] = fmin(ext[0], a->env[i][0]);
        ext[1] = fmin(ext[1], a->env[i][1]);
        ext[2] = fmax(ext[2], a->env[i][2]);
        ext[3] = fmax(ext[3], a->env[i][3]);
    }
    if (!isfinite(ext[0]))
        ext[0] = ext[1] = 0, ext[2] = ext[3] = 1;
}

/* Area totals on the cover are classed among the areas themselves (quantile of 5); *cls NULL
 * (with a warning) when they cannot be classed. */
static bh_status cover_classes(bh_atlas *a, bh_classes **cls)
{
    size_t na = bh_summary_n_areas(a->areas), nt = 0;
    *cls = NULL;
    double *tot = bh_malloc((na ? na : 1) * sizeof *tot);
    if (tot == NULL)
        return bh_error(a->ctx, BH_E_NOMEM, "atlas: cover: out of memory");
    for (size_t i = 0; i < na; i++)
        if (bh_atlas_has_page(a, i))
            tot[nt++] = (double)bh_summary_total(a->areas, i);
    bh_status st = BH_OK;
    if (nt > 0 &&
        bh_classify(a->ctx, BH_CLASSIFY_QUANTILE, tot, nt, (int)a->n_ramp, NULL, 0, cls) != BH_OK) {
        if (bh_ctx_status(a->ctx) == BH_E_NOMEM)
            st = BH_E_NOMEM;
        else
            bh_ctx_warn_error(a->ctx, "atlas: cover: area totals left unclassed");
    }
    bh_free(tot);
    return st;
}

/* Each area filled by its class, and its label (name, count, page) handed to lab. */
static bh_status cover_areas(bh_atlas *a, cairo_t *cr, bh_mapview *mv, bh_labeler *lab,
                             const bh_classes *cls)
{
    bh_text_style ls = bh_text_style_default(bh_atlas_cfg_num(a, "label_pt", 6) + 1);
    ls.halo_mm = 0.35;
    ls.align = BH_ALIGN_CENTER;
    size_t na = bh_summary_n_areas(a->areas);
    int page = 2;
    bh_status st = BH_OK;
    for (size_t i = 0; st == BH_OK && i < na; i++) {
        if (!bh_atlas_has_page(a, i))
            continue;
        size_t len = 0;
        const unsigned char *wkb = bh_summary_area_wkb(a->areas, i, &len);
        cairo_new_path(cr);
        long nv = bh_mapview_path_wkb(mv, cr, wkb, len);
        if (nv == -2)
            return BH_E_NOMEM;
        if (nv < 0) {
            bh_ctx_warn_error(a->ctx, "atlas: cover: %s skipped",
                              bh_summary_area_name(a->areas, i));
            continue;
        }
        int c = cls ? bh_classes_assign(cls, (double)bh_summary_total(a->areas, i)) : 0;
        int k = cls ? bh_classes_count(cls) : 1;
        size_t idx = k > 1 ? (size_t)((double)c * (double)(a->n_ramp - 1) / (k - 1) + 0.5) : 0;
        bh_page_set_color(cr, &a->ramp[idx < a->n_ramp ? idx : 0]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        cairo_set_line_width(cr, 0.3);
        cairo_stroke(cr);
        double px, py;
        char text[256];
        snprintf(text, sizeof text, "%s\n%ld件 (p.%d)", bh_summary_area_name(a->areas, i),
                 bh_summary_total(a->areas, i), page);
        page++;
        if (bh_mapview_label_point(mv, wkb, len, &px, &py) == 0)
            st = cover_nomem(a, bh_labeler_add(lab, text, &ls, px, py,
                                               (double)bh_summary_total(a->areas, i), NULL, NULL));
    }
    return st;
}

/* Cover: every area filled by its total's class on the whole-city extent, labelled with its
 * name and page number, and the index table. */
bh_status bh_atlas_cover_index(bh_atlas *a)
{
    cairo_t *cr = bh_surface_cairo(a->surf);
    char title[256], sub[256];
    snprintf(title, sizeof title, "%s %s別 犯罪発生状況", bh_city_name(a->city),
             bh_atlas_kind_label(a->o->by));
    snprintf(sub, sizeof sub, "%s", a->period[0] ? a->period : "期間：データなし");
    bh_atlas_draw_header(a, cr, title, sub);
    double ext[4], frame[4], block[4], tb[4];
    cover_extent(a, ext);
    bh_atlas_layout(a, frame, block, tb);
    bh_mapview *mv = NULL;
    bh_status st = bh_mapview_create(a->ctx, frame, 3, ext, bh_surface_dots_per_mm(a->surf), &mv);
    if (st != BH_OK)
        return st;
    bh_labeler *lab = NULL;
    bh_classes *cls = NULL;
    st = cover_nomem(a, bh_labeler_create(frame[0], frame[1], frame[0] + frame[2],
                                          frame[1] + frame[3], 1.2, &lab));
    if (st == BH_OK)
        st = cover_classes(a, &cls);
    cairo_save(cr);
    bh_mapview_clip(mv, cr);
    if (st == BH_OK)
        st = cover_areas(a, cr, mv, lab, cls);
    cairo_restore(cr);
    if (st == BH_OK) {
        bh_labeler_place(lab, cr);
        if (bh_labeler_failed(lab))
            st = bh_error(a->ctx, BH_E_NOMEM, "atlas: cover: out of memory placing labels");
    }
    if (st == BH_OK) {
        bh_labeler_draw(lab, cr);
        a->dropped += (long)bh_labeler_dropped(lab);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.3);
        cairo_rectangle(cr, frame[0], frame[1], frame[2], frame[3]);
        cairo_stroke(cr);
        /* The index takes the regions of the table and the chart block together. */
        if (a->pw >= a->ph)
            st = cover_index_table(a, cr, block[0], block[1], block[2], block[3] + tb[3] + 4);
        else
            st = cover_index_table(a, cr, block[0], block[1], block[2] + tb[2] + 5, tb[3]);
    }
    if (st == BH_OK)
        bh_atlas_draw_footer(a, cr);
    bh_classes_destroy(cls);
    bh_labeler_destroy(lab);
    bh_mapview_destroy(mv);
    return st;
}

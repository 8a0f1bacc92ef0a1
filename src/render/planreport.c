/* bh_planreport_render: the plan cycle's table, paginated, with computed figures. */
#include "render/planreport.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/strbuf.h"
#include "plan/cycle.h"
#include "plan/metrics.h"
#include "render/page.h"
#include "render/planmap.h"
#include "render/surface.h"
#include "render/table.h"
#include "render/text.h"

#define MARGIN 10.0
#define HEAD_H 16.0
#define FOOT_H 7.0

enum { COL_NO, COL_PROJECT, COL_CONTENT, COL_DEPT, COL_REPORT, COL_PLAN, COL_FIG, NCOLS };

typedef struct report {
    bh_db *db;
    const bh_planreport_opts *o;
    bh_planreport_result *res;
    bh_plan_cycle *cycle;
    bh_plan_metrics *metrics;
    bh_table *table;
    bh_planmap *pm;
    size_t *map_rows; /* cycle rows with a map */
    size_t n_maps;
    char title[160], subtitle[200], printed[64];
} report;

/* The figures cell of item: stated value, 前年比, the layer's count (✓ or ※不一致). */
static void figures_cell(report *r, int item, bh_strbuf *sb)
{
    for (size_t i = 0; i < r->metrics->count; i++) {
        const bh_plan_metric_row *m = &r->metrics->rows[i];
        if (m->item_no != item || strcmp(m->fiscal_year, r->cycle->fy) != 0)
            continue;
        if (sb->len > 0)
            bh_strbuf_append(sb, "\n");
        bh_strbuf_printf(sb, "%s ", m->label ? m->label : m->metric);
        bh_strbuf_number(sb, m->value);
        bh_strbuf_append(sb, m->unit);
        if (m->has_prev && m->prev != 0)
            bh_strbuf_printf(sb, "（前年比%+.1f%%）", 100.0 * (m->value - m->prev) / m->prev);
        r->res->figures++;
        if (!m->has_computed)
            continue;
        r->res->computed++;
        bh_strbuf_append(sb, "\n　台帳 ");
        bh_strbuf_number(sb, (double)m->computed);
        bh_strbuf_append(sb, m->unit);
        if (bh_plan_metric_mismatch(m)) {
            bh_strbuf_append(sb, " ※不一致");
            r->res->mismatches++;
        } else
            bh_strbuf_append(sb, " ✓");
    }
}

static bh_status add_heading(report *r, const bh_plan_row *row, size_t first)
{
    size_t n = 0;
    for (size_t i = first; i < r->cycle->count && r->cycle->rows[i].category == row->category; i++)
        n++;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, "区分%d【%s】（%d事業）", row->category, row->category_name,
                     row->declared_count);
    if ((int)n != row->declared_count)
        bh_strbuf_printf(&sb, " ※掲載%zu事業", n);
    if (row->category_summary != NULL)
        bh_strbuf_printf(&sb, "\n事業概要：%s", row->category_summary);
    bh_status st = sb.failed ? BH_E_NOMEM : bh_table_add_band(r->table, sb.data);
    bh_strbuf_free(&sb);
    r->res->categories++;
    return st;
}

static bh_status add_rows(report *r)
{
    bh_status st = BH_OK;
    int cat = 0;
    for (size_t i = 0; st == BH_OK && i < r->cycle->count; i++) {
        const bh_plan_row *row = &r->cycle->rows[i];
        if (row->category != cat) {
            cat = row->category;
            st = add_heading(r, row, i);
        }
        char no[16];
        snprintf(no, sizeof no, "%d", row->number);
        bh_strbuf fig;
        bh_strbuf_init(&fig);
        figures_cell(r, row->item_no, &fig);
        const char *cells[NCOLS] = {no,          row->project, row->content, row->departments,
                                    row->report, row->plan,    fig.data};
        if (st == BH_OK)
            st = fig.failed ? BH_E_NOMEM : bh_table_add_row(r->table, cells);
        bh_strbuf_free(&fig);
        r->res->items++;
    }
    return st;
}

static bh_status make_table(report *r)
{
    char rep[64], plan[64];
    snprintf(rep, sizeof rep, "事業報告（%s）", r->cycle->fy);
    snprintf(plan, sizeof plan, "事業計画（%s）", r->cycle->plan_fy);
    static const double weight[NCOLS] = {0.45, 1.3, 1.9, 1.1, 3.2, 3.2, 1.8};
    const char *head[NCOLS] = {"No.", "事業名", "内容", "担当課", rep, plan, "実績値・台帳照合"};
    bh_status st = bh_table_create(NCOLS, &r->table);
    for (size_t c = 0; st == BH_OK && c < NCOLS; c++)
        st = bh_table_set_column(r->table, c, head[c], c == COL_NO ? BH_ALIGN_RIGHT : BH_ALIGN_LEFT,
                                 weight[c]);
    if (st == BH_OK) {
        int a4 = r->o->paper != NULL && (r->o->paper[1] == '4') &&
                 (r->o->paper[0] == 'A' || r->o->paper[0] == 'a');
        bh_table_set_font(r->table, a4 ? 6.5 : 8);
        bh_table_set_wrap(r->table, 1, 1);
        st = add_rows(r);
    }
    return st;
}

static void titles(report *r)
{
    char *city = bh_db_meta_get(r->db, "city_name");
    snprintf(r->title, sizeof r->title, "令和%d年度 行動報告書・令和%d年度 行動計画書",
             r->cycle->year - 2018, r->cycle->year - 2017);
    snprintf(r->subtitle, sizeof r->subtitle, "%s年度行動報告書・%s年度行動計画書　%s%s",
             r->cycle->fy, r->cycle->plan_fy, city ? city : "", " 防犯対策推進本部");
    bh_free(city);
    int y, m, d;
    if (r->o->printed_date == NULL || sscanf(r->o->printed_date, "%d-%d-%d", &y, &m, &d) != 3) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    }
    char date[48];
    bh_page_wareki_date(y, m, d, date, sizeof date);
    snprintf(r->printed, sizeof r->printed, "作成日 %s", date);
}

/* Title and subtitle on top, page number and date at the bottom. */
static void furniture(report *r, cairo_t *cr, double w, double h, size_t page, size_t pages)
{
    bh_text_style t = bh_text_style_default(14);
    t.bold = 1;
    bh_text_draw(cr, &t, r->title, w / 2, MARGIN, BH_ANCHOR_N);
    bh_text_style s = bh_text_style_default(8);
    bh_text_draw(cr, &s, r->subtitle, w / 2, MARGIN + 8, BH_ANCHOR_N);
    char pg[48];
    snprintf(pg, sizeof pg, "%zu / %zu", page, pages);
    bh_text_draw(cr, &s, pg, w / 2, h - MARGIN + 2, BH_ANCHOR_S);
    bh_text_draw(cr, &s, r->printed, w - MARGIN, h - MARGIN + 2, BH_ANCHOR_SE);
}

/* Maps per page: 4 x 2 on A3/B3/B4, 3 x 2 on A4. */
static void map_grid(double w, int *cols, int *rows)
{
    *cols = w > 330 ? 4 : 3;
    *rows = 2;
}

/* The appendix: the spatial items' maps in a grid, page after page. */
static bh_status draw_maps(report *r, bh_surface *sf, double w, double h, size_t page, size_t pages)
{
    int cols, rows;
    map_grid(w, &cols, &rows);
    double top = MARGIN + HEAD_H + 6, gap = 4;
    double cw = (w - 2 * MARGIN - gap * (cols - 1)) / cols;
    double ch = (h - top - MARGIN - FOOT_H - gap * (rows - 1)) / rows;
    bh_status st = BH_OK;
    for (size_t k = 0; st == BH_OK && k < r->n_maps; k++) {
        size_t slot = k % (size_t)(cols * rows);
        if (slot == 0) {
            st = bh_surface_next_page(sf);
            if (st != BH_OK)
                break;
            furniture(r, bh_surface_cairo(sf), w, h, ++page, pages);
            bh_text_style hs = bh_text_style_default(10);
            hs.bold = 1;
            bh_text_draw(bh_surface_cairo(sf), &hs,
                         "事業別地図（公開版：個々の位置は交番管内・学区ごとの数で表示）", MARGIN,
                         MARGIN + HEAD_H, BH_ANCHOR_NW);
        }
        const bh_plan_row *row = &r->cycle->rows[r->map_rows[k]];
        char title[400];
        snprintf(title, sizeof title, "No.%d %s", row->number, row->content);
        double box[4] = {MARGIN + (double)(slot % (size_t)cols) * (cw + gap),
                         top + (double)(slot / (size_t)cols) * (ch + gap), cw, ch};
        int sample = 0;
        st = bh_planmap_draw(r->pm, bh_surface_cairo(sf), row->item_no, r->cycle->fy, title, box,
                             bh_surface_dots_per_mm(sf), &sample);
        r->res->maps++;
    }
    return st;
}

static bh_status find_maps(report *r)
{
    r->map_rows = bh_calloc(r->cycle->count ? r->cycle->count : 1, sizeof *r->map_rows);
    if (r->map_rows == NULL)
        return bh_error(bh_db_ctx(r->db), BH_E_NOMEM, "out of memory");
    for (size_t i = 0; i < r->cycle->count; i++)
        if (bh_planmap_wants(r->pm, r->cycle->rows[i].item_no, r->cycle->fy))
            r->map_rows[r->n_maps++] = i;
    return BH_OK;
}

static bh_status draw_pages(report *r, bh_surface *sf, double w, double h)
{
    cairo_t *cr = bh_surface_cairo(sf);
    double tw = w - 2 * MARGIN, th = h - 2 * MARGIN - HEAD_H - FOOT_H;
    bh_status st = bh_table_layout(r->table, cr, tw);
    size_t pages = 0, rows = bh_table_rows(r->table);
    for (size_t first = 0; st == BH_OK && first < rows; pages++)
        first += bh_table_rows_fitting(r->table, first, th);
    size_t table_pages = pages;
    int gc, gr;
    map_grid(w, &gc, &gr);
    pages += (r->n_maps + (size_t)(gc * gr) - 1) / (size_t)(gc * gr);
    size_t first = 0;
    for (size_t p = 1; st == BH_OK && p <= table_pages; p++) {
        if (p > 1)
            st = bh_surface_next_page(sf);
        if (st != BH_OK)
            break;
        cr = bh_surface_cairo(sf);
        furniture(r, cr, w, h, p, pages);
        first = bh_table_draw(r->table, cr, MARGIN, MARGIN + HEAD_H, tw, th, first);
    }
    if (st == BH_OK && r->n_maps > 0)
        st = draw_maps(r, sf, w, h, table_pages, pages);
    r->res->pages = pages;
    return st;
}

bh_status bh_planreport_render(bh_db *db, const bh_planreport_opts *opts,
                               bh_planreport_result *result)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_planreport_result scratch;
    report r = {.db = db, .o = opts, .res = result ? result : &scratch};
    memset(r.res, 0, sizeof *r.res);
    double pw, ph;
    bh_status st = bh_page_paper_size(ctx, opts->paper ? opts->paper : "A3", &pw, &ph);
    if (st == BH_OK)
        st = bh_plan_cycle_query(db, opts->fy, NULL, &r.cycle);
    if (st == BH_OK && !r.cycle->exists)
        st = bh_error(ctx, BH_E_NOT_FOUND, "fiscal year %s: no plan cycle in the database",
                      r.cycle->fy);
    if (st == BH_OK)
        st = bh_plan_metrics_query(db, 0, r.cycle->fy, &r.metrics);
    if (st == BH_OK && opts->maps)
        st = bh_planmap_create(db, &r.pm);
    if (st == BH_OK && opts->maps)
        st = find_maps(&r);
    if (st == BH_OK) {
        st = make_table(&r);
        if (st == BH_E_NOMEM)
            st = bh_error(ctx, st, "plan report: out of memory");
    }
    bh_surface *sf = NULL;
    if (st == BH_OK) {
        titles(&r);
        st = bh_surface_create(ctx, opts->out, ph, pw, 0, &sf); /* landscape */
    }
    if (st == BH_OK)
        st = draw_pages(&r, sf, ph, pw);
    if (st == BH_OK)
        st = bh_surface_finish(sf);
    bh_surface_destroy(sf);
    bh_table_destroy(r.table);
    bh_planmap_destroy(r.pm);
    bh_free(r.map_rows);
    bh_plan_metrics_destroy(r.metrics);
    bh_plan_cycle_destroy(r.cycle);
    return st;
}

/* bh_planreport_render: the plan cycle's table, paginated, with computed figures. */
#include "render/planreport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/strbuf.h"
#include "plan/cycle.h"
#include "plan/metrics.h"
#include "render/page.h"
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
    free(city);
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

static bh_status draw_pages(report *r, bh_surface *sf, double w, double h)
{
    cairo_t *cr = bh_surface_cairo(sf);
    double tw = w - 2 * MARGIN, th = h - 2 * MARGIN - HEAD_H - FOOT_H;
    bh_status st = bh_table_layout(r->table, cr, tw);
    size_t pages = 0, rows = bh_table_rows(r->table);
    for (size_t first = 0; st == BH_OK && first < rows; pages++)
        first += bh_table_rows_fitting(r->table, first, th);
    size_t first = 0;
    for (size_t p = 1; st == BH_OK && p <= pages; p++) {
        if (p > 1)
            st = bh_surface_next_page(sf);
        if (st != BH_OK)
            break;
        cr = bh_surface_cairo(sf);
        furniture(r, cr, w, h, p, pages);
        first = bh_table_draw(r->table, cr, MARGIN, MARGIN + HEAD_H, tw, th, first);
    }
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
    bh_plan_metrics_destroy(r.metrics);
    bh_plan_cycle_destroy(r.cycle);
    return st;
}

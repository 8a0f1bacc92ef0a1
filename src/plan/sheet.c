/* bh_plan_export: one spreadsheet per department (GDAL's XLSX or CSV driver). */
#include "plan/sheet.h"

#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "plan/cycle.h"
#include "plan/metrics.h"
#include "plan/sheet_cols.h"

void bh_plan_sheet_headers(const char *fy, const char *plan_fy, char headers[SHEET_NCOLS][48])
{
    static const char *const fixed[SHEET_NCOLS] = {"ID", "区分", "No.", "事業名", "内容", "担当課",
                                                   NULL, NULL,   NULL,  NULL,     "廃止"};
    for (int c = 0; c < SHEET_NCOLS; c++)
        snprintf(headers[c], 48, "%s", fixed[c] ? fixed[c] : "");
    snprintf(headers[SHEET_PREV_PLAN], 48, "事業計画（%s）", fy);
    snprintf(headers[SHEET_REPORT], 48, "事業報告（%s）", fy);
    snprintf(headers[SHEET_PLAN], 48, "事業計画（%s）", plan_fy);
    snprintf(headers[SHEET_METRICS], 48, "指標（%s）", fy);
}

/* "cameras_total=\ncameras_added=" for the metrics item had the year before (values of fy when
 * already stated). */
static void metrics_cell(const bh_plan_metrics *m, int item, const char *fy, bh_strbuf *sb)
{
    for (size_t i = 0; i < m->count; i++) {
        const bh_plan_metric_row *r = &m->rows[i];
        if (r->item_no != item)
            continue;
        int seen = 0; /* one line per metric: its value of fy when stated */
        for (size_t k = 0; k < i; k++)
            seen |= m->rows[k].item_no == item && strcmp(m->rows[k].metric, r->metric) == 0;
        if (seen)
            continue;
        const bh_plan_metric_row *cur = NULL;
        for (size_t k = i; k < m->count; k++)
            if (m->rows[k].item_no == item && strcmp(m->rows[k].metric, r->metric) == 0 &&
                strcmp(m->rows[k].fiscal_year, fy) == 0)
                cur = &m->rows[k];
        bh_strbuf_printf(sb, "%s%s=", sb->len ? "\n" : "", r->metric);
        if (cur != NULL)
            bh_strbuf_printf(sb, "%.15g", cur->value);
    }
}

static bh_status write_rows(bh_db *db, OGRLayerH lyr, const bh_plan_cycle *c,
                            const bh_plan_metrics *m)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    for (size_t i = 0; i < c->count; i++) {
        const bh_plan_row *r = &c->rows[i];
        OGRFeatureH f = OGR_F_Create(defn);
        char id[16], cat[16], no[16];
        snprintf(id, sizeof id, "%d", r->item_no);
        snprintf(cat, sizeof cat, "%d", r->category);
        snprintf(no, sizeof no, "%d", r->number);
        bh_strbuf met;
        bh_strbuf_init(&met);
        metrics_cell(m, r->item_no, c->fy, &met);
        const char *v[SHEET_NCOLS] = {
            id,           cat,       no,      r->project, r->content, r->departments,
            r->prev_plan, r->report, r->plan, met.data,   ""};
        for (int k = 0; k < SHEET_NCOLS; k++)
            OGR_F_SetFieldString(f, k, v[k] ? v[k] : "");
        OGRErr e = OGR_L_CreateFeature(lyr, f);
        OGR_F_Destroy(f);
        bh_strbuf_free(&met);
        if (e != OGRERR_NONE)
            return bh_error(bh_db_ctx(db), BH_E_IO, "plan export: row of item %d: %s", r->item_no,
                            bh_ctx_gdal_error(bh_db_ctx(db)));
    }
    return BH_OK;
}

/* "<dir>/R6_教育委員会（学務課）.xlsx": '/' in a name becomes '_'. */
static char *sheet_path(const bh_plan_export_opts *o, const char *fy, const char *dept)
{
    char *p = bh_asprintf("%s/%s_%s.%s", o->dir, fy, dept, o->csv ? "csv" : "xlsx");
    for (char *q = p ? p + strlen(o->dir) + 1 : NULL; q && *q; q++)
        if (*q == '/')
            *q = '_';
    return p;
}

static bh_status export_one(bh_db *db, const bh_plan_export_opts *o, const char *dept,
                            const bh_plan_metrics *m)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_plan_cycle *c = NULL;
    bh_status st = bh_plan_cycle_query(db, o->fy, dept, &c);
    if (st != BH_OK)
        return st;
    if (c->count == 0) {
        bh_plan_cycle_destroy(c);
        return bh_error(ctx, BH_E_NOT_FOUND, "department '%s': no plan items in %s", dept, o->fy);
    }
    char *path = sheet_path(o, c->fy, dept);
    GDALDriverH drv = GDALGetDriverByName(o->csv ? "CSV" : "XLSX");
    const char *const lco[] = {"WRITE_BOM=YES", NULL};
    GDALDatasetH ds = drv && path ? GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    OGRLayerH lyr =
        ds ? GDALDatasetCreateLayer(ds, c->fy, NULL, wkbNone, o->csv ? (char **)lco : NULL) : NULL;
    char headers[SHEET_NCOLS][48];
    bh_plan_sheet_headers(c->fy, c->plan_fy, headers);
    for (int k = 0; lyr != NULL && k < SHEET_NCOLS; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(headers[k], OFTString);
        if (OGR_L_CreateField(lyr, fd, TRUE) != OGRERR_NONE)
            lyr = NULL;
        OGR_Fld_Destroy(fd);
    }
    if (lyr == NULL)
        st = bh_error(ctx, BH_E_IO, "%s: cannot write (%s)", path ? path : o->dir,
                      bh_ctx_gdal_error(ctx));
    else
        st = write_rows(db, lyr, c, m);
    if (ds != NULL)
        GDALClose(ds); /* GDAL 3.6: void; a failed flush shows as a CPL error */
    if (st == BH_OK && bh_ctx_status(ctx) != BH_OK)
        st = bh_ctx_status(ctx);
    free(path);
    bh_plan_cycle_destroy(c);
    return st;
}

bh_status bh_plan_export(bh_db *db, const bh_plan_export_opts *opts, size_t *files)
{
    *files = 0;
    bh_plan_cycle *all = NULL;
    bh_plan_metrics *m = NULL;
    char **depts = NULL;
    bh_status st = bh_plan_cycle_query(db, opts->fy, NULL, &all);
    if (st == BH_OK)
        st = bh_plan_metrics_query(db, 0, NULL, &m);
    if (st == BH_OK && opts->department == NULL)
        st = bh_plan_cycle_departments(db, all, &depts);
    if (st == BH_OK && opts->department != NULL)
        st = export_one(db, opts, opts->department, m), *files += st == BH_OK;
    for (size_t i = 0; st == BH_OK && depts && depts[i]; i++)
        st = export_one(db, opts, depts[i], m), *files += st == BH_OK;
    for (size_t i = 0; depts && depts[i]; i++)
        free(depts[i]);
    free(depts);
    bh_plan_metrics_destroy(m);
    bh_plan_cycle_destroy(all);
    return st;
}

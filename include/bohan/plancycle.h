/* The plan's yearly cycle as a front end sees it: the figures per fiscal year (bh_plan_metrics)
 * and the printed 行動報告書・行動計画書 (bh_planreport). */
#ifndef BOHAN_PLANCYCLE_H
#define BOHAN_PLANCYCLE_H

#include <stddef.h>
#include "bohan/db.h"
#include "bohan/export.h"

BH_BEGIN_DECLS

/* The plan's figures per fiscal year (plan_metrics) with 前年比 and, where plan_metric_checks
 * names a layer, the figure the database computes from the assets beside the stated one. */


typedef struct bh_plan_metric_row {
    int item_no;
    char *metric, *label, *unit, *fiscal_year; /* label may be NULL */
    double value;                              /* stated */
    int has_prev;                              /* a value for the year before exists */
    double prev;                               /* its value */
    int has_computed;                          /* plan_metric_checks names a layer that is loaded */
    long long computed; /* features of that layer matching the check's filter */
    char *check;        /* "cameras: installed_fy = :fy", or why nothing was computed */
} bh_plan_metric_row;

typedef struct bh_plan_metrics {
    bh_plan_metric_row *rows; /* by item, metric, year */
    size_t count;
} bh_plan_metrics;

/* Every metric of item (0 = all items), for fiscal year fy only when not NULL. *out is owned by
 * the caller (bh_plan_metrics_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_plan_metrics_query(bh_db *db, int item, const char *fy,
                                                     bh_plan_metrics **out);
BH_API void bh_plan_metrics_destroy(bh_plan_metrics *m);
/* 1 when the row has a computed figure that differs from the stated one. */
BH_API int bh_plan_metric_mismatch(const bh_plan_metric_row *r);

/* The plan's yearly document as the city prints it: R5年度行動報告書・R6年度行動計画書 from the
 * database (plan/cycle.h), 区分 headings with 事業概要 and declared counts, one row per item
 * (No. / 事業名 / 内容 / 担当課 / 事業報告 / 事業計画) plus the figures computed from the assets
 * beside the stated ones (plan/metrics.h), the header row repeated on every page, page
 * numbers, 和暦 title; PDF with embedded fonts (cairo + pango). */


typedef struct bh_planreport_opts {
    const char *fy;           /* cycle: report of fy, plan of fy+1 ("R5") */
    const char *out;          /* output file (.pdf, .png, .svg) */
    const char *paper;        /* A4|A3|B4|B3 landscape; NULL = A3 */
    int maps;                 /* 1: small public-edition maps of the spatial items */
    const char *printed_date; /* "YYYY-MM-DD"; NULL = today (UTC) */
} bh_planreport_opts;

typedef struct bh_planreport_result {
    size_t items;      /* rows printed */
    size_t categories; /* 区分 headings */
    size_t pages;
    size_t figures;    /* stated figures printed */
    size_t computed;   /* of which have a figure computed from a layer */
    size_t mismatches; /* computed ≠ stated (flagged) */
    size_t maps;       /* item maps drawn */
} bh_planreport_result;

/* Renders the report of cycle opts->fy to opts->out. result may be NULL. Reads db only. */
BH_API BH_WARN_UNUSED bh_status bh_planreport_render(bh_db *db, const bh_planreport_opts *opts,
                                                    bh_planreport_result *result);

BH_END_DECLS

#endif

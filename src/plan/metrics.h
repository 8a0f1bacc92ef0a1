/* The plan's figures per fiscal year (plan_metrics) with 前年比 and, where plan_metric_checks
 * names a layer, the figure the database computes from the assets beside the stated one. */
#ifndef BH_PLAN_METRICS_H
#define BH_PLAN_METRICS_H

#include <stddef.h>
#include "bohan/export.h"
#include "db/db.h"

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
BH_API BH_MUST_CHECK bh_status bh_plan_metrics_query(bh_db *db, int item, const char *fy,
                                                     bh_plan_metrics **out);
BH_API void bh_plan_metrics_destroy(bh_plan_metrics *m);
/* 1 when the row has a computed figure that differs from the stated one. */
BH_API int bh_plan_metric_mismatch(const bh_plan_metric_row *r);

#endif

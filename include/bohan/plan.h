/* The city's crime-prevention plan (R5 report / R6 plan): categories, items, departments,
 * metrics and item↔asset-layer links. The plan is data (data/<city>/plan/ CSV files, read through
 * OGR's CSV driver); these functions load it into the plan tables and query it back. */
#ifndef BOHAN_PLAN_H
#define BOHAN_PLAN_H

#include <stddef.h>
#include "bohan/db.h"

BH_BEGIN_DECLS

/* ---- Listing items ---------------------------------------------------------------------- */

typedef struct bh_plan_filter {
    int category;           /* 区分 1..N, 0 = all */
    const char *department; /* substring of a department key or spelling (parentheses of
                               either width match), NULL = all */
    const char *fy;         /* the cycle (R6, or 2024), NULL = the latest */
} bh_plan_filter;

typedef struct bh_plan_list bh_plan_list;

/* The items of one cycle matching filter (NULL = all of the latest cycle), ordered by their
 * No. in that cycle (bh_plan_list_no; 区分 of that cycle). *out is owned by the caller
 * (bh_plan_list_destroy). An empty result (or no plan loaded) is BH_OK with count 0; a cycle
 * the database does not hold is BH_E_NOT_FOUND. */
BH_API BH_WARN_UNUSED bh_status bh_plan_list_query(bh_db *db, const bh_plan_filter *filter,
                                                   bh_plan_list **out);
/* Releases list; NULL is a no-op. */
BH_API void bh_plan_list_destroy(bh_plan_list *list);
BH_API size_t bh_plan_list_count(const bh_plan_list *list);
/* Accessors for row i < count; strings are borrowed, valid while list lives. */
BH_API int bh_plan_list_no(const bh_plan_list *list, size_t i);
BH_API int bh_plan_list_category(const bh_plan_list *list, size_t i);
BH_API const char *bh_plan_list_category_name(const bh_plan_list *list, size_t i);
BH_API const char *bh_plan_list_project(const bh_plan_list *list, size_t i);
BH_API const char *bh_plan_list_content(const bh_plan_list *list, size_t i);
/* 担当課 as spelled in the source ("市民安全課 消防局（情報通信課）"). */
BH_API const char *bh_plan_list_departments(const bh_plan_list *list, size_t i);

/* ---- One item ------------------------------------------------------------------------- */

typedef struct bh_plan_item bh_plan_item;

/* The item of stable id no (its No. in the first cycle it appeared in) as in the latest cycle
 * holding it: texts, departments, that year's metrics and that cycle's linked layers (with
 * feature counts). BH_E_NOT_FOUND (message "plan item N: no such item") when absent. *out is
 * owned by the caller (bh_plan_item_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_plan_item_get(bh_db *db, int no, bh_plan_item **out);
/* The item printed as No. number in cycle fy ("R6", or 2024; NULL = the latest cycle), as in
 * that cycle (No., 区分, texts, the year's metrics, the cycle's links). BH_E_NOT_FOUND when the
 * database has no such cycle ("fiscal year R9: no plan cycle in the database (cycles: R5, R6)")
 * or the cycle no such No.; BH_E_ARG when fy is not a year. *out is owned by the caller
 * (bh_plan_item_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_plan_item_get_fy(bh_db *db, const char *fy, int number,
                                                    bh_plan_item **out);
/* Releases item; NULL is a no-op. */
BH_API void bh_plan_item_destroy(bh_plan_item *item);

/* Borrowed strings, valid while item lives; NULL when the source has none. */
/* No. printed in the item's cycle; its stable id (plan_items.no); 1 when it ends with the
 * cycle (廃止: no 事業計画 follows). */
BH_API int bh_plan_item_no(const bh_plan_item *item);
BH_API int bh_plan_item_id(const bh_plan_item *item);
BH_API int bh_plan_item_retired(const bh_plan_item *item);
BH_API int bh_plan_item_category(const bh_plan_item *item);
BH_API const char *bh_plan_item_category_name(const bh_plan_item *item);
BH_API const char *bh_plan_item_project(const bh_plan_item *item);
BH_API const char *bh_plan_item_content(const bh_plan_item *item);
BH_API const char *bh_plan_item_departments_text(const bh_plan_item *item);
/* The item's cycle ("R5") and the year its plan is for ("R6"); its 事業報告 of that year and
 * 事業計画 of the next (NULL when none yet). */
BH_API const char *bh_plan_item_fiscal_year(const bh_plan_item *item);
BH_API const char *bh_plan_item_plan_fiscal_year(const bh_plan_item *item);
BH_API const char *bh_plan_item_report(const bh_plan_item *item);
BH_API const char *bh_plan_item_plan(const bh_plan_item *item);

BH_API size_t bh_plan_item_department_count(const bh_plan_item *item);
/* Normalised key (departments.name) and the spelling used by this item. */
BH_API const char *bh_plan_item_department(const bh_plan_item *item, size_t i);
BH_API const char *bh_plan_item_department_spelling(const bh_plan_item *item, size_t i);

typedef struct bh_plan_metric {
    const char *fiscal_year; /* R5 */
    const char *metric;      /* cameras_total */
    const char *label;       /* 防犯カメラ 設置台数（累計）, or NULL */
    double value;
    const char *unit;        /* 台 */
    const char *source_text; /* verbatim phrase of the R5 text */
} bh_plan_metric;

BH_API size_t bh_plan_item_metric_count(const bh_plan_item *item);
/* Borrowed view of metric i (strings valid while item lives). */
BH_API const bh_plan_metric *bh_plan_item_metric(const bh_plan_item *item, size_t i);

typedef struct bh_plan_link {
    const char *layer;  /* layer name (layers catalogue / table) */
    const char *filter; /* SQL WHERE on the layer's table, or NULL */
    const char *note;   /* why the item concerns this layer, or NULL */
    int loaded;         /* 1 when the layer's table exists in the database */
    long long features; /* rows of the table matching filter; 0 when not loaded */
    const char *status; /* NULL, or why features is 0 / unknown ("layer not loaded") */
} bh_plan_link;

BH_API size_t bh_plan_item_link_count(const bh_plan_item *item);
/* Borrowed view of link i (strings valid while item lives). */
BH_API const bh_plan_link *bh_plan_item_link(const bh_plan_item *item, size_t i);

/* ---- Changing a cycle's links -------------------------------------------------------------- */

/* Links the item printed as No. number in cycle fy (NULL = the latest cycle) to layer (a layers
 * catalogue name or a table), with filter (an SQL WHERE on the layer's table, or NULL) and note;
 * replaces the filter and note of an existing link. The other cycles keep their links. The
 * layer must be loaded and the filter must count its features: otherwise BH_E_ARG naming the
 * layer, filter and reason, and nothing is written. BH_E_NOT_FOUND: no such cycle or No. */
BH_API BH_WARN_UNUSED bh_status bh_plan_link_set(bh_db *db, const char *fy, int number,
                                                 const char *layer, const char *filter,
                                                 const char *note);
/* Removes the link of No. number in cycle fy to layer; BH_E_NOT_FOUND when there is none. */
BH_API BH_WARN_UNUSED bh_status bh_plan_link_remove(bh_db *db, const char *fy, int number,
                                                    const char *layer);

/* ---- The department round trip (libbohan-io, through bh_io: plan/sheet.h) ----------------- */

typedef struct bh_plan_export_opts {
    const char *fy;         /* the year to fill in: its report and the next year's plan */
    const char *department; /* one department (key or spelling); NULL = every department */
    const char *dir;        /* output directory (must exist) */
    int csv;                /* 1: CSV (UTF-8 with BOM) instead of XLSX */
} bh_plan_export_opts;

typedef struct bh_plan_import_opts {
    int dry_run;   /* 1: compute the diff, change nothing */
    int overwrite; /* 1: replace a different non-empty text instead of refusing */
} bh_plan_import_opts;

BH_END_DECLS

#endif

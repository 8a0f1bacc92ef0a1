/* One cycle of the plan: the document of fiscal year FY holds the 事業報告 of FY and the 事業計画
 * of FY+1 for the items of that cycle (plan_item_years), under their 区分 headings. The report,
 * the department export and the import all read it. */
#ifndef BH_PLAN_CYCLE_H
#define BH_PLAN_CYCLE_H

#include <stddef.h>
#include "bohan/export.h"
#include "db/db.h"

/* "R5" → 2023 (令和 n = 2018 + n); a four-digit year is taken as it is. 0 when not a year. */
int bh_plan_fy_year(const char *fy);
/* 2023 → "R5" into buf (at least 8 bytes). */
void bh_plan_fy_name(int year, char *buf, size_t size);

typedef struct bh_plan_row {
    int number;  /* No. printed in this cycle */
    int item_no; /* the item's stable id (plan_items.no) */
    int category;
    int declared_count; /* the heading's declared count for this cycle */
    char *category_name, *category_summary;
    char *project, *content, *departments; /* departments: 担当課 as spelled */
    char *report;                          /* 事業報告 of FY, NULL when none yet */
    char *plan;                            /* 事業計画 of FY+1, NULL when none yet */
    char *prev_plan; /* 事業計画 of FY (from the previous cycle), NULL when none */
} bh_plan_row;

typedef struct bh_plan_cycle {
    char fy[8], plan_fy[8]; /* "R5", "R6" */
    int year;               /* 2023 */
    int exists;             /* 0: FY has no cycle yet; rows are the latest earlier cycle's items */
    bh_plan_row *rows;      /* by number */
    size_t count;
} bh_plan_cycle;

/* The cycle of fy (or, when it has none yet, the items of the latest earlier cycle with FY's
 * texts, which are then empty), only the items of department when not NULL (its normalised key
 * or spelling, exact). BH_E_NOT_FOUND when no cycle is at or before fy. *out is owned by the
 * caller (bh_plan_cycle_destroy). */
BH_API BH_MUST_CHECK bh_status bh_plan_cycle_query(bh_db *db, const char *fy,
                                                   const char *department, bh_plan_cycle **out);
BH_API void bh_plan_cycle_destroy(bh_plan_cycle *c);

/* The department keys of the cycle's items (sorted), NULL-terminated; caller frees each and the
 * array. */
BH_API BH_MUST_CHECK bh_status bh_plan_cycle_departments(bh_db *db, const bh_plan_cycle *c,
                                                         char ***out);

/* The cycle named fy (R6, or 2024) into name, or the latest cycle when fy is NULL.
 * BH_E_ARG when fy is not a year; BH_E_NOT_FOUND (naming the cycles there are) when the database
 * has no such cycle. */
BH_MUST_CHECK bh_status bh_plan_cycle_find(bh_db *db, const char *fy, char name[8]);
/* The stable id (plan_items.no) of the item printed as No. number in cycle fy (a cycle's name).
 * BH_E_NOT_FOUND when the cycle has no such No. */
BH_MUST_CHECK bh_status bh_plan_cycle_number(bh_db *db, const char *fy, int number, int *id);

#endif

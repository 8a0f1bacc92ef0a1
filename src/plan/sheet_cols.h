/* Internal to src/plan: the columns of the department sheets (sheet.c writes, sheet_import.c
 * reads). */
#ifndef BH_PLAN_SHEET_COLS_H
#define BH_PLAN_SHEET_COLS_H

enum {
    SHEET_ID,        /* the item's stable id; empty for a new item */
    SHEET_CATEGORY,  /* 区分 */
    SHEET_NO,        /* No. in the year's document (edit to renumber) */
    SHEET_PROJECT,   /* 事業名 */
    SHEET_CONTENT,   /* 内容 */
    SHEET_DEPTS,     /* 担当課 */
    SHEET_PREV_PLAN, /* 事業計画（FY）: what the year planned, for reference */
    SHEET_REPORT,    /* 事業報告（FY）: to fill in */
    SHEET_PLAN,      /* 事業計画（FY+1）: to fill in */
    SHEET_METRICS,   /* 指標（FY）: metric=value lines */
    SHEET_RETIRE,    /* 廃止: non-empty retires the item from FY on */
    SHEET_NCOLS
};

/* The header texts for cycle fy (plan year plan_fy). */
void bh_plan_sheet_headers(const char *fy, const char *plan_fy, char headers[SHEET_NCOLS][48]);

#endif

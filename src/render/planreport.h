/* The plan's yearly document as the city prints it: R5年度行動報告書・R6年度行動計画書 from the
 * database (plan/cycle.h), 区分 headings with 事業概要 and declared counts, one row per item
 * (No. / 事業名 / 内容 / 担当課 / 事業報告 / 事業計画) plus the figures computed from the assets
 * beside the stated ones (plan/metrics.h), the header row repeated on every page, page
 * numbers, 和暦 title; PDF with embedded fonts (cairo + pango). */
#ifndef BH_PLANREPORT_H
#define BH_PLANREPORT_H

#include <stddef.h>
#include "bohan/export.h"
#include "db/db.h"

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
BH_API BH_MUST_CHECK bh_status bh_planreport_render(bh_db *db, const bh_planreport_opts *opts,
                                                    bh_planreport_result *result);

#endif

/* The atlas: one PDF with a cover page (the city's areas, their totals and page numbers) and
 * one page per area (交番 / 大字 / 小学校区): the area large with its neighbours greyed, the
 * counts of its 町丁目 (or 大字) as labels, a choropleth and a table beside the map, a bar chart
 * of the crime types, 前年比, the period in 和暦, scale bar, north arrow, source line, credits
 * and a sample stamp when sample data is drawn.
 *
 * Layout settings are data: the "atlas" section of the style (styles/atlas-page.json):
 *   "atlas": { "map_fraction": 0.6, "table_pt": 6.5, "label_pt": 6, "method": "jenks",
 *              "classes": 5, "ramp": ["#ffffcc", ...], "neighbour_fill": "#e8e8e8",
 *              "area_stroke": "#c00000", "sub_by": {"koban": "chome", "oaza": "chome",
 *              "school-district": "chome"}, "type_short": {"自動販売機ねらい": "自販機", ...} }
 * Every key is optional. Sub-area rows belong to a page's area by the rule that counts the area's
 * total (crimes/assign.c, a 町丁目's representative point); counts come from the summary only. */
#ifndef BOHAN_ATLAS_H
#define BOHAN_ATLAS_H

#include "bohan/db.h"
#include "bohan/summary.h"

BH_BEGIN_DECLS

typedef struct bh_atlas_opts {
    bh_area_kind by;    /* BH_AREA_KOBAN, BH_AREA_OAZA or BH_AREA_SCHOOL_DISTRICT */
    const char *out;    /* output file: .pdf (one document) or .png (one file per page) */
    const char *style;  /* style name or path; NULL = "atlas-page" */
    const char *paper;  /* A4|A3|B4|B3; NULL = the style's page.paper */
    int orientation;    /* 0 = the style's, 1 = portrait, 2 = landscape (as bh_map_opts) */
    int from_ym, to_ym; /* period (YYYYMM); both 0 = the calendar year of the newest data */
    int all_periods;    /* 1: with both 0, every month of the data */
    int allow_empty;    /* 1: a period without data prints データなし instead of failing */
    const char *types;  /* comma-separated crime types; NULL = every type */
    int internal;       /* 1 = internal edition (labelled 内部資料); 0 = public */
    double dpi;         /* PNG only; <= 0 = 150 */
    const char *printed_date; /* "YYYY-MM-DD" printed on the pages; NULL = today (UTC) */
    const char *area;         /* one area's id or exact name: only its page (no cover); NULL = all.
                                 bh_area_list_find (bohan/areas.h) turns a typed name into the id */
} bh_atlas_opts;

typedef struct bh_atlas_result {
    int pages;           /* pages written (cover included) */
    int areas;           /* area pages (continuation pages of long tables not counted) */
    long labels_dropped; /* labels that fitted nowhere, over all pages */
    int sample;          /* 1 when sample data was drawn (the stamp is on the pages) */
} bh_atlas_result;

/* Parses "koban|oaza|school-district" into *by; BH_E_USAGE naming the text otherwise. */
BH_API BH_WARN_UNUSED bh_status bh_atlas_parse_by(bh_ctx *ctx, const char *text, bh_area_kind *by);

/* Parses a month (bh_month_parse: 2023-07, 2023/7, 令和5年7月, R5-07 …) into *ym = YYYYMM; BH_E_USAGE naming what (e.g.
 * "--from") and the text otherwise. */
BH_API BH_WARN_UNUSED bh_status bh_atlas_parse_ym(bh_ctx *ctx, const char *what, const char *text,
                                                  int *ym);

/* Renders the atlas of db to o->out. Progress goes to bh_log (INFO "page 3/19 …").
 * Reads the database only. res may be NULL. */
BH_API BH_WARN_UNUSED bh_status bh_atlas_render(bh_db *db, const bh_atlas_opts *o,
                                                bh_atlas_result *res);

BH_END_DECLS

#endif

/* Shared by atlas.c (data, driver, cover) and atlas_page.c (one area page). Not public. */
#ifndef BH_ATLAS_INTERNAL_H
#define BH_ATLAS_INTERNAL_H

#include <stddef.h>
#include <cairo.h>
#include <json-c/json.h>
#include "analysis/classify.h"
#include "core/city.h"
#include "render/atlas.h"
#include "render/style.h"
#include "render/surface.h"

typedef struct bh_atlas {
    bh_ctx *ctx;
    bh_db *db;
    const bh_atlas_opts *o;
    bh_city *city;
    bh_style *style;
    json_object *cfg; /* the style's "atlas" section (borrowed) or NULL */
    bh_surface *surf;
    double pw, ph, margin; /* page size and margin (mm) */
    bh_summary *areas;     /* one row per page area */
    bh_summary *subs;      /* 町丁目 or 大字 rows */
    bh_area_kind sub_kind;
    double (*env)[4]; /* world envelope of each area (NaN when no geometry) */
    double (*sub_env)[4];
    size_t *member_off;  /* n_areas + 1 offsets into members */
    size_t *members;     /* sub indices of each area, by total descending then name */
    bh_classes *classes; /* classes of the sub-area totals (whole city) */
    bh_rgba ramp[16];
    size_t n_ramp;
    char period[128]; /* 和暦 period */
    char printed[64]; /* 和暦 date of printing */
    int page, pages;  /* current page number and total */
    long dropped;
    int sample;
    char *credits; /* the footer's credit lines, joined by ／ (render/credits.h) */
} bh_atlas;

/* Reads a number / string from the atlas section with a default. */
double bh_atlas_cfg_num(const bh_atlas *a, const char *key, double dflt);
const char *bh_atlas_cfg_str(const bh_atlas *a, const char *key, const char *dflt);
int bh_atlas_cfg_bool(const bh_atlas *a, const char *key, int dflt);
/* Short display name of a crime type ("type_short" map), else the type itself. */
const char *bh_atlas_type_short(const bh_atlas *a, const char *type);
/* Kind label: "交番", "大字", "小学校区", "町丁目". */
const char *bh_atlas_kind_label(bh_area_kind k);

/* Page furniture shared by the cover and area pages: title band, footer (source line,
 * credits, printed date, page number, edition) and the sample stamp. */
void bh_atlas_draw_header(bh_atlas *a, cairo_t *cr, const char *title, const char *subtitle);
void bh_atlas_draw_footer(bh_atlas *a, cairo_t *cr);
/* Paints the class colour of a sub-area total. */
void bh_atlas_class_color(const bh_atlas *a, double total, bh_rgba *out);

/* 1 when area i gets a page (it has a polygon; the summary's 位置不明 / 交番単位 rows do not). */
int bh_atlas_has_page(const bh_atlas *a, size_t i);
/* The index cover (atlas_cover.c): areas with page numbers and an index table. */
BH_MUST_CHECK bh_status bh_atlas_cover_index(bh_atlas *a);

/* Page regions (x, y, w, h in mm) of an area page: map frame, 前年比 + chart block, table;
 * landscape puts the map left, portrait on top. */
void bh_atlas_layout(const bh_atlas *a, double map[4], double block[4], double table[4]);

/* Draws the page of area i (and continuation pages when its table does not fit; each new page
 * is started with bh_surface_next_page before drawing). */
BH_MUST_CHECK bh_status bh_atlas_area_page(bh_atlas *a, size_t i);

#endif

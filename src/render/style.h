/* Map styles as data (styles/NAME.json, schema in docs/styles.md): page, fonts, an ordered list of
 * layers (the crime areas choropleth and tables of the database) with paint, point symbols,
 * labels, classification and class colours, and page furniture. A new look needs no C change.
 * Parse errors name the JSON path: "crime-map.json: layers[2].paint.fill: expected colour". */
#ifndef BH_STYLE_H
#define BH_STYLE_H

#include <stddef.h>
#include <json-c/json.h>
#include "core/ctx.h"

/* A colour; set == 0 means "none" (not drawn). */
typedef struct bh_rgba {
    double r, g, b, a;
    int set;
} bh_rgba;

typedef enum bh_hatch {
    BH_HATCH_NONE = 0,
    BH_HATCH_DIAGONAL,      /* "diagonal": / lines */
    BH_HATCH_BACK_DIAGONAL, /* "back-diagonal": \ lines */
    BH_HATCH_CROSS,         /* "cross": both diagonals */
    BH_HATCH_HORIZONTAL,    /* "horizontal" */
    BH_HATCH_VERTICAL,      /* "vertical" */
    BH_HATCH_DOTS           /* "dots" */
} bh_hatch;

/* How a polygon or line is painted. */
typedef struct bh_style_paint {
    bh_rgba fill;
    bh_rgba stroke;
    double stroke_width_mm;  /* default 0.2 */
    double dash_mm;          /* > 0: dashed stroke with this dash length */
    bh_hatch hatch;          /* drawn over the fill */
    bh_rgba hatch_color;     /* default black */
    double hatch_spacing_mm; /* default 1.5 */
    double hatch_width_mm;   /* default 0.15 */
} bh_style_paint;

typedef enum bh_symbol_shape {
    BH_SYMBOL_NONE = 0,
    BH_SYMBOL_CIRCLE,
    BH_SYMBOL_SQUARE,
    BH_SYMBOL_TRIANGLE,
    BH_SYMBOL_DIAMOND,
    BH_SYMBOL_CROSS
} bh_symbol_shape;

/* How a point is drawn. */
typedef struct bh_style_symbol {
    bh_symbol_shape shape;
    double size_mm; /* outer diameter, default 1.5 */
    bh_rgba fill;
    bh_rgba stroke;
    double stroke_width_mm; /* default 0.15 */
} bh_style_symbol;

/* One class of a choropleth: its paint and optional legend text ("{lo}", "{hi}" are replaced by
 * the class bounds; default "lo – hi" or the 危険度 level). */
typedef struct bh_style_class {
    bh_style_paint paint;
    const char *label; /* NULL = automatic */
} bh_style_class;

typedef enum bh_layer_type {
    BH_LAYER_AREAS = 0, /* "areas": the crime summary areas (bh_summary), choropleth */
    BH_LAYER_TABLE = 1, /* "table": features of a database table (layers catalogue) */
    BH_LAYER_RASTER = 2 /* "raster": a table of square grid cells drawn as a classified image */
} bh_layer_type;

typedef enum bh_fill_by {
    BH_FILL_RISK = 0,     /* "risk": 市内対比危険度 1..5 → classes[0..4] */
    BH_FILL_COUNT = 1,    /* "count": crimes of the layer's types, classified */
    BH_FILL_PER_1000 = 2, /* "per_1000": crimes per 1,000 residents, classified */
    BH_FILL_NONE = 3,     /* "none": paint only */
    BH_FILL_CHANGE = 4    /* "change": 前年比 in %, manual diverging breaks; "new" for 0 → n */
} bh_fill_by;

/* One category of a table layer: the features matching the SQL condition (the first category
 * that matches wins; features matching none are not drawn). */
typedef struct bh_style_category {
    const char *where; /* SQL condition on the table's columns (trusted: styles are project data) */
    const char *label; /* legend text */
    bh_style_paint paint;
} bh_style_category;

typedef enum bh_edition_rule {
    BH_SHOW_ALWAYS = 0,  /* drawn in every edition */
    BH_SHOW_INTERNAL = 1 /* individual positions: drawn only in the internal edition */
} bh_edition_rule;

typedef struct bh_style_layer {
    bh_layer_type type;
    const char *id;    /* "id", default the table name or "areas" */
    const char *title; /* legend text; NULL = the catalogue title */
    const char *table; /* BH_LAYER_TABLE: the database table */
    const char *where; /* optional SQL filter on the table (trusted: styles are project data) */
    bh_edition_rule edition;
    int legend; /* 1: listed in the legend when drawn (default 1) */
    bh_style_paint paint;
    bh_style_symbol symbol;
    const char *label_field;   /* label features by this column; NULL = none */
    double label_pt;           /* default 6 */
    const char *public_counts; /* internal layers: in the public edition each area label gets
                                  "<this text> N" (features inside the area); NULL = none */
    const char *credit; /* credit line; "{key}" = that key of the catalogue's definition JSON;
                           NULL = the catalogue's credit */
    const bh_style_category *categories; /* BH_LAYER_TABLE: drawn by category; NULL = paint */
    const char *legend_note; /* a note after the layer's categories or classes in the legend */
    size_t n_categories;
    /* BH_LAYER_RASTER (also uses method .. classes below). */
    const char *value;      /* the cells' value column */
    int per_year;           /* values are per the catalogue definition's period (from, to):
                               shown per year (× 12 / months) */
    double threshold;       /* cells below this (shown units) are transparent */
    double threshold_share; /* ... and below this share of the grid's maximum */
    double opacity;         /* 0..1, default 1 */
    int smooth;             /* bilinear filtering when the image is scaled (default 1) */
    const char *clip;       /* table whose polygons clip the image (e.g. city_boundary) */
    int decimals;           /* class limits printed with this many decimals (default 0) */
    /* BH_LAYER_AREAS only. */
    bh_fill_by fill_by;
    const char *types;    /* comma-separated crime types counted; NULL = all (or --types) */
    const char *method;   /* classification: quantile|equal|jenks|pretty|stddev|manual */
    int n_classes_wanted; /* default 5 */
    const double *breaks; /* manual breaks (n_breaks), NULL = none */
    size_t n_breaks;
    const bh_style_class *classes; /* class paints, low → high */
    size_t n_classes;
    bh_style_paint no_data;   /* areas that cannot be classed (risk 0, NaN) */
    bh_style_paint new_paint; /* BH_FILL_CHANGE: areas with no crime the year before ("new") */
    int label_names;          /* draw each area's name */
    int label_counts;         /* draw each area's total ("12件") */
    int charts;               /* small bar chart of the crime types per area */
    double chart_w_mm, chart_h_mm;
    const unsigned *chart_colors; /* 0xRRGGBB per bar (cycled), n_chart_colors */
    size_t n_chart_colors;
    const char *chart_types; /* comma-separated crime types charted, in order; NULL = all */
    int chart_values;        /* each bar's count printed above it (default 1) */
    double chart_value_pt;   /* their size, default 4.5 pt */
    bh_rgba chart_outline;   /* bar outline (set 0 = none), so light bars show on any fill */
    double chart_outline_mm; /* its width, default 0.1 mm */
} bh_style_layer;

typedef enum bh_corner {
    BH_CORNER_TOP_LEFT = 0,
    BH_CORNER_TOP_RIGHT,
    BH_CORNER_BOTTOM_LEFT,
    BH_CORNER_BOTTOM_RIGHT
} bh_corner;

typedef struct bh_style_item {
    int show;
    bh_corner corner;
} bh_style_item;

typedef struct bh_style_page {
    const char *paper;       /* A4|A3|B4|B3, default A3 */
    int landscape;           /* default 1 */
    double margin_mm;        /* default 10 */
    const char *font_family; /* default BIZ UDPGothic (BIZ UDPゴシック) */
    double title_pt, text_pt, legend_pt, label_pt, small_pt;
    double label_halo_mm;      /* white halo around map labels, default 0.5; 0 = none */
    const char *title;         /* default title; "{city}" is replaced by the city name */
    const char *header_sql;    /* one-text SQL shown under the title instead of the crime period
                                  (what a non-crime page shows); NULL = the period */
    const char *header_sql_pg; /* the same for a PostgreSQL database when header_sql needs
                                  SQLite's functions (printf, json_extract); NULL: header_sql */
    bh_style_item legend, scalebar, north;
    int title_block, credits, stamp;
} bh_style_page;

typedef struct bh_style bh_style;

/* Parses a style from JSON text; origin (e.g. the file name) prefixes error messages.
 * *out is owned by the caller (bh_style_destroy). */
BH_MUST_CHECK bh_status bh_style_parse(bh_ctx *ctx, const char *json_text, const char *origin,
                                       bh_style **out);
/* Loads a style file. name_or_path is a path (contains '/' or ends in .json) or a style name
 * looked up as <styles_dir>/<name>.json. *out is owned by the caller. */
BH_MUST_CHECK bh_status bh_style_load(bh_ctx *ctx, const char *name_or_path, const char *styles_dir,
                                      bh_style **out);
/* Releases s; NULL is a no-op. */
void bh_style_destroy(bh_style *s);

/* Borrowed views, valid while s lives. */
const char *bh_style_name(const bh_style *s);
const char *bh_style_origin(const bh_style *s);
const bh_style_page *bh_style_page_of(const bh_style *s);
size_t bh_style_n_layers(const bh_style *s);
const bh_style_layer *bh_style_layer_at(const bh_style *s, size_t i);
/* The first "areas" layer, NULL when the style has none. */
const bh_style_layer *bh_style_areas(const bh_style *s);
/* The whole parsed document (borrowed) for sections other renderers own ("atlas"). */
struct json_object *bh_style_json(const bh_style *s);

/* Parses "#rgb", "#rrggbb", "#rrggbbaa" or "none"; 0 on success, -1 otherwise. */
int bh_style_parse_color(const char *text, bh_rgba *out);
/* 0xRRGGBB of a colour (0 for none). */
unsigned bh_rgba_hex(const bh_rgba *c);

#endif

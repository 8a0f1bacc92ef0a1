/* The city crime map: areas filled by 危険度 or classified counts, each with its count and a
 * small bar chart of the crime types, the style's other layers, legend, scale bar, north arrow,
 * title block (period in 和暦), source line, credits and the sample stamp; PDF, PNG or SVG.
 * bh_map_render is what `bohan map` runs and what the atlas calls for its cover page. */
#ifndef BOHAN_MAP_H
#define BOHAN_MAP_H

#include <stddef.h>
#include "bohan/db.h"
#include "bohan/surface.h"

BH_BEGIN_DECLS

typedef enum bh_map_edition {
    BH_MAP_PUBLIC = 0,  /* never draws individual refuge houses or cameras (style "internal") */
    BH_MAP_INTERNAL = 1 /* may draw them */
} bh_map_edition;

typedef struct bh_map_opts {
    const char *out;        /* output file (.pdf/.png/.svg) or bare format; unused with surface */
    bh_surface *surface;    /* draw on this surface's current page (atlas cover); NULL = create */
    const char *by;         /* koban|oaza|chome|school-district|grid:M; NULL = koban */
    const char *area;       /* zoom to this area (id or name); NULL = the whole city */
    const char *style;      /* style name (styles dir) or path; NULL = crime-map */
    const char *styles_dir; /* NULL = the city profile's */
    const char *paper;      /* A4|A3|B4|B3; NULL = the style's */
    int orientation;        /* 0 = the style's, 1 = portrait, 2 = landscape */
    double dpi;             /* PNG resolution; <= 0 = 300 */
    int from_ym, to_ym;     /* period YYYYMM; both 0 = the latest calendar year of the data */
    int all_periods;        /* 1: with both 0, count every month of the data instead */
    int allow_empty; /* 1: a period without data is drawn (データなし, no 危険度) instead of
                        refused */
    const char *types; /* comma-separated crime types; NULL = the style's or all */
    bh_map_edition edition;
    const char *title;          /* NULL = the style's title */
    int suppress_below;         /* N > 1: counts 1..N-1 are shown as "N未満" (or hidden) */
    int suppress_hide;          /* with suppress_below: hide those counts instead */
    long long breaks_from;      /* reuse the breaks of this edition id; 0 = none */
    const double *class_bounds; /* fixed bounds of a count fill (k+1 values, e.g. read from an
                                   edition by bh_map_render); NULL = classify */
    size_t n_class_bounds;
    int record;               /* 1: record an editions row (needs a writable db) */
    const char *printed_date; /* "YYYY-MM-DD" printed on the map; NULL = today (UTC) */
} bh_map_opts;

/* What was drawn, for callers and tests. */
typedef struct bh_map_result {
    long long edition_id;    /* editions row (0 when not recorded) */
    size_t n_areas;          /* areas drawn */
    long total;              /* crimes counted over the drawn areas */
    size_t n_classes;        /* fill classes in use */
    double class_bounds[65]; /* bounds of a count/per_1000 fill (n_class_bounds values) */
    size_t n_class_bounds;
    size_t points_drawn;  /* point features of table layers drawn */
    size_t hidden_layers; /* layers left out by the edition rule */
    size_t labels_placed, labels_dropped;
    size_t legend_entries;
    int sample;               /* 1 when the sample stamp was drawn */
    double scale_denominator; /* 1:N of the map */
    double extent[4];         /* world extent shown in the map frame (minx, miny, maxx, maxy) */
} bh_map_result;

/* Defaults: everything 0/NULL, record = 1. */
BH_API void bh_map_opts_init(bh_map_opts *o);

/* Parses "public|internal". BH_E_ARG otherwise. */
BH_API BH_WARN_UNUSED bh_status bh_map_parse_edition(bh_ctx *ctx, const char *text,
                                                     bh_map_edition *e);

/* Computes the summary (crimes/summary.h) from db, draws the map with the style and writes
 * opts->out (or the page of opts->surface), then records an editions row when opts->record.
 * result may be NULL. Nothing is written to db unless the map was drawn. */
BH_API BH_WARN_UNUSED bh_status bh_map_render(bh_db *db, const bh_map_opts *opts,
                                              bh_map_result *result);

BH_END_DECLS

#endif

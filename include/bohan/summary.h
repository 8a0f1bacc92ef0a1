/* Crime counts per area for a period: the one table every crime map is drawn from.
 * Contract between crimes/ (computes) and render/ (draws); render never re-counts. */
#ifndef BOHAN_SUMMARY_H
#define BOHAN_SUMMARY_H

#include <stddef.h>
#include "bohan/db.h"

BH_BEGIN_DECLS

typedef enum bh_area_kind {
    BH_AREA_CHOME = 0,           /* town_blocks places, id = key_code, or for a name shared by
                                    several blocks their key_codes joined by '+' (one area) */
    BH_AREA_OAZA = 1,            /* oaza, id = name */
    BH_AREA_KOBAN = 2,           /* koban_areas, id = name */
    BH_AREA_SCHOOL_DISTRICT = 3, /* school_districts, id = school_name */
    BH_AREA_GRID = 4             /* square cells of grid_m metres, id = "col:row" */
} bh_area_kind;

typedef struct bh_summary_opts {
    bh_area_kind by;
    double grid_m;             /* cell size for BH_AREA_GRID (metres, storage SRID) */
    int from_ym;               /* first month YYYYMM inclusive; 0 = from the earliest row */
    int to_ym;                 /* last month YYYYMM inclusive; 0 = to the latest row */
    const char *types;         /* comma-separated crime types to count; NULL = every type */
    const double *risk_breaks; /* fixed 危険度 breaks (4 values) to reuse an edition's; NULL =
                                  compute with the city profile's method */
    int no_geometry;           /* 1: the areas' polygons are not read (bh_summary_area_wkb gives
                                  NULL), for figures only; spares the spatial work */
} bh_summary_opts;

typedef struct bh_summary bh_summary;

/* Parses "chome|oaza|koban|school-district|grid:METRES" into opts->by/grid_m. */
BH_API BH_WARN_UNUSED bh_status bh_summary_parse_by(bh_ctx *ctx, const char *text,
                                                    bh_summary_opts *opts);

/* The calendar year of the newest crime data (YYYY01..YYYY12), the default period of the
 * city's maps, so that 前年比 can be shown; both 0 when there is no crime data. */
BH_API BH_WARN_UNUSED bh_status bh_summary_latest_year(bh_db *db, int *from_ym, int *to_ym);

/* Computes the summary; *out is owned by the caller (bh_summary_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_summary_compute(bh_db *db, const bh_summary_opts *opts,
                                                   bh_summary **out);
/* Releases s; NULL is a no-op. */
BH_API void bh_summary_destroy(bh_summary *s);

/* Columns: the crime types counted: the --types list as given, else the profile's crimes.types,
 * the 窃盗4罪種 of risk.types and every type in the data, in crime_types.sort_order. Borrowed. */
BH_API size_t bh_summary_n_types(const bh_summary *s);
BH_API const char *bh_summary_type_name(const bh_summary *s, size_t t);

/* Rows: one per area (areas with zero crimes included), then rows for crimes that have no area:
 * "oaza:<大字>" (<大字>（大字のみ）, chome summaries), "koban:<name>" (count tables by 交番),
 * "city" (city-wide count tables), "unlocated" (（位置不明）). Those rows have no WKB and no
 * population, so the totals of all rows equal the in-city rows of the period. Borrowed strings.
 * Details: docs/crime-stats.md. */
BH_API size_t bh_summary_n_areas(const bh_summary *s);
BH_API const char *bh_summary_area_id(const bh_summary *s, size_t i);
BH_API const char *bh_summary_area_name(const bh_summary *s, size_t i);
BH_API double bh_summary_population(const bh_summary *s, size_t i);
BH_API long bh_summary_count(const bh_summary *s, size_t i, size_t t);
BH_API long bh_summary_total(const bh_summary *s, size_t i);
/* Per 1,000 residents; NAN where population is 0. */
BH_API double bh_summary_per_1000(const bh_summary *s, size_t i);
/* 市内対比危険度 1..5 (0 where it cannot be computed, e.g. no residents). */
BH_API int bh_summary_risk_level(const bh_summary *s, size_t i);
/* Same months one year earlier: total, or -1 when no data covers that period. */
BH_API long bh_summary_prev_total(const bh_summary *s, size_t i);
/* The area's polygon as WKB in the storage SRID (borrowed; NULL if none). */
BH_API const unsigned char *bh_summary_area_wkb(const bh_summary *s, size_t i, size_t *len);

/* The 4 breaks that split the risk measure into levels 1..5 (borrowed) and the method used. */
BH_API const double *bh_summary_risk_breaks(const bh_summary *s);
BH_API const char *bh_summary_risk_method(const bh_summary *s);
/* The months actually covered (YYYYMM); 0 when there are no rows. */
BH_API int bh_summary_from_ym(const bh_summary *s);
BH_API int bh_summary_to_ym(const bh_summary *s);
/* 1 when any counted row is sample data. */
BH_API int bh_summary_is_sample(const bh_summary *s);

BH_END_DECLS

#endif

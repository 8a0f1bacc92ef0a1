/* こども110番の家 coverage per area (school district, 町丁目, 大字, 交番管内): how many houses, how
 * much of each area and of its residents lie within a radius of one, and the largest gap.
 *
 * Geometry is exact in the storage CRS (metres), through GEOS: every house is buffered by the
 * radius (32 segments per quarter circle), the buffers are unioned once for the city and each area
 * is intersected with that union. Population is area-weighted from town_blocks (each block's
 * population times the share of its area inside the area, resp. inside the covered part). A
 * house is counted once, in the first area (by id) that contains or touches it; a house on a
 * border still covers both sides. The largest gap is GEOS's largest empty circle with every house
 * as obstacle and the area as boundary (its centre is where the gap is); an area holding no house
 * gets its maximum inscribed circle ("its own extent"). */
#ifndef BOHAN_REFUGES_H
#define BOHAN_REFUGES_H

#include <stddef.h>
#include "bohan/export.h"
#include "bohan/db.h"

BH_BEGIN_DECLS

typedef struct bh_refuge_opts {
    const char *by;     /* school-district (default), chome, oaza or koban */
    double radius_m;    /* reach of one house; <= 0 = 100 */
    double tolerance_m; /* largest-gap precision; <= 0 = 0.5 */
    int write_gaps;     /* 1: replace the refuge_gaps layer (one transaction) */
} bh_refuge_opts;

/* One area's figures. Shares are NaN when the area has no population. */
typedef struct bh_refuge_row {
    const char *name;      /* area name (school, 町丁目, 大字, 交番) */
    long houses;           /* houses counted in this area */
    double area_m2;        /* area */
    double population;     /* residents, area-weighted from town_blocks */
    double covered_m2;     /* area within radius of a house */
    double covered_pop;    /* residents within radius of a house */
    double gap_m;          /* largest distance from any point of the area to its nearest house */
    double gap_x, gap_y;   /* where (storage CRS); for the total row the largest gap's */
    const char *gap_chome; /* the 町丁目 there ("" when unknown) */
} bh_refuge_row;

typedef struct bh_refuge_table bh_refuge_table;

/* Computes the table (rows ranked worst first: lowest population share, then lowest area share)
 * and, with o->write_gaps, replaces refuge_gaps (MULTIPOLYGON: name, by_kind, radius_m, area_m2,
 * population = uncovered residents) catalogued in `layers` as 'derived', all in one transaction.
 * *out is owned by the caller (bh_refuge_table_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_refuges_coverage(bh_db *db, const bh_refuge_opts *o,
                                                   bh_refuge_table **out);
/* NULL is a no-op. */
BH_API void bh_refuge_table_destroy(bh_refuge_table *t);
BH_API size_t bh_refuge_table_count(const bh_refuge_table *t);
/* Borrowed, valid while t lives; i < count. */
BH_API const bh_refuge_row *bh_refuge_table_row(const bh_refuge_table *t, size_t i);
/* The city total (sums; gap = the largest of the areas). Borrowed. */
BH_API const bh_refuge_row *bh_refuge_table_total(const bh_refuge_table *t);
/* The radius used and whether any house is sample data. */
BH_API double bh_refuge_table_radius(const bh_refuge_table *t);
BH_API int bh_refuge_table_sample(const bh_refuge_table *t);
/* The area kind's title in Japanese (小学校区, 町丁目, 大字, 交番管内). Static. */
BH_API const char *bh_refuge_table_kind_title(const bh_refuge_table *t);

/* ---- recruiting spots (--suggest N) ---- */

typedef struct bh_refuge_suggest_opts {
    const char *by;     /* area kind named in the output (default school-district) */
    double radius_m;    /* reach of a house (<= 0 = 100) */
    int n;              /* spots to propose, >= 1 */
    double demand_m;    /* residents as points on a grid of this size (<= 0 = 25) */
    double candidate_m; /* candidate spots on a grid of this size (<= 0 = 50) */
} bh_refuge_suggest_opts;

/* One proposed spot; strings borrowed from the result. */
typedef struct bh_refuge_spot {
    double x, y;       /* storage CRS: the centre of a candidate cell */
    double lon, lat;   /* JGD2011 */
    double gain;       /* residents newly within the radius (those of earlier spots excluded) */
    double cumulative; /* residents newly covered by this and the earlier spots */
    const char *area;  /* the area (school district …) it lies in, "" when none */
    const char *chome; /* its 町丁目, "" when none */
} bh_refuge_spot;

typedef struct bh_refuge_suggestions bh_refuge_suggestions;

/* Proposes o->n spots where one more house would bring the most residents within the radius,
 * with the covering solver (bohan/covering.h, lazy greedy + swaps, with a proven upper bound):
 * demand = each 町丁目's residents spread evenly over the o->demand_m cells whose centre lies in
 * it; fixed sites = the placed houses; candidates = the o->candidate_m cell centres in the city.
 * Reads the database only. *out owned by the caller (bh_refuge_suggestions_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_refuges_suggest(bh_db *db, const bh_refuge_suggest_opts *o,
                                                  bh_refuge_suggestions **out);
/* NULL is a no-op. */
BH_API void bh_refuge_suggestions_destroy(bh_refuge_suggestions *s);
BH_API size_t bh_refuge_suggestions_count(const bh_refuge_suggestions *s);
/* Borrowed; i < count, in rank order. */
BH_API const bh_refuge_spot *bh_refuge_suggestions_spot(const bh_refuge_suggestions *s, size_t i);
/* Residents on the demand grid, those already covered, and the solver's proven upper bound on
 * the residents the n spots can newly cover. */
BH_API void bh_refuge_suggestions_totals(const bh_refuge_suggestions *s, double *residents,
                                         double *covered_before, double *bound);

/* ---- the register (bohan refuges import) ---- */

typedef struct bh_refuge_import_opts {
    int replace;          /* 1: replace the houses already in refuge_houses */
    const char *encoding; /* CSV: "CP932", "UTF-8" or NULL (detected) */
} bh_refuge_import_opts;

typedef struct bh_refuge_import_report bh_refuge_import_report;

/* Reads the city's register (CSV in CP932 or UTF-8, or XLSX, through OGR: one row per house with
 * columns named like 番号, 名称/氏名, 住所, 学校名, 登録年度 and optionally 経度/緯度 in JGD2011)
 * into refuge_houses (house_id, name, address, school_name, registered_year, placement, reason,
 * line, key_code, geom) and catalogues it as a real layer. Each house is placed by its coordinates,
 * else by its address: the 街区 point of the gaiku_points layer when imported, else the
 * PointOnSurface of its 町丁目 (crime normaliser and matcher); placement records which
 * ('coordinates', 'gaiku', 'chome'). A row that cannot be placed is kept with placement
 * 'unplaced', no geometry and a reason, and listed in the report. Without o->replace a non-empty
 * refuge_houses is BH_E_DUPLICATE. One transaction: any error leaves the database unchanged.
 * Lives in the io module (call through bh_io.refuges_import). *out owned by the caller. */
BH_API BH_WARN_UNUSED bh_status bh_refuges_import(bh_db *db, const char *path,
                                                 const bh_refuge_import_opts *o,
                                                 bh_refuge_import_report **out);
/* NULL is a no-op. */
BH_API void bh_refuge_import_report_destroy(bh_refuge_import_report *r);
/* Rows read and houses per placement ("coordinates", "gaiku", "chome", "unplaced"). */
BH_API long bh_refuge_import_rows(const bh_refuge_import_report *r);
BH_API long bh_refuge_import_placed(const bh_refuge_import_report *r, const char *placement);
/* Encoding read ("CP932", "UTF-8", "XLSX"). Borrowed. */
BH_API const char *bh_refuge_import_encoding(const bh_refuge_import_report *r);
/* The i-th unplaced row: its line in the file, reason identifier and address (borrowed). */
BH_API size_t bh_refuge_import_unplaced_count(const bh_refuge_import_report *r);
BH_API long bh_refuge_import_unplaced(const bh_refuge_import_report *r, size_t i,
                                      const char **reason, const char **address);

BH_END_DECLS

#endif

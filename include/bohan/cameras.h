/* Street cameras: how much crime the existing cameras see (coverage per area) and where the next K
 * should go (maximal covering with the existing cameras fixed, bohan/covering.h). Details and the
 * demand model: docs/cameras.md. */
#ifndef BOHAN_CAMERAS_H
#define BOHAN_CAMERAS_H

#include <stddef.h>
#include "bohan/covering.h"
#include "bohan/db.h"
#include "bohan/export.h"
#include "bohan/summary.h"

BH_BEGIN_DECLS

/* Which existing cameras count: the city's (layer cameras), the citizens' network cameras
 * (layer network_cameras) or both. */
enum { BH_CAMERAS_CITY = 1, BH_CAMERAS_NETWORK = 2, BH_CAMERAS_BOTH = 3 };

typedef struct bh_cameras_demand_opts {
    int from_ym, to_ym;  /* period as in crimes summary (0 = all) */
    const char *types;   /* comma-separated crime types, NULL = all */
    double cell;         /* demand grid cell in metres (> 0; the CLI default is 25) */
    const char *layer;   /* "NAME[:COLUMN]": any layer's points (weight COLUMN, default 1) as the
                            demand instead of the crime grid; NULL = crimes */
    const char *density; /* "NAME[:COLUMN]": points weighting the cells inside each block; NULL =
                            uniform */
} bh_cameras_demand_opts;

typedef struct bh_cameras_demand bh_cameras_demand;

/* Builds the demand points; *out is owned by the caller (bh_cameras_demand_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_cameras_demand_build(bh_db *db, const bh_cameras_demand_opts *o,
                                                        bh_cameras_demand **out);
BH_API void bh_cameras_demand_destroy(bh_cameras_demand *d);
/* Borrowed arrays of bh_cameras_demand_count entries (storage SRID metres). */
BH_API size_t bh_cameras_demand_count(const bh_cameras_demand *d);
BH_API const double *bh_cameras_demand_x(const bh_cameras_demand *d);
BH_API const double *bh_cameras_demand_y(const bh_cameras_demand *d);
BH_API const double *bh_cameras_demand_w(const bh_cameras_demand *d);
/* Crime weight with no place (rows known only to a 交番 or the city, or unlocated). */
BH_API double bh_cameras_demand_unplaced(const bh_cameras_demand *d);
/* 1 when the demand comes from sample data. */
BH_API int bh_cameras_demand_is_sample(const bh_cameras_demand *d);

/* The existing cameras of `which` as points (arrays owned by the caller, who frees each with bh_free; *n entries);
 * *ncity of them (the first) are city cameras. */
BH_API BH_WARN_UNUSED bh_status bh_cameras_existing(bh_db *db, int which, double **x, double **y,
                                                    size_t *n, size_t *ncity);

/* ---- coverage ---- */
typedef struct bh_cameras_coverage bh_cameras_coverage;

/* Coverage per area of kind by->by (grid uses by->grid_m): demand within radius of a camera of
 * `which`. *out owned by the caller (bh_cameras_coverage_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_cameras_coverage_compute(bh_db *db, const bh_cameras_demand *d,
                                                            const bh_summary_opts *by,
                                                            double radius, int which,
                                                            bh_cameras_coverage **out);
BH_API void bh_cameras_coverage_destroy(bh_cameras_coverage *c);
/* Rows: the areas, then one "outside" row when demand lies outside every area; the city total is
 * row bh_cameras_coverage_count (id "city"). Strings borrowed. */
BH_API size_t bh_cameras_coverage_count(const bh_cameras_coverage *c);
BH_API const char *bh_cameras_coverage_id(const bh_cameras_coverage *c, size_t i);
BH_API const char *bh_cameras_coverage_name(const bh_cameras_coverage *c, size_t i);
BH_API long bh_cameras_coverage_city_cameras(const bh_cameras_coverage *c, size_t i);
BH_API long bh_cameras_coverage_network_cameras(const bh_cameras_coverage *c, size_t i);
BH_API double bh_cameras_coverage_demand(const bh_cameras_coverage *c, size_t i);
BH_API double bh_cameras_coverage_covered(const bh_cameras_coverage *c, size_t i);
/* covered / demand (NAN when the demand is 0). */
BH_API double bh_cameras_coverage_share(const bh_cameras_coverage *c, size_t i);

/* ---- plan ---- */
typedef struct bh_cameras_plan_opts {
    bh_covering_params p;   /* k, radius, min_spacing, solver, time_limit */
    const char *candidates; /* "grid:M", "layer:NAME" or both comma-separated; NULL = grid:50 */
    int which;              /* existing cameras kept fixed */
    int ignore_existing;    /* 1: plan as if there were no cameras */
    const char *export_lp;  /* write the model here (CPLEX LP), NULL = no */
} bh_cameras_plan_opts;

typedef struct bh_cameras_plan bh_cameras_plan;

/* Solves the plan; *out owned by the caller (bh_cameras_plan_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_cameras_plan_run(bh_db *db, const bh_cameras_demand *d,
                                                    const bh_cameras_plan_opts *o,
                                                    bh_cameras_plan **out);
BH_API void bh_cameras_plan_destroy(bh_cameras_plan *pl);
/* Writes the proposed sites to the camera_plan layer (with a camera_plan_runs row holding the
 * run's parameters, params_json) in one transaction; *run_id receives the run's id. */
BH_API BH_WARN_UNUSED bh_status bh_cameras_plan_save(bh_db *db, const bh_cameras_plan *pl,
                                                     const char *params_json, long long *run_id);
BH_API const bh_covering_summary *bh_cameras_plan_summary(const bh_cameras_plan *pl);
BH_API size_t bh_cameras_plan_count(const bh_cameras_plan *pl);
/* 1 when the plan's demand or cameras are sample data. */
BH_API int bh_cameras_plan_is_sample(const bh_cameras_plan *pl);

/* One proposed site; strings borrowed from the plan. */
typedef struct bh_cameras_site {
    const char *id;                 /* "grid50:<col>:<row>" or "<layer>:<rowid>" */
    double x, y;                    /* storage SRID */
    double lon, lat;                /* WGS 84 */
    const char *chome;              /* 町丁目 name, "" when outside every block */
    const char *koban;              /* 交番管内, "" when none */
    double gain, cumulative, share; /* share: (covered_before + cumulative) / total demand */
} bh_cameras_site;

BH_API const bh_cameras_site *bh_cameras_plan_site(const bh_cameras_plan *pl, size_t rank);

BH_END_DECLS

#endif

/* Hot-spot layers from the crime rows: kernel density (table hotspot_kde) and Getis-Ord Gi* per
 * area (table hotspot_gistar). Both are catalogued in `layers` (source 'derived', kind 'sample'
 * when any counted row is sample data, else 'approximate') and replaced on every run.
 *
 * KDE: each crime is placed at its 町丁目's PointOnSurface (a point guaranteed inside the block;
 * the census label point is not used because blocks may be approximate polygons), rows known
 * only to the 大字 at the 大字's PointOnSurface; rows of count tables by 交番 / for the whole city
 * and unplaceable rows cannot be placed and are reported as unplaced. Cells of cell_m metres
 * aligned to multiples of cell_m over the extent of town_blocks; columns density (crimes per
 * km²) and expected (density × cell area = crimes per cell), geometry POLYGON.
 * Gi*: x = the area's total in the period (bh_summary, --by), areas without geometry left out;
 * weights queen (default), rook or distance band; see analysis/gistar.h for z and p_sim. */
#ifndef BOHAN_HOTSPOTS_H
#define BOHAN_HOTSPOTS_H

#include <stddef.h>
#include <stdint.h>
#include "bohan/summary.h"
#include "bohan/weights.h"

BH_BEGIN_DECLS

typedef struct bh_hotspot_opts {
    bh_summary_opts summary; /* period, types; summary.by is the Gi* area kind */
    double bandwidth_m;      /* KDE Gaussian bandwidth (default 300) */
    double cell_m;           /* KDE cell size (default 100) */
    int permutations;        /* Gi* conditional permutations (default 999) */
    uint64_t seed;           /* Gi* PRNG seed (default 1) */
    double alpha;            /* Gi* significance for hot/cold (default 0.05) */
    bh_weights_kind weights; /* default queen */
    double band_m;           /* for BH_WEIGHTS_DISTANCE */
} bh_hotspot_opts;

typedef struct bh_hotspot_report {
    size_t features;    /* rows written */
    long placed;        /* crimes used */
    long unplaced;      /* crimes that could not be placed (KDE) or lie in areas without geometry */
    size_t hot, cold;   /* Gi* */
    double max_density; /* KDE, crimes per km² */
    int sample;
} bh_hotspot_report;

/* The defaults written into *o (summary: every type, the latest year, koban areas). */
BH_API void bh_hotspot_opts_default(bh_hotspot_opts *o);

/* Writes hotspot_kde; rep (may be NULL) is filled by the call, nothing to free. Atomic (own
 * transaction, or a savepoint inside the caller's). */
BH_API BH_WARN_UNUSED bh_status bh_hotspots_kde(bh_db *db, const bh_hotspot_opts *o,
                                                bh_hotspot_report *rep);
/* Writes hotspot_gistar. Atomic like bh_hotspots_kde. */
BH_API BH_WARN_UNUSED bh_status bh_hotspots_gistar(bh_db *db, const bh_hotspot_opts *o,
                                                   bh_hotspot_report *rep);

BH_END_DECLS

#endif

/* Shared state of the refuge coverage files (refuge_geo.c reads, refuges.c computes,
 * refuge_gaps.c writes the layer, refuge_suggest.c proposes recruiting spots). */
#ifndef BH_REFUGES_INTERNAL_H
#define BH_REFUGES_INTERNAL_H

#include <geos_c.h>
#include "bohan/refuges.h"
#include "db/db.h"

/* An area kind of --by: its table, name column and Japanese title (static strings). */
typedef struct bh_refuge_kind {
    const char *by, *table, *name_col, *title;
} bh_refuge_kind;

/* The kind named by (NULL = school-district), or NULL when unknown. Static. */
const bh_refuge_kind *bh_refuge_kind_find(const char *by);

/* Everything read for one run, in GEOS geometries of one context. */
typedef struct bh_refuge_geo {
    bh_db *db;
    bh_ctx *ctx;
    GEOSContextHandle_t h;
    GEOSWKBReader *reader;
    char geos_msg[256];
    size_t na; /* areas, in id order */
    GEOSGeometry **areas;
    const GEOSPreparedGeometry **aprep;
    char **names;
    long *house_count; /* houses counted in the area (first area by id that touches them) */
    long *houses_in;   /* houses inside or on the border of the area */
    size_t nb;         /* town_blocks */
    GEOSGeometry **blocks;
    double *bpop;
    size_t nh; /* houses */
    double *hx, *hy;
    GEOSGeometry **buffers; /* one per house, radius_m */
    GEOSGeometry *houses;   /* MULTIPOINT of every house (the gap obstacles); NULL when none */
    size_t ncells;          /* Voronoi cells of the houses (bh_refuge_geo_cells) */
    GEOSGeometry **cells;
    double *site; /* x, y of each cell's house */
    int sample;   /* refuge_houses is a sample layer */
} bh_refuge_geo;

BH_MUST_CHECK bh_status bh_refuge_geo_open(bh_refuge_geo *g, bh_db *db);
/* Reads the areas of k, the blocks and the houses (buffered by radius_m). */
BH_MUST_CHECK bh_status bh_refuge_geo_load(bh_refuge_geo *g, const bh_refuge_kind *k,
                                           double radius_m);
/* Reads the houses, their buffers and counts per area (called by bh_refuge_geo_load). */
BH_MUST_CHECK bh_status bh_refuge_geo_houses(bh_refuge_geo *g, double radius_m);
/* Computes the Voronoi cells of the houses (for bh_refuge_farthest). */
BH_MUST_CHECK bh_status bh_refuge_geo_cells(bh_refuge_geo *g);
/* Sets row->gap_m, gap_x, gap_y of area a (see refuge_farthest.c); tol for the inscribed
 * circle of an area without houses. */
BH_MUST_CHECK bh_status bh_refuge_farthest(bh_refuge_geo *g, size_t a, double tol,
                                           bh_refuge_row *row);
/* The col value of the feature of table containing (x, y) (SpatiaLite, through the spatial
 * index), malloc'ed; "" when none or the table is missing; NULL when out of memory. */
char *bh_refuge_name_at(bh_db *db, const char *table, const char *col, double x, double y);
/* Records GEOS's last message against the ctx as "GEOS: what: message". */
bh_status bh_refuge_geo_fail(bh_refuge_geo *g, const char *what);
/* Frees everything; safe on a zeroed or failed g. */
void bh_refuge_geo_close(bh_refuge_geo *g);

/* Replaces refuge_gaps with gaps[i] (the uncovered part of area i, rows[i] its figures, in area
 * order) and catalogues it. Inside the caller's transaction. */
BH_MUST_CHECK bh_status bh_refuge_gaps_write(bh_refuge_geo *g, const bh_refuge_opts *o,
                                             const bh_refuge_row *rows, GEOSGeometry *const *gaps);

/* Replaces refuge_gap_cells (the gaps generalised to 100 m cells, for public maps). */
BH_MUST_CHECK bh_status bh_refuge_gap_cells_write(bh_refuge_geo *g, const bh_refuge_opts *o,
                                                  const bh_refuge_row *rows,
                                                  GEOSGeometry *const *gaps);
/* Replaces refuge_gap_centres (each area's largest-gap point with a label). */
BH_MUST_CHECK bh_status bh_refuge_gap_centres_write(bh_refuge_geo *g, const bh_refuge_opts *o,
                                                    const bh_refuge_row *rows);

#endif

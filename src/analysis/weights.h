/* Spatial weights for local statistics: binary, symmetric neighbour lists (no self-neighbour).
 * Contiguity is decided by SpatiaLite predicates in SQL (GEOS), candidates by a bounding-box
 * sweep in C so large grids stay fast. Knows nothing of drawing. */
#ifndef BH_WEIGHTS_H
#define BH_WEIGHTS_H

#include <stddef.h>
#include "bohan/weights.h"
#include "db/db.h"

typedef struct bh_weights bh_weights;

/* Weights of n polygons given as WKB in the storage SRID (wkb[i] may be NULL: no neighbours).
 * Uses db only for the SQL predicates (temporary table; nothing is written to the file).
 * *out is owned by the caller (bh_weights_destroy). */
BH_MUST_CHECK bh_status bh_weights_from_wkb(bh_db *db, const unsigned char *const *wkb,
                                            const size_t *len, size_t n, bh_weights_kind kind,
                                            double band, bh_weights **out);
/* Weights of a rows × cols lattice, cells numbered row-major (i = r * cols + c); queen adds
 * diagonal neighbours to rook. *out is owned by the caller. */
BH_MUST_CHECK bh_status bh_weights_lattice(bh_ctx *ctx, size_t rows, size_t cols, int queen,
                                           bh_weights **out);
/* Releases w; NULL is a no-op. */
void bh_weights_destroy(bh_weights *w);

size_t bh_weights_n(const bh_weights *w);
/* Number of neighbours of i and their indices (ascending; borrowed). */
size_t bh_weights_degree(const bh_weights *w, size_t i);
const size_t *bh_weights_neighbors(const bh_weights *w, size_t i);

#endif

/* Internals shared by the cameras room. */
#ifndef BH_CAM_INTERNAL_H
#define BH_CAM_INTERNAL_H

#include <stddef.h>
#include "db/db.h"

/* Points of the layer named by spec "NAME[:COLUMN]" (PointOnSurface for non-point geometry):
 * appended to *x, *y and, when want_w, *w (COLUMN's value, 1 without a column; NULL counts 0),
 * all of capacity *cap. BH_E_UNKNOWN_LAYER for an unknown layer, BH_E_ARG for an unknown column
 * or a negative weight. */
BH_MUST_CHECK bh_status bh_cam_layer_points(bh_db *db, const char *spec, int want_w, double **x,
                                            double **y, double **w, size_t *n, size_t *cap);
/* The same with the features' ids (*ids, capacity *cap too) and no weights. */
BH_MUST_CHECK bh_status bh_cam_layer_points_ids(bh_db *db, const char *spec, double **x, double **y,
                                                long long **ids, size_t *n, size_t *cap);
/* 1 when the layer of spec is catalogued as sample. */
int bh_cam_layer_is_sample(bh_db *db, const char *spec);
/* The table of the layer of spec (malloc'ed) or NULL with BH_E_UNKNOWN_LAYER recorded. */
char *bh_cam_layer_table(bh_db *db, const char *spec);

#endif

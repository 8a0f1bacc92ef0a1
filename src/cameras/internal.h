/* Internals shared by the cameras room. */
#ifndef BH_CAM_INTERNAL_H
#define BH_CAM_INTERNAL_H

#include <stddef.h>
#include "bohan/cameras.h"
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

/* Coverage per area as bh_cameras_coverage_compute, with nex extra cameras (ex, ey) besides the
 * existing ones of `which` (0 = none). */
BH_MUST_CHECK bh_status bh_cam_coverage_with(bh_db *db, const bh_cameras_demand *d,
                                             const bh_summary_opts *by, double radius, int which,
                                             const double *ex, const double *ey, size_t nex,
                                             bh_cameras_coverage **out);

/* The plan's coverage per 交番管内 before and after (borrowed; NULL without koban_areas), and its
 * radius. */
const bh_cameras_coverage *bh_cam_plan_before(const bh_cameras_plan *pl);
const bh_cameras_coverage *bh_cam_plan_after(const bh_cameras_plan *pl);
double bh_cam_plan_radius(const bh_cameras_plan *pl);

#endif

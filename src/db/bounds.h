/* Where imported features may lie: finite coordinates, inside Japan (checked in WGS 84 after the
 * transformation to the storage CRS), and not wholly beyond the city's boundary box widened by
 * 20 km (a layer may reach the next station or the shelter across the river, not another
 * prefecture). In libbohan-io (OGR/PROJ). */
#ifndef BH_BOUNDS_H
#define BH_BOUNDS_H

#include <ogr_api.h>
#include <ogr_srs_api.h>
#include "db/layer.h"

typedef struct bh_bounds bh_bounds;

/* The layer whose box bounds every other layer's import. */
#define BH_BOUNDS_CITY "city_boundary"

/* Bounds for def's table in db, storage CRS storage (borrowed). The city's box comes from the
 * city_boundary layer (none when it is empty or is the layer being imported, or when near_city
 * is 0: a prefecture-wide e-Stat file, whose other municipalities are left out by code). *out is
 * owned by the caller (bh_bounds_destroy). */
BH_MUST_CHECK bh_status bh_bounds_create(bh_db *db, const bh_layer_def *def,
                                         OGRSpatialReferenceH storage, int near_city,
                                         bh_bounds **out);
/* BH_OK when g (storage CRS) lies where it may; else BH_E_GEOMETRY naming path and feature. */
BH_MUST_CHECK bh_status bh_bounds_check(bh_bounds *b, OGRGeometryH g, const char *path,
                                        long long fid);
void bh_bounds_destroy(bh_bounds *b);

#endif

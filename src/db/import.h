/* Import of any OGR-readable source (Shapefile, GeoJSON, GPKG, CSV/XLSX with coordinate columns)
 * into a layer's table: field mapping, UTF-8 validation, reprojection to the storage SRID with
 * OGR's coordinate transformation, ST_IsValid checks, then one INSERT ... SELECT. */
#ifndef BH_IMPORT_H
#define BH_IMPORT_H

#include "bohan/io.h"
#include "db/layer.h"

/* bh_import_opts, bh_import_result: bohan/io.h. */

/* Reads the source into def's table according to opts->mode. Must run inside the caller's
 * transaction; leaves the catalogue alone. res may be NULL. */
BH_MUST_CHECK bh_status bh_import_load(bh_db *db, const bh_layer_def *def,
                                       const bh_import_opts *opts, bh_import_result *res);

/* Column of the staging table and the source attribute it comes from (borrowed strings). */
typedef struct bh_import_column {
    const char *column;
    const char *type;  /* TEXT | INTEGER | REAL */
    const char *from;  /* NULL when value is set */
    const char *value; /* constant, or NULL */
} bh_import_column;

#endif

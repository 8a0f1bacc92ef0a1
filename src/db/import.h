/* Import of any OGR-readable source (Shapefile, GeoJSON, GPKG, CSV/XLSX with coordinate columns)
 * into a layer's table: field mapping, UTF-8 validation, reprojection to the storage SRID with
 * OGR's coordinate transformation, ST_IsValid checks, then one INSERT ... SELECT. */
#ifndef BH_IMPORT_H
#define BH_IMPORT_H

#include "db/layer.h"

typedef enum bh_import_mode {
    BH_IMPORT_NEW = 0,     /* the layer must be empty */
    BH_IMPORT_REPLACE = 1, /* delete the layer's rows first */
    BH_IMPORT_APPEND = 2   /* add to the rows there */
} bh_import_mode;

typedef struct bh_import_opts {
    bh_layer_source src; /* src.path is the file to read (as given; not resolved) */
    bh_import_mode mode;
    const char *kind;  /* catalogue kind after import; NULL = keep (e-Stat imports become real) */
    const char *label; /* source as recorded in the catalogue; NULL = src.path */
} bh_import_opts;

typedef struct bh_import_result {
    long long read;   /* features read from the source */
    long long stored; /* rows written to the layer (fewer when pieces were merged) */
    int estat;        /* 1 when the e-Stat 小地域 merge was used */
    int rederived;    /* derived layers rebuilt afterwards (io/import.h: bh_import_run only) */
} bh_import_result;

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

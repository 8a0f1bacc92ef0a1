/* The layer catalogue: every layer of the city database with its kind (real / approximate /
 * sample), source and feature count. Layers are defined as data (layers/<name>.json). */
#ifndef BOHAN_LAYER_H
#define BOHAN_LAYER_H

#include <stddef.h>
#include "bohan/db.h"

BH_BEGIN_DECLS

/* Where a layer's features come from; strings borrowed, NULL when not given. */
typedef struct bh_layer_source {
    const char *path;     /* relative to the city dir */
    const char *layer;    /* OGR layer name */
    const char *srs;      /* e.g. EPSG:4326 when the file has none */
    const char *encoding; /* e.g. CP932 */
    const char *where;    /* OGR attribute filter */
    const char *x, *y;    /* coordinate columns (CSV, XLSX) */
} bh_layer_source;

/* One catalogue row; strings owned by the array (bh_layer_list_free). */
typedef struct bh_layer_info {
    char *name, *title, *kind, *geometry, *source, *source_layer, *credit, *table;
    long long features;
    int srid;
} bh_layer_info;

/* The catalogue in load order. *rows owned by the caller (bh_layer_list_free). */
BH_API BH_WARN_UNUSED bh_status bh_layer_list(bh_db *db, bh_layer_info **rows, size_t *n);
/* Frees rows from bh_layer_list; NULL is a no-op. */
BH_API void bh_layer_list_free(bh_layer_info *rows, size_t n);

BH_END_DECLS

#endif

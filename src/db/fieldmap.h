/* How a layer file maps a source onto its table beyond each field's `from` (layers/<name>.json,
 * docs/architecture.md "Layer files"): attribute aliases, the city filter, the merge of pieces
 * of one feature and area-weighted columns. SQL on the import's staging table (db/import.c reads
 * the source) or on the layer's table (bh_layer_rederive), so another city's file maps by data. */
#ifndef BH_FIELDMAP_H
#define BH_FIELDMAP_H

#include <stddef.h>
#include "db/import.h"
#include "db/layer.h"

/* The attribute of names[0..n-1] that f reads: its `from`, else the first of its aliases present.
 * Returns its index and sets *attr (borrowed), or -1 with *attr NULL when none is present. */
int bh_fieldmap_find(const bh_layer_field *f, const char *const *names, size_t n,
                     const char **attr);
/* The source attribute holding the municipality code (import.city_code_from: the first present
 * in names), or NULL when the layer names none or the source has none of them. Borrowed. */
const char *bh_fieldmap_city_attr(const bh_layer_def *def, const char *const *names, size_t n);
/* Keeps the staged rows whose column col (from the source attribute attr) holds the 5-digit
 * municipality code (a 6-digit code with its check digit matches too); *kept and *dropped set.
 * code NULL or not 5 digits keeps all. None of the city is an error naming path and attr. */
BH_MUST_CHECK bh_status bh_fieldmap_keep_city(bh_db *db, const char *stage, const char *col,
                                              const char *attr, const char *path, const char *code,
                                              long long *kept, long long *dropped);
/* import.merge_by: the staged pieces sharing that column's value become one row: the union of
 * their geometries (GEOS ST_Union, cast to the layer's geometry), text of the first piece,
 * numbers summed. A piece with an invalid geometry is an error naming path and feature, before
 * any union. cols are the staged columns; *merged (may be NULL) gets the number of rows merged
 * away. A no-op when the layer has no merge_by. */
BH_MUST_CHECK bh_status bh_fieldmap_merge(bh_db *db, const bh_layer_def *def, const char *stage,
                                          const bh_import_column *cols, size_t ncols,
                                          const char *path, long long *merged);
/* Sets column f->name of every row of table (stage or the layer's own) with a geometry to
 * f->area_weighted_table's f->area_weighted_column weighted by the share of each of its
 * polygons' area inside the row's geometry (rounded for INTEGER), as the approximate school
 * districts' derivation weighs the 町丁目 blocks. */
BH_MUST_CHECK bh_status bh_fieldmap_weigh(bh_db *db, const char *table, const bh_layer_field *f);
/* After an import into def (inside its transaction): records which of its columns were
 * area-weighted (source_names: the source's attributes; NULL = none, as after a derivation), so
 * bh_fieldmap_reweigh recomputes them when the weighting table changes. */
BH_MUST_CHECK bh_status bh_fieldmap_note(bh_db *db, const bh_layer_def *def,
                                         const char *const *source_names, size_t n);
/* Recomputes def's recorded area-weighted columns whose table is changed; *done (may be NULL)
 * set to 1 when any was. */
BH_MUST_CHECK bh_status bh_fieldmap_reweigh(bh_db *db, const bh_layer_def *def, const char *changed,
                                            int *done);

#endif

/* Checks of an import's staged features (db/import.c, staging table BH_IMPORT_STAGE). */
#ifndef BH_IMPORT_CHECK_H
#define BH_IMPORT_CHECK_H

#include <stddef.h>
#include "db/import.h"

#define BH_IMPORT_STAGE "bh_import_stage"

/* Counts of people and households (columns population, households) are never negative: the
 * first negative one is an error naming path, feature and the source field. */
BH_MUST_CHECK bh_status bh_import_check_counts(bh_db *db, const char *path,
                                               const bh_import_column *cols, size_t ncols);
/* Geometries fit def's type and are valid; unique fields are unique within the source (unless
 * estat: its pieces share KEY_CODE) and against the rows already in the layer. */
BH_MUST_CHECK bh_status bh_import_check_rows(bh_db *db, const bh_layer_def *def, const char *path,
                                             const bh_import_column *cols, size_t ncols, int estat);

#endif

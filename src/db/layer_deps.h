/* What a layer import reads and changes, from the catalogue's layer definitions: the lists of the
 * working copy (db/stage.h) that runs it on PostgreSQL. */
#ifndef BH_DB_LAYER_DEPS_H
#define BH_DB_LAYER_DEPS_H

#include "db/db.h"
#include "db/stage.h"

/* Into writes: table (a catalogued layer's) and every catalogued layer rebuilt when it changes
 * (a derived layer whose derive SQL or "depends" names one of these, or one with a field
 * area-weighted over one, transitively). Into reads: what those read besides (the catalogued
 * tables their derive SQL or "depends" names, their area-weighted tables). */
BH_MUST_CHECK bh_status bh_layer_deps_import(bh_db *db, const char *table, bh_db_stage_set *writes,
                                             bh_db_stage_set *reads);

#endif

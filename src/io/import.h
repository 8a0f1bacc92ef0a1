/* bh_import_run: `bohan import LAYER SOURCE` as one transaction (the io module, libbohan-io). */
#ifndef BH_IO_IMPORT_H
#define BH_IO_IMPORT_H

#include "db/import.h"

/* Loads the source into the layer (bh_import_load), updates the catalogue, re-derives dependent
 * layers and, when town blocks change and crime rows exist, the 交番管内. One transaction: on any
 * error the database is left unchanged. res may be NULL. */
BH_MUST_CHECK bh_status bh_import_run(bh_db *db, const char *layer, const bh_import_opts *opts,
                                      bh_import_result *res);

#endif

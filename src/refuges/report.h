/* The report of a register import (include/bohan/refuges.h), filled by src/refuges/import.c. */
#ifndef BH_REFUGES_REPORT_H
#define BH_REFUGES_REPORT_H

#include "bohan/refuges.h"
#include "db/db.h"

/* Placement methods, in report order. */
enum { BH_PLACED_COORDS, BH_PLACED_GAIKU, BH_PLACED_CHOME, BH_PLACED_NONE, BH_PLACED_N };
extern const char *const bh_refuge_placements[BH_PLACED_N];

/* An empty report (NULL when out of memory); owned by the caller. */
bh_refuge_import_report *bh_refuge_report_create(const char *encoding);
/* Counts one row placed by method; for BH_PLACED_NONE also lists line, reason and address
 * (copied). -1 when out of memory. */
int bh_refuge_report_add(bh_refuge_import_report *r, int method, long line, const char *reason,
                         const char *address);

#endif

/* Crime counts per area for a period: the one table every crime map is drawn from.
 * Contract between crimes/ (computes) and render/ (draws); render never re-counts. */
#ifndef BH_SUMMARY_H
#define BH_SUMMARY_H

#include "bohan/summary.h"
#include "db/db.h"

#endif

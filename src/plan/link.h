/* Internal to src/plan: the features a plan link counts (link.c). */
#ifndef BH_PLAN_LINK_H
#define BH_PLAN_LINK_H

#include "bohan/plan.h"
#include "db/db.h"

/* Counts the features of link's layer matching its filter into link->features (loaded set when
 * the table exists); a problem becomes link->status (allocated, the caller frees): "layer not
 * loaded", "filter is not a single expression", "filter failed: …" (then also logged as a
 * warning). */
void bh_plan_link_count(bh_db *db, bh_plan_link *link);

#endif

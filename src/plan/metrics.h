/* Public half: bohan/plancycle.h. */
#ifndef BH_PLAN_METRICS_H
#define BH_PLAN_METRICS_H

#include "bohan/plancycle.h"
#include "db/db.h"

#endif

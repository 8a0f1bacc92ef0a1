/* Public half: bohan/plancycle.h. */
#ifndef BH_PLANREPORT_H
#define BH_PLANREPORT_H

#include "bohan/plancycle.h"
#include "db/db.h"

#endif

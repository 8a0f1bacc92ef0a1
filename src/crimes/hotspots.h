/* Hot-spot layers: the public API is bohan/hotspots.h. */
#ifndef BH_HOTSPOTS_H
#define BH_HOTSPOTS_H

#include "analysis/weights.h"
#include "bohan/hotspots.h"
#include "crimes/summary.h"

#endif

/* The atlas: the public API is bohan/atlas.h. */
#ifndef BH_ATLAS_H
#define BH_ATLAS_H

#include "bohan/atlas.h"
#include "crimes/summary.h"
#include "db/db.h"

#endif

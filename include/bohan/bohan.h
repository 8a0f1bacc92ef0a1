/* libbohan's whole public API. A front end (the bohan CLI is one) includes this header, links
 * libbohan, and reaches the file readers through the io table (bohan/io.h). Every function is
 * declared in one header below; each comment says who owns what it returns. */
#ifndef BOHAN_H
#define BOHAN_H

#include "bohan/export.h"
#include "bohan/status.h"
#include "bohan/ctx.h"
#include "bohan/strbuf.h"
#include "bohan/coltab.h"
#include "bohan/month.h"
#include "bohan/i18n.h"
#include "bohan/city.h"
#include "bohan/db.h"
#include "bohan/layer.h"
#include "bohan/crimes.h"
#include "bohan/io.h"
#include "bohan/koban.h"
#include "bohan/summary.h"
#include "bohan/weights.h"
#include "bohan/hotspots.h"
#include "bohan/plan.h"
#include "bohan/surface.h"
#include "bohan/map.h"
#include "bohan/atlas.h"
#include "bohan/areas.h"
#include "bohan/covering.h"
#include "bohan/refuges.h"
#include "bohan/plancycle.h"

#endif

/* bh_init: builds a city database from a city profile — schema, every layer of the profile's
 * `layers` list (in order: loaded from its source or derived), then the plan, then the crime files
 * the profile lists. */
#ifndef BH_IO_INIT_H
#define BH_IO_INIT_H

#include "core/city.h"
#include "bohan/io.h"
#include "core/ctx.h"

/* enum bh_init_flags: bohan/io.h. */

/* Creates the database at path. Without BH_INIT_FORCE an existing file is refused
 * (BH_E_DUPLICATE). The database is built in a temporary file beside path and renamed into place
 * only when complete, so on any error path is left as it was. Returns nothing to own. */
BH_MUST_CHECK bh_status bh_init(bh_ctx *ctx, const bh_city *city, const char *path, unsigned flags);

#endif

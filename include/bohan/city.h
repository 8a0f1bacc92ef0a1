/* City profile: every city-specific fact (name, code, SRID, layer set, thresholds) as data,
 * read from <city dir>/city.json. */
#ifndef BOHAN_CITY_H
#define BOHAN_CITY_H

#include "bohan/ctx.h"

BH_BEGIN_DECLS

typedef struct bh_city bh_city;

/* Loads dir/city.json. *out is owned by the caller (bh_city_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_city_load(bh_ctx *ctx, const char *dir, bh_city **out);
/* Releases city; NULL is a no-op. */
BH_API void bh_city_destroy(bh_city *city);

/* Borrowed strings, valid while city lives. */
BH_API const char *bh_city_name(const bh_city *city);
BH_API const char *bh_city_code(const bh_city *city);
BH_API const char *bh_city_prefecture(const bh_city *city);
BH_API const char *bh_city_dir(const bh_city *city);
BH_API int bh_city_srid(const bh_city *city);

/* The default city directory: $BOHAN_CITY, else the build's data/matsudo. Static string. */
BH_API const char *bh_city_default_dir(void);

BH_END_DECLS

#endif

/* City profile: every city-specific fact (name, code, SRID, layer set, thresholds) as data,
 * read from <city dir>/city.json. */
#ifndef BH_CITY_H
#define BH_CITY_H

#include <json-c/json.h>
#include "bohan/city.h"
#include "core/ctx.h"

/* Parses a profile from JSON text (as stored in the database); dir may be NULL. */
BH_MUST_CHECK bh_status bh_city_parse(bh_ctx *ctx, const char *json_text, const char *dir,
                                      bh_city **out);

/* The whole profile (borrowed): rooms read their own sections ("risk", "credits", ...). */
struct json_object *bh_city_json(const bh_city *city);
/* The profile serialised (borrowed), for storing in the database. */
const char *bh_city_json_text(const bh_city *city);

/* Resolves rel against the city dir (absolute paths pass through). Caller frees. */
char *bh_city_path(const bh_city *city, const char *rel);
/* Directory of layer definitions ("layers_dir" in the profile, default ../../layers). Caller frees.
 */
char *bh_city_layers_dir(const bh_city *city);
/* Directory of styles ("styles_dir", default ../../styles). Caller frees. */
char *bh_city_styles_dir(const bh_city *city);

/* The default city directory: $BOHAN_CITY, else <data root>/data/matsudo. Static string
 * (src/core/home.c). */
const char *bh_city_default_dir(void);
/* The project's data root (holds data/, layers/, styles/): $BOHAN_HOME, else share/bohan of the
 * install libbohan was loaded from, else the build tree's share/bohan. Static string. */
const char *bh_home_dir(void);

#endif

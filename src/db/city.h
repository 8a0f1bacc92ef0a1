/* The city profile a database was initialised with. Not a public header. */
#ifndef BH_DB_CITY_H
#define BH_DB_CITY_H

#include "core/city.h"
#include "db/db.h"

/* The profile stored at init (meta 'city_json'; its files beside meta 'city_dir' while that
 * directory exists, else beside the default city directory), else the default city directory's
 * profile. *out is owned by the caller (bh_city_destroy). */
BH_MUST_CHECK bh_status bh_db_city(bh_db *db, bh_city **out);

#endif

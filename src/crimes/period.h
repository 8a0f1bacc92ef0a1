/* Crime data present for a period; sample databases. */
#ifndef BH_CRIMES_PERIOD_H
#define BH_CRIMES_PERIOD_H

#include "db/db.h"

/* BH_OK when some in-city crimes row (or count-table row overlapping it) lies in
 * [from_ym, to_ym] (0 = open end; both 0 = no check), or allow_empty is set; otherwise a
 * BH_E_EMPTY error naming the period and the months the data actually covers. */
BH_MUST_CHECK bh_status bh_crimes_period_check(bh_db *db, int from_ym, int to_ym, int allow_empty);
/* 1 when any imported crime file or count row is sample data: every output made from such a
 * database carries the sample stamp, whatever its period holds. */
int bh_crimes_db_is_sample(bh_db *db);

#endif

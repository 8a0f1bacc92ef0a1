/* A file's rows counted per crime_agg group (state, place, 手口, month) while the importer writes
 * them, so the aggregate and the duplicate check join a few thousand groups instead of sorting
 * every new row again (aggregate.c reads them from temp.bh_file_groups). Not a public header. */
#ifndef BH_CRIMES_GROUPS_H
#define BH_CRIMES_GROUPS_H

#include "core/hash.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "db/db.h"

typedef struct bh_crime_groups {
    bh_hash_map m; /* state, place, type, month, sample flag as bytes → rows (val.num) */
    bh_strbuf key;
} bh_crime_groups;

/* Counts one row as crime_agg groups it: place is the key_code (state chome) or the 大字 (state
 * oaza), else ignored; NULL and "" are the same place and type; ym 0 = no month. 0, or -1 when
 * memory runs out. */
BH_MUST_CHECK int bh_crime_groups_add(bh_crime_groups *g, const char *state, const char *place,
                                      const char *type, int ym, int sample);
/* Forgets every group (the next file starts empty). */
void bh_crime_groups_clear(bh_crime_groups *g);
/* Replaces temp.bh_file_groups(state, place, crime_type, ym, n, n_sample) with the groups. */
BH_MUST_CHECK bh_status bh_crime_groups_store(bh_db *db, const bh_crime_groups *g);

#endif

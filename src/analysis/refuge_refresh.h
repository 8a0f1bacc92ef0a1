/* Keeping the gap layers of `bohan refuges coverage` true to their inputs: a command that changes
 * the areas, the 町丁目 blocks or the houses re-runs the recorded coverage in its transaction. */
#ifndef BH_REFUGE_REFRESH_H
#define BH_REFUGE_REFRESH_H

#include "db/db.h"

/* When refuge_gaps exists, re-runs the coverage its catalogue definition records (--by, radius),
 * replacing refuge_gaps, refuge_gap_cells and refuge_gap_centres inside the caller's open
 * transaction; a no-op otherwise. */
BH_MUST_CHECK bh_status bh_refuge_refresh(bh_db *db);
/* 1 when a change to table can change the coverage (the areas of any --by kind, the blocks, the
 * houses). */
int bh_refuge_refresh_reads(const char *table);
/* What a working copy (db/stage.h) running bh_refuge_refresh holds, NULL-terminated static
 * lists: the gap layers it replaces, and the tables a coverage by any --by kind reads. */
const char *const *bh_refuge_refresh_writes(void);
const char *const *bh_refuge_refresh_read_list(void);

#endif

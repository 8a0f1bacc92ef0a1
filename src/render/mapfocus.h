/* The --area of a map for the style's table layers (docs/styles.md): a layer's where may name
 * temp.bh_map_focus (kind, id, name, geom), with an alias ("FROM temp.bh_map_focus f"). The name
 * is replaced by a derived table holding the area (no row without --area), its geometry as a
 * literal: no TEMP table is made, so a read-only connection (PostgreSQL refuses CREATE in a
 * read-only transaction) draws it too, on both backends. */
#ifndef BH_MAPFOCUS_H
#define BH_MAPFOCUS_H

#include "crimes/summary.h"
#include "db/db.h"

/* The derived table for area (an id or a name of md's areas; NULL: none) of kind (the --by
 * text). Owned by the caller (bh_free); NULL when out of memory. */
char *bh_mapfocus_table(bh_db *db, const bh_summary *md, const char *kind, const char *area);
/* where with every temp.bh_map_focus replaced by table; NULL when where names none (or out of
 * memory: *nomem set). Owned by the caller. */
char *bh_mapfocus_where(const char *where, const char *table, int *nomem);

#endif

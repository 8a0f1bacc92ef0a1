/* The crime aggregate (aggregate.sql): counts per (state, place, 手口, month) kept with the rows.
 * Not a public header; bh_crimes_check is declared in include/bohan/crimes.h. */
#ifndef BH_CRIMES_AGGREGATE_H
#define BH_CRIMES_AGGREGATE_H

#include "core/status.h"
#include "db/db.h"

/* A SELECT yielding (state, place, crime_type, ym, n, n_sample) from crime_rows grouped like
 * crime_agg; %s is a WHERE clause over r (crime_rows), p (profiles), c (places), or "". */
#define BH_CRIME_AGG_OF_ROWS                                                                       \
    "SELECT p.state, COALESCE(CASE p.state WHEN 'chome' THEN c.key_code WHEN 'oaza' THEN c.oaza "  \
    "END, '') AS place, COALESCE(p.crime_type, '') AS crime_type, COALESCE(r.occurred_ym, 0) AS "  \
    "ym, COUNT(*) AS n, SUM(CASE WHEN p.sample != 0 THEN 1 ELSE 0 END) AS n_sample FROM "          \
    "crime_rows r JOIN crime_profiles p "                                                          \
    "ON p.id = r.profile_id JOIN crime_places c ON c.id = r.place_id %s GROUP BY 1, 2, 3, 4"

/* The same grouping from the group counts the importer kept while writing a file's rows
 * (temp.bh_file_groups, groups.h): a few thousand groups, no sort of the rows. */
#define BH_CRIME_AGG_OF_GROUPS                                                                     \
    "SELECT state, place, crime_type, ym, SUM(n) AS n, SUM(n_sample) AS n_sample FROM "            \
    "bh_file_groups %s GROUP BY 1, 2, 3, 4"

/* Adds the groups of temp.bh_file_groups (the file the importer just wrote) to crime_agg. */
BH_MUST_CHECK bh_status bh_crime_agg_add_file_groups(bh_db *db);
/* Adds the crime_rows with id > after_id to crime_agg (the rows one import just wrote). */
BH_MUST_CHECK bh_status bh_crime_agg_add_rows(bh_db *db, long long after_id);
/* How many of the located rows with id > after_id (a file just read, its groups in
 * temp.bh_file_groups) are already counted in crime_agg: Σ over their (state, place, 手口, month)
 * groups of min(new, stored); when that is half of them or more, the rows that repeat a row with
 * id <= before_id (same profile, place, date, hour). A re-encoding, copy or superset of an
 * imported file overlaps in (nearly) all its rows. */
BH_MUST_CHECK bh_status bh_crime_agg_overlap(bh_db *db, long long after_id, long long before_id,
                                             long long *overlap, long long *placed);
/* Subtracts the rows of file_id from crime_agg (before they are deleted). */
BH_MUST_CHECK bh_status bh_crime_agg_remove_file(bh_db *db, long long file_id);
/* Empties crime_agg and recomputes it from every row. */
BH_MUST_CHECK bh_status bh_crime_agg_rebuild(bh_db *db);
/* The table a counting read should select from: "crime_agg", or for a database made before the
 * aggregate existed the same grouping computed from the rows as a subquery. Static text. */
const char *bh_crime_agg_source(bh_db *db);

#endif

/* Result layers that commands compute from the database (hot spots, refuge gaps): the table
 * recreated on every run and its `layers` catalogue row with source 'derived'. */
#ifndef BH_DERIVED_H
#define BH_DERIVED_H

#include "db/db.h"

/* Before SpatiaLite's AddGeometryColumn/CreateSpatialIndex in a transaction: puts the metadata
 * pages they change in the journal and reserves 16 pages, so a full disk fails in this statement
 * (reported once) instead of inside SpatiaLite, which prints to stderr. bh_derived_table calls it.
 */
BH_MUST_CHECK bh_status bh_derived_preflight(bh_db *db);
/* Drops table (and its geometry registration) when present and recreates it as
 * (id INTEGER PRIMARY KEY, columns[, sample]) with a geom column of type geom ("POLYGON",
 * "MULTIPOLYGON", "POINT") in the storage SRID and a spatial index. table, columns and geom are
 * trusted constants of the caller (spliced into SQL). Inside the caller's transaction. */
BH_MUST_CHECK bh_status bh_derived_table(bh_db *db, const char *table, const char *columns,
                                         const char *geom, int sample);
/* Writes the catalogue row of a derived table: kind 'sample' when sample, else 'approximate';
 * the feature count is taken from the table; definition is the JSON of how it was made. title
 * and definition are bound, table and geom trusted. Inside the caller's transaction. */
BH_MUST_CHECK bh_status bh_derived_catalogue(bh_db *db, const char *table, const char *title,
                                             const char *geom, int sample, const char *definition);

#endif

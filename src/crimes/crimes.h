/* Crime data import: police open-data CSV files (one per 手口) and count tables, matched to the
 * city's 町丁目 (town_blocks). Tables: crime_types, crime_files, crimes, crime_counts
 * (src/crimes/schema.sql, documented in docs/crime-data.md). */
#ifndef BH_CRIMES_H
#define BH_CRIMES_H

#include <stddef.h>
#include "bohan/crimes.h"
#include "core/city.h"
#include "crimes/report.h"
#include "db/db.h"

/* Imports police open-data files in ONE transaction (or inside the caller's open transaction):
 * any unreadable file, wrong encoding or foreign layout fails the whole call and leaves the
 * database unchanged. Files already imported (same SHA-256) are skipped. Every data row is
 * stored with its state (chome, oaza, outside, rejected+reason). *report (may be NULL) is owned
 * by the caller and filled even on failure up to the failing file. */
BH_MUST_CHECK bh_status bh_crimes_import(bh_db *db, const bh_city *city, const char *const *paths,
                                         size_t n_paths, const bh_crimes_import_opts *opts,
                                         bh_crimes_report **report);

/* Imports one count table (CSV or XLSX via OGR; columns in docs/crime-data.md) into
 * crime_counts, same transaction and idempotence rules. */
BH_MUST_CHECK bh_status bh_crimes_import_counts(bh_db *db, const bh_city *city, const char *path,
                                                const bh_crimes_import_opts *opts,
                                                bh_crimes_report **report);

/* Loads the files listed in the profile's "crimes" section ({"open_data": [...], "counts": [...],
 * "encoding": "CP932"}, paths relative to the city dir). Called by bh_init inside its
 * transaction; a profile without a crimes section is fine (nothing to do). */
BH_MUST_CHECK bh_status bh_crimes_load_profile(bh_db *db, const bh_city *city);

/* The rejected rows (crimes and crime_counts) with file, line, reason and the raw 町丁目/area,
 * formatted as text, CSV or JSON. *out is malloc'ed; the caller frees. */
BH_MUST_CHECK bh_status bh_crimes_rejects(bh_db *db, int format, char **out);

/* The city profile the database was initialised with (meta 'city_json'; its files beside meta
 * 'city_dir' while that directory exists, else beside the default city directory), else the
 * default city directory's profile. *out is owned by the caller (bh_city_destroy). */
BH_MUST_CHECK bh_status bh_crimes_city_for_db(bh_db *db, bh_city **out);

#endif

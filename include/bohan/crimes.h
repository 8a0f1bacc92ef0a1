/* Crime data: police open-data CSV files (one per 手口) and count tables, matched to the city's
 * 町丁目, and the report of an import. Importing reads files through GDAL, so it is reached
 * through the io module's table (bohan/io.h); the types are declared here. */
#ifndef BOHAN_CRIMES_H
#define BOHAN_CRIMES_H

#include "bohan/db.h"

BH_BEGIN_DECLS

typedef struct bh_crimes_import_opts {
    const char *encoding; /* "auto" (or NULL), "CP932", "UTF-8" */
    int sample;           /* 1: mark every row sample even without a 備考 = サンプル marker */
    int allow_duplicates; /* 1: import a file even when its rows repeat rows imported earlier */
} bh_crimes_import_opts;

/* Formats of the rejected-rows listing (bh_io.crimes_rejects) and of bh_crimes_unplaced. */
enum bh_crimes_format { BH_CRIMES_TEXT = 0, BH_CRIMES_CSV = 1, BH_CRIMES_JSON = 2 };

/* Import report: rows read per file, per final state and per rejection reason. Every row read
 * ends in exactly one state, so rows_read == Σ states. */
typedef struct bh_crimes_report bh_crimes_report;

/* Releases r; NULL is a no-op. */
BH_API void bh_crimes_report_destroy(bh_crimes_report *r);
/* Rows read, and of them those in state (chome|oaza|outside|rejected|koban|city) or rejected for
 * reason. */
BH_API long bh_crimes_report_rows_read(const bh_crimes_report *r);
BH_API long bh_crimes_report_state(const bh_crimes_report *r, const char *state);
BH_API long bh_crimes_report_reason(const bh_crimes_report *r, const char *reason);
/* The report as JSON / as text lines; the caller frees it with bh_free. NULL when out of
 * memory. */
BH_API BH_WARN_UNUSED char *bh_crimes_report_json(const bh_crimes_report *r);
BH_API BH_WARN_UNUSED char *bh_crimes_report_text(const bh_crimes_report *r);

/* Recomputes the crime aggregate (crime_agg: counts per state, place, 手口 and month that every
 * counting read uses) from the rows, and the stored 町丁目 → area table (chome_area_map) from the
 * layers, and compares. *n_diff = number of groups or map rows that differ; *text (the caller
 * frees it with bh_free) lists them one per line, or says that they match. Read-only (the fresh map is
 * computed in a temporary table of the connection). */
BH_API BH_WARN_UNUSED bh_status bh_crimes_check(bh_db *db, long *n_diff, char **text);

/* The imported crime files, one tab-separated line each after a header (id, imported_at, kind,
 * crime_type, encoding, rows, sample, path; the header in the program's language). *text:
 * the caller frees it with bh_free. */
BH_API BH_WARN_UNUSED bh_status bh_crimes_files(bh_db *db, char **text);
/* Removes one imported file — named by its id, its stored path or its base name — with its rows,
 * its count-table rows and its share of the crime aggregate, in one transaction. *rows = the
 * rows removed. */
BH_API BH_WARN_UNUSED bh_status bh_crimes_remove(bh_db *db, const char *which, long long *rows);

/* Every crime row and count-table row not placed on exactly one 町丁目: on a group of blocks
 * sharing a name (kind group), known to the 大字 only (oaza), to the 交番 only (koban), city-wide
 * (city: the summary's 「（市全体・地区不明）」 row), in another municipality (outside) or
 * rejected, with a reason identifier. format: BH_CRIMES_TEXT | _CSV (header kind, source, file,
 * line, crime_type, area, placed_on, reason, count) | _JSON (array of objects, same keys).
 * *out: the caller frees it with bh_free. Read-only. */
BH_API BH_WARN_UNUSED bh_status bh_crimes_unplaced(bh_db *db, int format, char **out);
/* What a rejection reason (empty_chome, bad_date …) or a row state (chome, oaza, outside,
 * rejected, koban, city) means, in the program's language (bohan/i18n.h); an unknown identifier
 * is returned as is. Static or id itself: do not free. */
BH_API const char *bh_crimes_reason_text(const char *id);

BH_END_DECLS

#endif

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
} bh_crimes_import_opts;

/* Formats of the rejected-rows listing (bh_io.crimes_rejects). */
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
/* The report as JSON / as text lines; malloc'ed, the caller frees. NULL when out of memory. */
BH_API BH_WARN_UNUSED char *bh_crimes_report_json(const bh_crimes_report *r);
BH_API BH_WARN_UNUSED char *bh_crimes_report_text(const bh_crimes_report *r);

BH_END_DECLS

#endif

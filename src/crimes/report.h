/* Import report: rows read per file, per final state and per rejection reason. Every row read
 * ends in exactly one state, so rows_read == Σ states (checked by the tests). */
#ifndef BH_CRIMES_REPORT_H
#define BH_CRIMES_REPORT_H

#include "bohan/crimes.h"
#include "core/status.h"

/* kind: "crimes" or "counts". NULL when out of memory; owned by the caller. */
bh_crimes_report *bh_crimes_report_create(const char *kind);

/* Starts a file entry; returns its index (-1 when out of memory). status: "imported" or
 * "already_imported". */
int bh_crimes_report_add_file(bh_crimes_report *r, const char *path, const char *sha256,
                              const char *encoding, const char *status);
void bh_crimes_report_set_file_info(bh_crimes_report *r, int file, long blank_lines,
                                    int duplicated_columns, int sample, int had_bom);
/* Counts one row of file in state (chome|oaza|outside|rejected|koban|city); reason when
 * rejected. Ambiguous: the name matched several KEY_CODEs. */
void bh_crimes_report_row(bh_crimes_report *r, int file, const char *state, const char *reason,
                          int ambiguous);
/* n rows at once, ambiguous of them ambiguous. */
void bh_crimes_report_rows(bh_crimes_report *r, int file, const char *state, const char *reason,
                           long n, long ambiguous);

int bh_crimes_report_n_files(const bh_crimes_report *r);
long bh_crimes_report_file_rows(const bh_crimes_report *r, int file);
const char *bh_crimes_report_file_status(const bh_crimes_report *r, int file);

#endif

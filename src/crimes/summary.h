/* Crime counts per area for a period: the one per-area model that summaries, tables and every
 * crime map use. Contract between crimes/ (computes) and render/ (draws); render never re-counts.
 * A summary is computed from the database (bh_summary_compute) or built row by row
 * (bh_summary_create, bh_summary_add: fixtures, other sources), and read the same way. */
#ifndef BH_SUMMARY_H
#define BH_SUMMARY_H

#include "bohan/summary.h"
#include "db/db.h"

/* An empty summary for n_types crime types (names copied), to fill with bh_summary_add. *out is
 * owned by the caller (bh_summary_destroy). BH_E_NOMEM when memory runs out. */
BH_MUST_CHECK bh_status bh_summary_create(size_t n_types, const char *const *type_names,
                                          bh_summary **out);
/* Appends a row: strings, counts[n_types] (NULL: zeros) and wkb (may be NULL) copied; name NULL
 * means id; risk_level 0..5 (others count as 0). BH_E_NOMEM when memory runs out. */
BH_MUST_CHECK bh_status bh_summary_add(bh_summary *s, const char *id, const char *name,
                                       double population, const long *counts, int risk_level,
                                       const unsigned char *wkb, size_t wkb_len);
void bh_summary_set_period(bh_summary *s, int from_ym, int to_ym);
void bh_summary_set_sample(bh_summary *s, int sample);
/* breaks: 4 values; method copied (up to 31 bytes). */
void bh_summary_set_risk(bh_summary *s, const double *breaks, const char *method);

#endif

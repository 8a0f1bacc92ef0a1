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
/* The 手口 counted in column t when it is a type group of the city profile
 * (crimes.type_groups, e.g. 車上・部品ねらい = 車上ねらい + 部品ねらい): stores up to max borrowed
 * names in members and returns how many there are (0 for a plain 手口). */
size_t bh_summary_type_members(const bh_summary *s, size_t t, const char **members, size_t max);
/* The columns whose count-table rows (yearly values of 住宅対象侵入盗, 電話de詐欺 …) only partly
 * overlap the period and so are not in it, joined by 「・」 (borrowed), or NULL when none: a map or
 * page of such a period must say so (「…は年間値のため半期版には含みません」), never show a silent
 * 0. */
const char *bh_summary_partial_types(const bh_summary *s);

/* The area of `areas` each row of `subs` (a 町丁目 summary, or a 大字 summary when `areas` is
 * by 大字; same period and types) belongs to, by the rule that counts `areas`: a crime is in the
 * area containing its 町丁目's (or, known only to the 大字, its 大字's) PointOnSurface
 * (crimes/assign.c). area_of[j] (caller-allocated, bh_summary_n_areas(subs) entries) is the row
 * index in `areas` (possibly one of its remainder rows), or -1 (位置不明). So the
 * rows assigned to an area always sum to its total, also for areas that cut across 大字. */
BH_MUST_CHECK bh_status bh_summary_assign(bh_db *db, bh_summary *areas, const bh_summary *subs,
                                          long *area_of);

#endif

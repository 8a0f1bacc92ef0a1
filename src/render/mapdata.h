/* The numbers a crime map draws, one row per area: counts per crime type, 危険度, population
 * and the area's polygon. Filled from a bh_summary (crimes/summary.h) or row by row (tests,
 * fixtures), so drawing never depends on how the counts were made. */
#ifndef BH_MAPDATA_H
#define BH_MAPDATA_H

#include <stddef.h>
#include "core/ctx.h"
#include "crimes/summary.h"

typedef struct bh_mapdata bh_mapdata;

/* An empty set for n_types crime types (names copied). *out is owned by the caller
 * (bh_mapdata_destroy). */
BH_MUST_CHECK bh_status bh_mapdata_create(size_t n_types, const char *const *type_names,
                                          bh_mapdata **out);
/* Copies everything a map needs out of s. *out is owned by the caller. */
BH_MUST_CHECK bh_status bh_mapdata_from_summary(const bh_summary *s, bh_mapdata **out);
/* Releases md; NULL is a no-op. */
void bh_mapdata_destroy(bh_mapdata *md);

/* Appends an area (strings, counts[n_types] and wkb copied; wkb may be NULL). risk_level 0..5. */
BH_MUST_CHECK bh_status bh_mapdata_add(bh_mapdata *md, const char *id, const char *name,
                                       double population, const long *counts, int risk_level,
                                       const unsigned char *wkb, size_t wkb_len);
void bh_mapdata_set_period(bh_mapdata *md, int from_ym, int to_ym);
void bh_mapdata_set_sample(bh_mapdata *md, int sample);
/* breaks: 4 values and method (copied). */
void bh_mapdata_set_risk(bh_mapdata *md, const double *breaks, const char *method);

size_t bh_mapdata_n_types(const bh_mapdata *md);
const char *bh_mapdata_type(const bh_mapdata *md, size_t t);
size_t bh_mapdata_n_areas(const bh_mapdata *md);
const char *bh_mapdata_id(const bh_mapdata *md, size_t i);
const char *bh_mapdata_name(const bh_mapdata *md, size_t i);
double bh_mapdata_population(const bh_mapdata *md, size_t i);
long bh_mapdata_count(const bh_mapdata *md, size_t i, size_t t);
long bh_mapdata_total(const bh_mapdata *md, size_t i);
int bh_mapdata_risk(const bh_mapdata *md, size_t i);
const unsigned char *bh_mapdata_wkb(const bh_mapdata *md, size_t i, size_t *len);
int bh_mapdata_from_ym(const bh_mapdata *md);
int bh_mapdata_to_ym(const bh_mapdata *md);
int bh_mapdata_is_sample(const bh_mapdata *md);
/* Types whose yearly count rows are not in the period (bh_summary_partial_types; borrowed), or
 * NULL. */
const char *bh_mapdata_partial_types(const bh_mapdata *md);
/* The 4 risk breaks (borrowed) or NULL when none were set; the method ("" when unknown). */
const double *bh_mapdata_risk_breaks(const bh_mapdata *md);
const char *bh_mapdata_risk_method(const bh_mapdata *md);

#endif

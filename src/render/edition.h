/* The editions table: one row per rendered map with the breaks it used (src/render/schema.sql). */
#ifndef BH_EDITION_H
#define BH_EDITION_H

#include <stddef.h>
#include "db/db.h"

typedef struct bh_edition_row {
    const char *by;
    int from_ym, to_ym;
    const char *types;
    const char *style;
    const char *edition; /* "public" | "internal" */
    const char *risk_method;
    const double *risk_breaks;  /* 4 values or NULL */
    const double *class_bounds; /* n_class_bounds values or NULL */
    size_t n_class_bounds;
    const char *output;
} bh_edition_row;

/* Inserts row in its own transaction; *id receives the new edition id. */
BH_MUST_CHECK bh_status bh_edition_record(bh_db *db, const bh_edition_row *row, long long *id);

/* Reads the breaks of edition id: risk_breaks[4] (*has_risk 0 when NULL) and up to max_bounds
 * class bounds into class_bounds (*n_bounds, 0 when none). BH_E_NOT_FOUND naming the id. */
BH_MUST_CHECK bh_status bh_edition_breaks(bh_db *db, long long id, double risk_breaks[4],
                                          int *has_risk, double *class_bounds, size_t max_bounds,
                                          size_t *n_bounds);

#endif

/* Internal to src/plan: a small CSV file read whole through OGR's CSV driver, every value as
 * text, with the file line of each row for error messages. */
#ifndef BH_PLAN_CSVTAB_H
#define BH_PLAN_CSVTAB_H

#include <stddef.h>
#include "core/ctx.h"

typedef struct bh_plan_csv {
    char *path;       /* as opened */
    const char *name; /* file name part of path (borrowed from path) */
    size_t ncols;     /* the requested columns, in request order */
    size_t nrows;
    int *lines;   /* file line of each row (header = line 1) */
    char **cells; /* nrows * ncols, never NULL ("" for empty) */
} bh_plan_csv;

/* Reads dir/file requiring every column in cols (NULL-terminated). *out is owned by the
 * caller (bh_plan_csv_destroy). Errors name the file, and line 1 plus the field for a missing
 * column. */
BH_MUST_CHECK bh_status bh_plan_csv_read(bh_ctx *ctx, const char *dir, const char *file,
                                         const char *const *cols, bh_plan_csv **out);
void bh_plan_csv_destroy(bh_plan_csv *t);
/* Borrowed cell text of row r, column c. */
const char *bh_plan_csv_get(const bh_plan_csv *t, size_t r, size_t c);

#endif

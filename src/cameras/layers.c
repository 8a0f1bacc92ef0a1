/* Points from a catalogued layer, for demand, density, candidates and the existing cameras. */
#include "bohan/cameras.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "cameras/internal.h"
#include "core/array.h"
#include "core/strbuf.h"
#include "db/layer.h"
#include "db/stmt.h"

/* Splits "NAME[:COLUMN]" into malloc'ed parts. */
static char *split(const char *spec, char **column)
{
    char *name = bh_strdup(spec);
    char *colon = name ? strchr(name, ':') : NULL;
    *column = NULL;
    if (colon) {
        *colon = '\0';
        *column = colon + 1;
    }
    return name;
}

char *bh_cam_layer_table(bh_db *db, const char *spec)
{
    char *column;
    char *name = split(spec, &column);
    if (!name) {
        bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
        return NULL;
    }
    bh_layer_def *def = NULL;
    char *table = NULL;
    if (bh_layer_def_from_db(db, name, &def) == BH_OK)
        table = bh_strdup(bh_layer_def_table(def));
    bh_layer_def_destroy(def);
    bh_free(name);
    return table;
}

int bh_cam_layer_is_sample(bh_db *db, const char *spec)
{
    char *column;
    char *name = split(spec, &column);
    if (!name)
        return 0;
    char **kinds = NULL;
    size_t n = 0;
    int s = bh_db_text_column(db, "SELECT kind FROM layers WHERE name = ?", name, &kinds, &n) ==
                BH_OK &&
            n > 0 && strcmp(kinds[0], "sample") == 0;
    bh_ctx_clear_error(bh_db_ctx(db)); /* no catalogue row: not sample */
    bh_db_names_free(kinds, n);
    bh_free(name);
    return s;
}

/* Output arrays of read_points; w and ids may be NULL. */
typedef struct pts {
    double **x, **y, **w;
    long long **ids;
    size_t *n, *cap;
} pts;

static bh_status read_points(bh_db *db, bh_stmt *q, const char *spec, pts *o)
{
    bh_ctx *ctx = bh_db_ctx(db);
    int rc;
    while ((rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        if (bh_stmt_column_type(q, 0) == BH_VAL_NULL)
            continue;
        size_t c1 = *o->cap, c2 = *o->cap, c3 = *o->cap, *n = o->n;
        if (bh_array_grow((void **)o->x, o->cap, *n + 1, sizeof **o->x, 1024) ||
            bh_array_grow((void **)o->y, &c1, *n + 1, sizeof **o->y, 1024) ||
            (o->w && bh_array_grow((void **)o->w, &c2, *n + 1, sizeof **o->w, 1024)) ||
            (o->ids && bh_array_grow((void **)o->ids, &c3, *n + 1, sizeof **o->ids, 1024)))
            return bh_error(ctx, BH_E_NOMEM, "out of memory");
        (*o->x)[*n] = bh_stmt_column_double(q, 0);
        (*o->y)[*n] = bh_stmt_column_double(q, 1);
        if (o->ids)
            (*o->ids)[*n] = bh_stmt_column_int64(q, 3);
        if (o->w) {
            double v = bh_stmt_column_double(q, 2);
            if (!(v >= 0))
                return bh_error(ctx, BH_E_ARG, "layer %s, feature %lld: weight %g is negative",
                                spec, (long long)bh_stmt_column_int64(q, 3), v);
            (*o->w)[*n] = v;
        }
        (*n)++;
    }
    return rc == BH_STEP_DONE ? BH_OK : bh_ctx_status(ctx);
}

static bh_status layer_points(bh_db *db, const char *spec, pts *o)
{
    bh_ctx *ctx = bh_db_ctx(db);
    char *column;
    char *name = split(spec, &column);
    char *table = name ? bh_cam_layer_table(db, name) : NULL;
    if (!table) {
        bh_free(name);
        return bh_ctx_status(ctx) != BH_OK ? bh_ctx_status(ctx)
                                           : bh_error(ctx, BH_E_UNKNOWN_LAYER, "unknown layer");
    }
    /* Spelt the same on both backends (ST_X, ST_PointOnSurface, GeometryType). */
    bh_stmt *q = NULL;
    bh_status st = bh_stmt_preparef(
        db, &q,
        "SELECT ST_X(p), ST_Y(p), %s%w%s, id FROM (SELECT CASE WHEN GeometryType(geom) = 'POINT' "
        "THEN geom ELSE ST_PointOnSurface(geom) END p, * FROM \"%w\") pts ORDER BY id",
        column ? "\"" : "", column ? column : "1", column ? "\"" : "", table);
    /* PostgreSQL checks the SQL at the first step: asking for the columns checks it now */
    if (st == BH_OK && column && bh_stmt_column_count(q) == 0)
        st = bh_ctx_status(ctx) != BH_OK ? bh_ctx_status(ctx) : BH_E_DB;
    if (st != BH_OK && column) {
        bh_ctx_clear_error(ctx);
        st = bh_error(ctx, BH_E_ARG, "layer %s has no column '%s'", name, column);
    }
    if (st == BH_OK)
        st = read_points(db, q, spec, o);
    bh_stmt_finalize(q);
    bh_free(table);
    bh_free(name);
    return st;
}

bh_status bh_cam_layer_points(bh_db *db, const char *spec, int want_w, double **x, double **y,
                              double **w, size_t *n, size_t *cap)
{
    pts o = {x, y, want_w ? w : NULL, NULL, n, cap};
    return layer_points(db, spec, &o);
}

bh_status bh_cam_layer_points_ids(bh_db *db, const char *spec, double **x, double **y,
                                  long long **ids, size_t *n, size_t *cap)
{
    pts o = {x, y, NULL, ids, n, cap};
    return layer_points(db, spec, &o);
}

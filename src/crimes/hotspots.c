#include "crimes/hotspots.h"
#include "crimes/places.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/gistar.h"
#include "analysis/kde.h"
#include "core/strbuf.h"
#include "db/derived.h"
#include "db/stage.h"

void bh_hotspot_opts_default(bh_hotspot_opts *o)
{
    memset(o, 0, sizeof *o);
    o->bandwidth_m = 300;
    o->cell_m = 100;
    o->permutations = 999;
    o->seed = 1;
    o->alpha = 0.05;
    o->weights = BH_WEIGHTS_QUEEN;
}

/* The work of one method on the summary s (read from the database before: on PostgreSQL the
 * work runs on a SpatiaLite working copy of the layers, db/stage.h). */
typedef bh_status (*hs_work_fn)(bh_db *db, const bh_hotspot_opts *o, const bh_summary *s,
                                bh_hotspot_report *rep);

typedef struct hs_job {
    hs_work_fn work;
    const bh_hotspot_opts *o;
    const bh_summary *s;
    bh_hotspot_report *rep;
} hs_job;

/* Runs the job atomically: its own transaction when none is open, else a savepoint. */
static bh_status hs_atomic(bh_db *db, void *user)
{
    hs_job *j = user;
    int alone = !bh_db_in_tx(db);
    bh_status rc = alone ? bh_db_begin(db) : bh_db_exec(db, "SAVEPOINT bh_hotspots");
    if (rc != BH_OK)
        return rc;
    rc = j->work(db, j->o, j->s, j->rep);
    if (alone) {
        if (rc == BH_OK)
            return bh_db_commit(db);
        bh_db_rollback(db);
        return rc;
    }
    /* the work's error stays the one reported; these only undo and close the savepoint */
    if (rc != BH_OK && bh_db_exec(db, "ROLLBACK TO bh_hotspots") != BH_OK)
        return rc;
    bh_status r2 = bh_db_exec(db, "RELEASE bh_hotspots");
    return rc != BH_OK ? rc : r2;
}

/* The summary by `by` on db, then work on it: on SpatiaLite in db, on PostgreSQL on a working
 * copy of layers, the work's table (made anew) and the tables it reads (reads), whose new and
 * changed tables (the work's, layers) are written back in one transaction. */
static bh_status hs_run(bh_db *db, hs_work_fn work, bh_area_kind by, const char *const *table,
                        const char *const *reads, const bh_hotspot_opts *o, bh_hotspot_report *rep)
{
    memset(rep, 0, sizeof *rep);
    bh_summary_opts so = o->summary;
    so.by = by;
    if (by != BH_AREA_GRID)
        so.grid_m = 0;
    bh_summary *s = NULL;
    bh_status rc = bh_summary_compute(db, &so, &s);
    hs_job j = {work, o, s, rep};
    if (rc == BH_OK)
        rc = bh_db_staged(
            db, &(bh_db_stage_spec){.write = 1, .extra = table, .fresh = table, .reads = reads},
            hs_atomic, &j);
    bh_summary_destroy(s);
    return rc;
}

/* Representative point of a chome area id or an "oaza:<name>" remainder id; 0 if none. */
static int hs_point(bh_db *db, const char *id, double *x, double *y)
{
    int oaza = strncmp(id, "oaza:", 5) == 0;
    const char *sql =
        !oaza ? bh_place_point_sql(id)
        : bh_db_has_table(db, "oaza")
            ? "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM oaza WHERE "
              "name = ?1) t"
            : "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(ST_Union(geom)) p FROM "
              "town_blocks WHERE oaza = ?1) t";
    bh_stmt *st;
    if (bh_stmt_prepare(db, sql, &st) != BH_OK)
        return 0;
    bh_stmt_bind_text(st, 1, oaza ? id + 5 : id);
    int ok = bh_stmt_step(st) == BH_STEP_ROW && bh_stmt_column_type(st, 0) != BH_VAL_NULL;
    if (ok) {
        *x = bh_stmt_column_double(st, 0);
        *y = bh_stmt_column_double(st, 1);
    }
    bh_stmt_finalize(st);
    return ok;
}

/* period: the months the summary counted (resolved from the data when open), so a map can
 * show the density per year. */
static bh_status kde_write(bh_db *db, const bh_hotspot_opts *o, const int period[2],
                           const double *dens, double x0, double y0, size_t cols, size_t rows,
                           bh_hotspot_report *rep)
{
    bh_status rc = bh_derived_table(db, "hotspot_kde",
                                    "col INTEGER, row INTEGER, density REAL, "
                                    "expected REAL",
                                    "POLYGON", rep->sample);
    bh_stmt *ins = NULL;
    char cell[96];
    snprintf(cell, sizeof cell, bh_db_sql(db)->envelope, "?5", "?6", "?7", "?8", bh_db_srid(db));
    if (rc == BH_OK)
        rc = bh_stmt_preparef(db, &ins,
                              "INSERT INTO hotspot_kde (col, row, density, expected, geom) "
                              "VALUES (?1, ?2, ?3, ?4, %s)",
                              cell);
    double a = o->cell_m * o->cell_m;
    long c0 = lround(x0 / o->cell_m), r0 = lround(y0 / o->cell_m);
    for (size_t r = 0; rc == BH_OK && r < rows; r++)
        for (size_t c = 0; rc == BH_OK && c < cols; c++) {
            double d = dens[r * cols + c] * 1e6;
            if (d > rep->max_density)
                rep->max_density = d;
            bh_stmt_reset(ins);
            bh_stmt_bind_int64(ins, 1, c0 + (long)c);
            bh_stmt_bind_int64(ins, 2, r0 + (long)r);
            bh_stmt_bind_double(ins, 3, d);
            bh_stmt_bind_double(ins, 4, dens[r * cols + c] * a);
            bh_stmt_bind_double(ins, 5, x0 + (double)c * o->cell_m);
            bh_stmt_bind_double(ins, 6, y0 + (double)r * o->cell_m);
            bh_stmt_bind_double(ins, 7, x0 + (double)(c + 1) * o->cell_m);
            bh_stmt_bind_double(ins, 8, y0 + (double)(r + 1) * o->cell_m);
            if (bh_stmt_step(ins) == BH_STEP_ERROR)
                rc = bh_ctx_status(bh_db_ctx(db));
            rep->features++;
        }
    bh_stmt_finalize(ins);
    if (rc == BH_OK) {
        char def[256];
        snprintf(def, sizeof def,
                 "{\"name\": \"hotspot_kde\", \"method\": \"gaussian kde\", \"bandwidth_m\": %g, "
                 "\"cell_m\": %g, \"from\": %d, \"to\": %d}",
                 o->bandwidth_m, o->cell_m, period[0], period[1]);
        rc = bh_derived_catalogue(db, "hotspot_kde", "犯罪の密度（カーネル密度推定）", "POLYGON",
                                  rep->sample, def);
    }
    return rc;
}

static bh_status kde_work(bh_db *db, const bh_hotspot_opts *o, const bh_summary *s,
                          bh_hotspot_report *rep)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_status rc = BH_OK;
    size_t n = bh_summary_n_areas(s), m = 0;
    double *px = bh_malloc((n + 1) * sizeof *px), *py = bh_malloc((n + 1) * sizeof *py),
           *pw = bh_malloc((n + 1) * sizeof *pw), *dens = NULL;
    if (px == NULL || py == NULL || pw == NULL)
        rc = bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < n; i++) {
        long t = bh_summary_total(s, i);
        if (t == 0)
            continue;
        if (hs_point(db, bh_summary_area_id(s, i), &px[m], &py[m])) {
            pw[m++] = (double)t;
            rep->placed += t;
        } else {
            rep->unplaced += t;
        }
    }
    rep->sample = bh_summary_is_sample(s);
    int period[2] = {bh_summary_from_ym(s), bh_summary_to_ym(s)};
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    bh_stmt *st = NULL;
    char box[160];
    snprintf(box, sizeof box, bh_db_sql(db)->bounds, "geom", "geom", "geom", "geom");
    if (rc == BH_OK)
        rc =
            bh_stmt_preparef(db, &st,
                             "WITH t (a, b, c, d) AS (SELECT %s FROM town_blocks WHERE geom IS NOT "
                             "NULL) SELECT min(a), min(b), max(c), max(d) FROM t",
                             box);
    if (rc == BH_OK) {
        int r = bh_stmt_step(st);
        if (r == BH_STEP_ROW && bh_stmt_column_type(st, 0) != BH_VAL_NULL) {
            minx = bh_stmt_column_double(st, 0);
            miny = bh_stmt_column_double(st, 1);
            maxx = bh_stmt_column_double(st, 2);
            maxy = bh_stmt_column_double(st, 3);
        } else {
            rc = r == BH_STEP_ERROR
                     ? bh_ctx_status(ctx)
                     : bh_error(ctx, BH_E_EMPTY, "%s: town_blocks: no geometry", bh_db_path(db));
        }
        bh_stmt_finalize(st);
    }
    double x0 = floor(minx / o->cell_m) * o->cell_m, y0 = floor(miny / o->cell_m) * o->cell_m;
    double fc = ceil((maxx - x0) / o->cell_m), fr = ceil((maxy - y0) / o->cell_m);
    if (rc == BH_OK && fc * fr > 4e6)
        rc =
            bh_error(ctx, BH_E_ARG, "--cell %g: %.0f cells; use a larger cell", o->cell_m, fc * fr);
    size_t cols = (size_t)(fc < 1 ? 1 : fc), rows = (size_t)(fr < 1 ? 1 : fr);
    if (rc == BH_OK && (dens = bh_malloc(cols * rows * sizeof *dens)) == NULL)
        rc = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (rc == BH_OK)
        rc = bh_kde_grid(ctx, px, py, pw, m, x0, y0, cols, rows, o->cell_m, o->bandwidth_m, dens);
    if (rc == BH_OK)
        rc = kde_write(db, o, period, dens, x0, y0, cols, rows, rep);
    bh_free(px);
    bh_free(py);
    bh_free(pw);
    bh_free(dens);
    return rc;
}

bh_status bh_hotspots_kde(bh_db *db, const bh_hotspot_opts *o, bh_hotspot_report *rep)
{
    if (!(o->cell_m >= 1) || !(o->bandwidth_m >= 1)) {
        memset(rep, 0, sizeof *rep);
        return bh_error(bh_db_ctx(db), BH_E_ARG, "--cell/--bandwidth: must be at least 1 metre");
    }
    /* the grid's extent and the areas' points: the blocks and the 大字 */
    static const char *const table[] = {"hotspot_kde", NULL};
    static const char *const reads[] = {"town_blocks", "oaza", NULL};
    return hs_run(db, kde_work, BH_AREA_CHOME, table, reads, o, rep);
}

static bh_status gistar_write(bh_db *db, const bh_summary *s, const size_t *idx, size_t m,
                              const double *x, const double *z, const double *p, const int *cls,
                              const bh_weights *w, const bh_hotspot_opts *o, bh_hotspot_report *rep)
{
    bh_status rc =
        bh_derived_table(db, "hotspot_gistar",
                         "area_id TEXT NOT NULL, name TEXT, value REAL, z REAL, p_sim REAL, "
                         "class TEXT NOT NULL CHECK (class IN ('hot', 'cold', 'none')), "
                         "neighbours INTEGER",
                         "MULTIPOLYGON", rep->sample);
    bh_stmt *ins = NULL;
    char g[64], mg[96];
    snprintf(g, sizeof g, bh_db_sql(db)->geom_in, "?8", bh_db_srid(db));
    snprintf(mg, sizeof mg, bh_db_sql(db)->multi, g);
    if (rc == BH_OK)
        rc = bh_stmt_preparef(db, &ins,
                              "INSERT INTO hotspot_gistar (area_id, name, value, z, p_sim, class, "
                              "neighbours, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, %s)",
                              mg);
    for (size_t k = 0; rc == BH_OK && k < m; k++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(s, idx[k], &len);
        bh_stmt_reset(ins);
        bh_stmt_bind_text(ins, 1, bh_summary_area_id(s, idx[k]));
        bh_stmt_bind_text(ins, 2, bh_summary_area_name(s, idx[k]));
        bh_stmt_bind_double(ins, 3, x[k]);
        bh_stmt_bind_double(ins, 4, z[k]);
        bh_stmt_bind_double(ins, 5, p[k]);
        bh_stmt_bind_text(ins, 6, bh_gistar_class_name(cls[k]));
        bh_stmt_bind_int64(ins, 7, (long long)bh_weights_degree(w, k));
        bh_stmt_bind_blob(ins, 8, wkb, len);
        if (bh_stmt_step(ins) == BH_STEP_ERROR)
            rc = bh_ctx_status(bh_db_ctx(db));
        rep->features++;
        rep->hot += cls[k] == BH_GISTAR_HOT;
        rep->cold += cls[k] == BH_GISTAR_COLD;
    }
    bh_stmt_finalize(ins);
    if (rc == BH_OK) {
        char def[320];
        snprintf(def, sizeof def,
                 "{\"name\": \"hotspot_gistar\", \"method\": \"Getis-Ord Gi* (star, binary "
                 "weights)\", \"weights\": \"%s\", \"band_m\": %g, \"permutations\": %d, "
                 "\"seed\": %llu, \"alpha\": %g, \"from\": %d, \"to\": %d}",
                 o->weights == BH_WEIGHTS_ROOK       ? "rook"
                 : o->weights == BH_WEIGHTS_DISTANCE ? "distance"
                                                     : "queen",
                 o->band_m, o->permutations, (unsigned long long)o->seed, o->alpha,
                 bh_summary_from_ym(s), bh_summary_to_ym(s));
        rc = bh_derived_catalogue(db, "hotspot_gistar", "ホットスポット（Getis-Ord Gi*）",
                                  "MULTIPOLYGON", rep->sample, def);
    }
    return rc;
}

static bh_status gistar_work(bh_db *db, const bh_hotspot_opts *o, const bh_summary *s,
                             bh_hotspot_report *rep)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_status rc = BH_OK;
    size_t n = bh_summary_n_areas(s), m = 0;
    size_t *idx = bh_malloc((n + 1) * sizeof *idx), *lens = bh_malloc((n + 1) * sizeof *lens);
    const unsigned char **wkb = bh_malloc((n + 1) * sizeof *wkb);
    double *x = bh_malloc((n + 1) * sizeof *x), *z = bh_malloc((n + 1) * sizeof *z),
           *p = bh_malloc((n + 1) * sizeof *p);
    int *cls = bh_malloc((n + 1) * sizeof *cls);
    bh_weights *w = NULL;
    if (!idx || !lens || !wkb || !x || !z || !p || !cls)
        rc = bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < n; i++) {
        size_t len;
        const unsigned char *g = bh_summary_area_wkb(s, i, &len);
        if (g == NULL) {
            rep->unplaced += bh_summary_total(s, i);
            continue;
        }
        idx[m] = i;
        wkb[m] = g;
        lens[m] = len;
        x[m] = (double)bh_summary_total(s, i);
        rep->placed += bh_summary_total(s, i);
        m++;
    }
    rep->sample = bh_summary_is_sample(s);
    if (rc == BH_OK)
        rc = bh_weights_from_wkb(db, wkb, lens, m, o->weights, o->band_m, &w);
    if (rc == BH_OK)
        rc = bh_gistar(ctx, w, x, o->permutations, o->seed, o->alpha, z, p, cls);
    if (rc == BH_OK)
        rc = gistar_write(db, s, idx, m, x, z, p, cls, w, o, rep);
    bh_weights_destroy(w);
    bh_free(idx);
    bh_free(lens);
    bh_free(wkb);
    bh_free(x);
    bh_free(z);
    bh_free(p);
    bh_free(cls);
    return rc;
}

bh_status bh_hotspots_gistar(bh_db *db, const bh_hotspot_opts *o, bh_hotspot_report *rep)
{
    /* the areas' geometries come with the summary */
    static const char *const table[] = {"hotspot_gistar", NULL};
    return hs_run(db, gistar_work, o->summary.by, table, NULL, o, rep);
}

/* The camera_plan layer: the proposed sites of each plan run, with the run's parameters in
 * camera_plan_runs. Written in one transaction. */
#include "bohan/cameras.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameras/internal.h"
#include "core/strbuf.h"
#include "db/derived.h"
#include "db/stage.h"

/* Tables on first use (the SRID is the database's); each one on its own, so that a database
 * made by an earlier version gets the ones it lacks. */
static bh_status ensure_tables(bh_db *db)
{
    static const struct {
        const char *name, *columns, *geometry;
    } tables[] = {
        {"camera_plan_runs",
         "created_at TEXT NOT NULL, params TEXT NOT NULL, solver TEXT, objective REAL, bound REAL, "
         "gap REAL, seconds REAL, total REAL, covered_before REAL, covered_after REAL, sample "
         "INTEGER NOT NULL",
         NULL},
        {"camera_plan",
         "run_id INTEGER NOT NULL, rank INTEGER NOT NULL, site_id TEXT NOT NULL, chome TEXT, koban "
         "TEXT, gain REAL, cumulative REAL, share REAL, lon REAL, lat REAL, sample INTEGER NOT "
         "NULL",
         "POINT"},
        /* Coverage circles (internal maps) and per-交番 shares (public maps). */
        {"camera_plan_cover",
         "run_id INTEGER NOT NULL, site_id TEXT NOT NULL, sample INTEGER NOT NULL", "POLYGON"},
        {"camera_plan_areas",
         "run_id INTEGER NOT NULL, name TEXT NOT NULL, demand REAL, covered_before REAL, "
         "covered_after REAL, share_before REAL, share_after REAL, new_sites INTEGER, label TEXT, "
         "sample INTEGER NOT NULL",
         "MULTIPOLYGON"},
    };
    bh_status st = BH_OK;
    for (size_t i = 0; st == BH_OK && i < sizeof tables / sizeof *tables; i++) {
        if (bh_db_has_table(db, tables[i].name))
            continue;
        st = bh_db_execf(db, "CREATE TABLE %s (id INTEGER PRIMARY KEY, %s)", tables[i].name,
                         tables[i].columns);
        if (st == BH_OK && tables[i].geometry)
            st = bh_derived_preflight(db);
        if (st == BH_OK && tables[i].geometry)
            st = bh_db_execf(db,
                             "SELECT AddGeometryColumn('%s', 'geom', %d, '%s', 'XY');"
                             "SELECT CreateSpatialIndex('%s', 'geom');",
                             tables[i].name, bh_db_srid(db), tables[i].geometry, tables[i].name);
    }
    return st;
}

static bh_status insert_run(bh_db *db, const bh_cameras_plan *pl, const char *params, int sample,
                            long long *run_id)
{
    const bh_covering_summary *s = bh_cameras_plan_summary(pl);
    sqlite3_stmt *q;
    bh_status st = bh_db_prepare(
        db,
        "INSERT INTO camera_plan_runs (created_at, params, solver, objective, bound, gap, seconds, "
        "total, covered_before, covered_after, sample) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', "
        "'now'), ?1, json_extract(?1, '$.solver'), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &q);
    if (st != BH_OK)
        return st;
    sqlite3_bind_text(q, 1, params ? params : "{}", -1, SQLITE_STATIC);
    sqlite3_bind_double(q, 2, s->objective);
    sqlite3_bind_double(q, 3, s->bound);
    sqlite3_bind_double(q, 4, s->gap);
    sqlite3_bind_double(q, 5, s->seconds);
    sqlite3_bind_double(q, 6, s->total);
    sqlite3_bind_double(q, 7, s->covered_before);
    sqlite3_bind_double(q, 8, s->objective);
    sqlite3_bind_int(q, 9, sample);
    st = sqlite3_step(q) == SQLITE_DONE ? BH_OK : bh_db_fail(db, "camera_plan_runs");
    sqlite3_finalize(q);
    *run_id = sqlite3_last_insert_rowid(bh_db_sqlite(db));
    return st;
}

static bh_status insert_sites(bh_db *db, const bh_cameras_plan *pl, long long run_id, int sample)
{
    sqlite3_stmt *q;
    bh_status st = bh_db_prepare(
        db,
        "INSERT INTO camera_plan (run_id, rank, site_id, chome, koban, gain, cumulative, share, "
        "lon, lat, sample, geom) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "MakePoint(?12, ?13, ?14))",
        &q);
    for (size_t k = 0; st == BH_OK && k < bh_cameras_plan_count(pl); k++) {
        const bh_cameras_site *t = bh_cameras_plan_site(pl, k);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, run_id);
        sqlite3_bind_int64(q, 2, (long long)k + 1);
        sqlite3_bind_text(q, 3, t->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, t->chome, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, t->koban, -1, SQLITE_STATIC);
        sqlite3_bind_double(q, 6, t->gain);
        sqlite3_bind_double(q, 7, t->cumulative);
        if (isnan(t->share))
            sqlite3_bind_null(q, 8);
        else
            sqlite3_bind_double(q, 8, t->share);
        sqlite3_bind_double(q, 9, t->lon);
        sqlite3_bind_double(q, 10, t->lat);
        sqlite3_bind_int(q, 11, sample);
        sqlite3_bind_double(q, 12, t->x);
        sqlite3_bind_double(q, 13, t->y);
        sqlite3_bind_int(q, 14, bh_db_srid(db));
        if (sqlite3_step(q) != SQLITE_DONE)
            st = bh_db_fail(db, "camera_plan");
    }
    sqlite3_finalize(q);
    return st;
}

static bh_status insert_cover(bh_db *db, const bh_cameras_plan *pl, long long run_id)
{
    char *sql = sqlite3_mprintf(
        "INSERT INTO camera_plan_cover (run_id, site_id, sample, geom) SELECT run_id, site_id, "
        "sample, CastToPolygon(ST_Buffer(geom, %.17g, 16)) FROM camera_plan WHERE run_id = %lld",
        bh_cam_plan_radius(pl), run_id);
    bh_status st = sql ? bh_db_exec(db, sql) : BH_E_NOMEM;
    sqlite3_free(sql);
    return st;
}

static bh_status insert_areas(bh_db *db, const bh_cameras_plan *pl, long long run_id, int sample)
{
    const bh_cameras_coverage *b = bh_cam_plan_before(pl), *a = bh_cam_plan_after(pl);
    if (!b || !a)
        return BH_OK;
    sqlite3_stmt *q;
    bh_status st = bh_db_prepare(
        db,
        "INSERT INTO camera_plan_areas (run_id, name, demand, covered_before, covered_after, "
        "share_before, share_after, new_sites, label, sample, geom) SELECT ?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, (SELECT count(*) FROM camera_plan p WHERE p.run_id = ?1 AND p.koban = ?2), ?8, ?9, "
        "CastToMultiPolygon(geom) FROM koban_areas WHERE name = ?2",
        &q);
    for (size_t i = 0; st == BH_OK && i < bh_cameras_coverage_count(b); i++) {
        double d = bh_cameras_coverage_demand(b, i);
        double sb = bh_cameras_coverage_share(b, i), sa = bh_cameras_coverage_share(a, i);
        const char *name = bh_cameras_coverage_id(b, i);
        int added = 0;
        for (size_t k = 0; k < bh_cameras_plan_count(pl); k++)
            added += strcmp(bh_cameras_plan_site(pl, k)->koban, name) == 0;
        /* The whole public label of the area: the map's area labels are off in this style. */
        char share[64] = "";
        if (d > 0)
            snprintf(share, sizeof share, "・カバー率 %.1f%%→%.1f%%", 100 * sb, 100 * sa);
        char *label =
            bh_asprintf("%s\n%.0f件%s\nカメラ %ld・NW %ld・新設 %d", bh_cameras_coverage_name(b, i),
                        d, share, bh_cameras_coverage_city_cameras(b, i),
                        bh_cameras_coverage_network_cameras(b, i), added);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, run_id);
        sqlite3_bind_text(q, 2, bh_cameras_coverage_id(b, i), -1, SQLITE_STATIC);
        sqlite3_bind_double(q, 3, d);
        sqlite3_bind_double(q, 4, bh_cameras_coverage_covered(b, i));
        sqlite3_bind_double(q, 5, bh_cameras_coverage_covered(a, i));
        if (d > 0) {
            sqlite3_bind_double(q, 6, sb);
            sqlite3_bind_double(q, 7, sa);
        } else {
            sqlite3_bind_null(q, 6);
            sqlite3_bind_null(q, 7);
        }
        sqlite3_bind_text(q, 8, label ? label : "", -1, SQLITE_TRANSIENT);
        bh_free(label);
        sqlite3_bind_int(q, 9, sample);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = bh_db_fail(db, "camera_plan_areas");
    }
    sqlite3_finalize(q);
    return st;
}

static bh_status save_run(bh_db *db, const bh_cameras_plan *pl, const char *params_json,
                          long long *run_id)
{
    int sample = bh_cameras_plan_is_sample(pl);
    bh_status st = bh_db_begin(db);
    if (st != BH_OK)
        return st;
    st = ensure_tables(db);
    if (st == BH_OK)
        st = insert_run(db, pl, params_json, sample, run_id);
    if (st == BH_OK)
        st = insert_sites(db, pl, *run_id, sample);
    if (st == BH_OK)
        st = insert_cover(db, pl, *run_id);
    if (st == BH_OK)
        st = insert_areas(db, pl, *run_id, sample);
    if (st == BH_OK)
        st = bh_db_commit(db);
    if (st != BH_OK)
        bh_db_rollback(db);
    return st;
}

typedef struct save_call {
    const bh_cameras_plan *pl;
    const char *params;
    long long *run_id;
} save_call;

static bh_status save_on(bh_db *db, void *user)
{
    save_call *c = user;
    return save_run(db, c->pl, c->params, c->run_id);
}

/* PostgreSQL: on a working copy (db/stage.h) holding the camera_plan tables, written back in one
 * transaction under the layer writers' lock (run ids continue the server's). */
bh_status bh_cameras_plan_save(bh_db *db, const bh_cameras_plan *pl, const char *params_json,
                               long long *run_id)
{
    static const char *const tables[] = {"camera_plan_runs", "camera_plan", "camera_plan_cover",
                                         "camera_plan_areas", NULL};
    static const char *const reads[] = {"koban_areas", NULL}; /* the 交番 rows' areas */
    save_call c = {pl, params_json, run_id};
    return bh_db_staged(db, &(bh_db_stage_spec){.write = 1, .extra = tables, .reads = reads},
                        save_on, &c);
}

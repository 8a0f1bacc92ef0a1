/* The camera_plan layer: the proposed sites of each plan run, with the run's parameters in
 * camera_plan_runs. Written in one transaction. */
#include "bohan/cameras.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/strbuf.h"

/* Tables on first use (the SRID is the database's). */
static bh_status ensure_tables(bh_db *db)
{
    if (bh_db_has_table(db, "camera_plan"))
        return BH_OK;
    return bh_db_execf(
        db,
        "CREATE TABLE camera_plan_runs (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
        "params TEXT NOT NULL, solver TEXT, objective REAL, bound REAL, gap REAL, seconds REAL, "
        "total REAL, covered_before REAL, covered_after REAL, sample INTEGER NOT NULL);"
        "CREATE TABLE camera_plan (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES "
        "camera_plan_runs(id), rank INTEGER NOT NULL, site_id TEXT NOT NULL, chome TEXT, koban "
        "TEXT, "
        "gain REAL, cumulative REAL, share REAL, lon REAL, lat REAL, sample INTEGER NOT NULL);"
        "SELECT AddGeometryColumn('camera_plan', 'geom', %d, 'POINT', 'XY');"
        "SELECT CreateSpatialIndex('camera_plan', 'geom');",
        bh_db_srid(db));
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
    sqlite3_bind_double(q, 8, s->covered_before + s->objective);
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

bh_status bh_cameras_plan_save(bh_db *db, const bh_cameras_plan *pl, const char *params_json,
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
        st = bh_db_commit(db);
    if (st != BH_OK)
        bh_db_rollback(db);
    return st;
}

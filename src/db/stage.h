/* A SpatiaLite working copy of the layer tables of a database (db/stage.c).
 *
 * The layer writers (bohan import: OGR reads, the layers' derive SQL, the 町丁目 → area table)
 * are SpatiaLite SQL. On PostgreSQL they run on a working copy in memory of the tables they read
 * and write, and the tables whose rows changed are written back in the caller's transaction: the
 * same rows and geometries as on a SpatiaLite file, by construction (the same engine computed
 * them), as bohan init does (io/init.c). */
#ifndef BH_DB_STAGE_H
#define BH_DB_STAGE_H

#include "db/db.h"

typedef struct bh_db_stage bh_db_stage;

/* The layer writers' lock, in db's open transaction until it ends (PostgreSQL: LOCK TABLE layers
 * IN SHARE ROW EXCLUSIVE MODE; SQLite: none needed, writers take turns). Whatever writes a layer
 * table, the catalogue or the 町丁目 → area table on PostgreSQL takes it first, so that a working
 * copy written back never overwrites another writer's rows. */
BH_MUST_CHECK bh_status bh_db_stage_lock(bh_db *db);

/* In db's open transaction: a writer (write 1) takes the layer writers' lock (PostgreSQL: LOCK
 * TABLE layers IN SHARE ROW EXCLUSIVE MODE: one layer writer at a time, the next waits; readers go
 * on), then copies layers, meta, every table the catalogue names and the tables of extra
 * (NULL-terminated; those present) into an in-memory SpatiaLite database. *out owned by the caller
 * (bh_db_stage_destroy). */
BH_MUST_CHECK bh_status bh_db_stage_open(bh_db *db, int write, const char *const *extra,
                                         bh_db_stage **out);
/* The working copy (borrowed). */
bh_db *bh_db_stage_db(bh_db_stage *s);
/* Writes every copied table whose rows changed back into db (its rows replaced, ids kept), in
 * db's transaction; *written (may be NULL) the number of tables written. */
BH_MUST_CHECK bh_status bh_db_stage_write(bh_db_stage *s, int *written);
/* A table of the working copy filled with the rows of select, a neutral SELECT run on db (read
 * only; never written back): what a copied writer reads of tables too big to copy whole. */
BH_MUST_CHECK bh_status bh_db_stage_rows(bh_db_stage *s, const char *table, const char *select);
void bh_db_stage_destroy(bh_db_stage *s); /* NULL: no-op */

/* fn(db, user) on SpatiaLite; on PostgreSQL fn(work, user) on a working copy (bh_db_stage_open
 * with extra), and for a writer (write 1) the tables it changed written back; in db's
 * transaction, or one of its own when none is open (a reader: no lock, nothing written back). What
 * fn returns must not hold the connection it was given. */
typedef bh_status (*bh_db_stage_fn)(bh_db *db, void *user);
BH_MUST_CHECK bh_status bh_db_staged(bh_db *db, int write, const char *const *extra,
                                     bh_db_stage_fn fn, void *user);
/* bh_db_staged where the tables of fresh (NULL-terminated, may be NULL), which the work makes
 * anew, are copied without their rows (their columns only: written back as rows replaced). */
BH_MUST_CHECK bh_status bh_db_staged_fresh(bh_db *db, int write, const char *const *extra,
                                           const char *const *fresh, bh_db_stage_fn fn, void *user);
/* How bh_db_staged_spec stages: write and extra as for bh_db_staged, fresh as for
 * bh_db_staged_fresh, and prepare (may be NULL), called once the working copy is open and before
 * fn, with db and the stage: what fn reads besides whole tables (bh_db_stage_rows). */
typedef struct bh_db_stage_spec {
    int write;
    const char *const *extra;
    const char *const *fresh;
    bh_status (*prepare)(bh_db *db, bh_db_stage *sg, void *user);
} bh_db_stage_spec;
BH_MUST_CHECK bh_status bh_db_staged_spec(bh_db *db, const bh_db_stage_spec *spec,
                                          bh_db_stage_fn fn, void *user);

#endif

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

/* What a working copy holds. layers and meta are always copied (compared and written back); a
 * catalogued layer table named nowhere here is not copied: in the working copy its name is a
 * view over a missing table, so that any use of it fails ("no such table: main.T (not in the
 * working copy)") instead of giving other results. Lists are NULL-terminated, may be NULL. */
typedef struct bh_db_stage_spec {
    int write; /* a writer: takes the layer writers' lock; changed tables written back */
    /* Tables the work may change or create: copied when present, compared, written back. */
    const char *const *extra;
    /* Tables of extra the work makes anew: copied without their rows (their columns only). */
    const char *const *fresh;
    /* Tables the work only reads: copied, never compared nor written back; a statement that
     * would change one is refused ("not authorized"). */
    const char *const *reads;
    /* Called once the working copy is open and before fn, with db and the stage (may be NULL):
     * what fn reads besides whole tables (bh_db_stage_rows). */
    bh_status (*prepare)(bh_db *db, bh_db_stage *sg, void *user);
} bh_db_stage_spec;

/* In db's open transaction: a writer (spec->write) takes the layer writers' lock (PostgreSQL:
 * LOCK TABLE layers IN SHARE ROW EXCLUSIVE MODE: one layer writer at a time, the next waits;
 * readers go on), then copies what spec names into an in-memory SpatiaLite database, which
 * names db in its messages. *out owned by the caller (bh_db_stage_destroy). */
BH_MUST_CHECK bh_status bh_db_stage_open(bh_db *db, const bh_db_stage_spec *spec,
                                         bh_db_stage **out);
/* The working copy (borrowed). */
bh_db *bh_db_stage_db(bh_db_stage *s);
/* Writes every copied table (not only read) whose rows changed back into db (its rows replaced,
 * ids kept), and the tables of extra or of the catalogue the work created, in db's transaction;
 * *written (may be NULL) the number of tables written. */
BH_MUST_CHECK bh_status bh_db_stage_write(bh_db_stage *s, int *written);
/* A table of the working copy filled with the rows of select, a neutral SELECT run on db (read
 * only; never written back): what a copied writer reads of tables too big to copy whole. */
BH_MUST_CHECK bh_status bh_db_stage_rows(bh_db_stage *s, const char *table, const char *select);
void bh_db_stage_destroy(bh_db_stage *s); /* NULL: no-op */

/* fn(db, user) on SpatiaLite; on PostgreSQL fn(work, user) on a working copy (bh_db_stage_open
 * with spec, then spec->prepare), and for a writer the tables it changed written back; in db's
 * transaction, or one of its own when none is open (a reader: no lock, nothing written back).
 * What fn returns must not hold the connection it was given. */
typedef bh_status (*bh_db_stage_fn)(bh_db *db, void *user);
BH_MUST_CHECK bh_status bh_db_staged(bh_db *db, const bh_db_stage_spec *spec, bh_db_stage_fn fn,
                                     void *user);

/* A growing NULL-terminated list of distinct table names (a spec's lists made at run time). */
typedef struct bh_db_stage_set {
    char **names; /* NULL-terminated once anything was added; NULL before */
    size_t n, cap;
} bh_db_stage_set;
/* Adds name unless present. */
BH_MUST_CHECK bh_status bh_db_stage_set_add(bh_ctx *ctx, bh_db_stage_set *set, const char *name);
/* Adds every name of the NULL-terminated names (may be NULL). */
BH_MUST_CHECK bh_status bh_db_stage_set_add_all(bh_ctx *ctx, bh_db_stage_set *set,
                                                const char *const *names);
int bh_db_stage_set_has(const bh_db_stage_set *set, const char *name);
/* The list for a spec (NULL when empty), borrowed. */
const char *const *bh_db_stage_set_list(const bh_db_stage_set *set);
void bh_db_stage_set_free(bh_db_stage_set *set);

#endif

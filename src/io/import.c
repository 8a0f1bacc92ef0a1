/* bh_import_run: the whole `bohan import LAYER SOURCE` in one transaction: load (db/import.h),
 * catalogue, re-derive the layers that depend on it, the 交番管内 when town blocks change, the
 * stored 町丁目 → area table and the refuge coverage's gap layers. On PostgreSQL the layer work
 * runs on a SpatiaLite working copy of the layer tables (db/stage.h: OGR reads and the layers'
 * derive SQL are SpatiaLite's), and the tables it changed are written back in the server's
 * transaction. */
#include "io/import.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "analysis/refuge_refresh.h"
#include "core/strbuf.h"
#include "crimes/areamap.h"
#include "crimes/koban.h"
#include "db/bounds.h"
#include "db/fieldmap.h"
#include "db/layer.h"
#include "db/layer_deps.h"
#include "db/stage.h"
#include "db/stmt.h"

static char *import_kind_of(bh_db *db, const char *layer)
{
    char **kinds = NULL;
    size_t n = 0;
    char *kind = NULL;
    if (bh_db_text_column(db, "SELECT kind FROM layers WHERE name = ?", layer, &kinds, &n) ==
            BH_OK &&
        n > 0)
        kind = bh_strdup(kinds[0]);
    bh_db_names_free(kinds, n);
    return kind;
}

/* The catalogue's kind, title and credit after a file was read into def: the layer file's
 * "import" section says what such a file is (the official A27 districts: real, their credit);
 * a file replacing a derivation is real unless told otherwise. */
static bh_status import_catalogue(bh_db *db, const bh_layer_def *def, const bh_import_opts *opts,
                                  const bh_import_result *res, const char *kind)
{
    const char *ik = bh_layer_def_import_str(def, "kind");
    const char *k = opts->kind                         ? opts->kind
                    : res->estat                       ? "real"
                    : ik                               ? ik
                    : bh_layer_def_derive(def) != NULL ? "real"
                                                       : kind;
    bh_status st = bh_layer_catalogue_put(db, def, k, opts->label ? opts->label : opts->src.path,
                                          opts->src.layer);
    const char *title = bh_layer_def_import_str(def, "title");
    const char *credit = bh_layer_def_import_str(def, "credit");
    if (st == BH_OK && (title || credit))
        st = bh_db_execq(db,
                         "UPDATE layers SET title = coalesce(%Q, title), credit = coalesce(%Q, "
                         "credit) WHERE name = %Q",
                         title, credit, bh_layer_def_name(def));
    return st;
}

/* Reads the source into def (a derived layer's file replaces its derivation: rederive leaves
 * it alone from now on), or with opts->derive rebuilds def from its derivation. */
static bh_status import_fill(bh_db *db, const bh_layer_def *def, const bh_import_opts *opts,
                             bh_import_result *res)
{
    bh_ctx *ctx = bh_db_ctx(db);
    const char *layer = bh_layer_def_name(def);
    int derived = bh_layer_def_derive(def) != NULL;
    if (opts->derive && !derived)
        return bh_error(ctx, BH_E_ARG,
                        "layer '%s': --derive: the layer has no derivation ('derive' "
                        "in its layer file)",
                        layer);
    if (opts->derive) {
        bh_status st = bh_layer_derive(db, def, &res->stored);
        if (st == BH_OK)
            st = bh_layer_catalogue_put(db, def, NULL, "derived", NULL);
        return st == BH_OK ? bh_fieldmap_note(db, def, NULL, 0) : st;
    }
    char *kind = import_kind_of(db, layer);
    bh_status st = bh_import_load(db, def, opts, res);
    if (st == BH_OK)
        st = import_catalogue(db, def, opts, res, kind);
    res->replaced_derivation = st == BH_OK && derived;
    bh_free(kind);
    return st;
}

/* The layer's rows (or its derivation), catalogue and the layers derived from it, in db's open
 * transaction. */
static bh_status import_layer(bh_db *db, const char *layer, const bh_import_opts *opts,
                              bh_import_result *res, char **table)
{
    bh_layer_def *def = NULL;
    bh_status st = bh_layer_def_from_db(db, layer, &def);
    if (st == BH_OK)
        st = import_fill(db, def, opts, res);
    if (st == BH_OK)
        st = bh_layer_rederive(db, bh_layer_def_table(def), &res->rederived);
    if (st == BH_OK && (*table = bh_strdup(bh_layer_def_table(def))) == NULL)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_layer_def_destroy(def);
    return st;
}

/* 交番管内 are unions of town blocks: new blocks mean new areas (unless imported). */
static int import_koban_follows(const char *table)
{
    return strcmp(table, "town_blocks") == 0;
}

static bh_status import_koban(bh_db *db, const char *table)
{
    if (!import_koban_follows(table) || !bh_db_has_table(db, "crimes"))
        return BH_OK;
    return bh_koban_derive(db);
}

/* The layer work, then the 交番管内 and the refuge gap layers, in db's open transaction; *table the
 * layer's table. */
static bh_status import_all(bh_db *db, const char *layer, const bh_import_opts *opts,
                            bh_import_result *res, char **table)
{
    bh_status st = import_layer(db, layer, opts, res, table);
    if (st == BH_OK)
        st = import_koban(db, *table);
    /* the gap layers of the last refuges coverage, when what they read changed */
    if (st == BH_OK && (res->rederived > 0 || bh_refuge_refresh_reads(*table)))
        st = bh_refuge_refresh(db);
    return st;
}

typedef struct import_job {
    const char *layer;
    const bh_import_opts *opts;
    bh_import_result *res;
    char **table;
} import_job;

/* A town-block import re-derives the 交番管内 from the crime rows: staged beside the layers. */
static bh_status import_prepare(bh_db *db, bh_db_stage *sg, void *user)
{
    const import_job *j = user;
    char **tables = NULL;
    size_t n = 0;
    bh_status st = bh_db_text_column(db, "SELECT table_name FROM layers WHERE name = ?", j->layer,
                                     &tables, &n);
    if (st == BH_OK && n == 1 && strcmp(tables[0], "town_blocks") == 0)
        st = bh_koban_stage_crimes(db, sg);
    bh_db_names_free(tables, n);
    return st;
}

static bh_status import_on(bh_db *mem, void *user)
{
    const import_job *j = user;
    bh_status st = bh_db_begin(mem);
    if (st == BH_OK)
        st = import_all(mem, j->layer, j->opts, j->res, j->table);
    if (st == BH_OK)
        st = bh_db_commit(mem);
    else
        bh_db_rollback(mem);
    return st;
}

/* What import_all changes and reads of layer's table: the layer and the layers rebuilt after it
 * with what they read (db/layer_deps.h), koban_areas after town blocks, the refuge gap layers
 * and what the coverage reads when they may follow. */
static bh_status import_tables(bh_db *db, const char *table, bh_db_stage_set *writes,
                               bh_db_stage_set *reads)
{
    bh_ctx *ctx = bh_db_ctx(db);
    static const char *const koban[] = {"koban_areas", NULL};
    bh_status st = bh_layer_deps_import(db, table, writes, reads);
    if (st == BH_OK) /* where the features may lie */
        st = bh_db_stage_set_add(ctx, reads, BH_BOUNDS_CITY);
    if (st == BH_OK && import_koban_follows(table))
        st = bh_db_stage_set_add_all(ctx, writes, koban);
    if (st == BH_OK && (writes->n > 1 || bh_refuge_refresh_reads(table))) {
        st = bh_db_stage_set_add_all(ctx, writes, bh_refuge_refresh_writes());
        if (st == BH_OK)
            st = bh_db_stage_set_add_all(ctx, reads, bh_refuge_refresh_read_list());
    }
    return st;
}

/* PostgreSQL: the layer named (an unknown one is refused before anything is copied), then
 * import_all on a working copy of what it changes and reads. */
static bh_status import_staged(bh_db *db, const char *layer, const bh_import_opts *opts,
                               bh_import_result *res, char **table)
{
    bh_layer_def *def = NULL;
    bh_db_stage_set writes = {0}, reads = {0};
    bh_status st = bh_layer_def_from_db(db, layer, &def);
    if (st == BH_OK)
        st = import_tables(db, bh_layer_def_table(def), &writes, &reads);
    bh_layer_def_destroy(def);
    import_job j = {layer, opts, res, table};
    const bh_db_stage_spec spec = {.write = 1,
                                   .extra = bh_db_stage_set_list(&writes),
                                   .reads = bh_db_stage_set_list(&reads),
                                   .prepare = import_prepare};
    if (st == BH_OK)
        st = bh_db_staged(db, &spec, import_on, &j);
    bh_db_stage_set_free(&writes);
    bh_db_stage_set_free(&reads);
    return st;
}

bh_status bh_import_run(bh_db *db, const char *layer, const bh_import_opts *opts,
                        bh_import_result *res)
{
    bh_import_result tmp;
    if (res == NULL)
        res = &tmp;
    memset(res, 0, sizeof *res);
    if (opts->kind && strcmp(opts->kind, "real") != 0 && strcmp(opts->kind, "approximate") != 0 &&
        strcmp(opts->kind, "sample") != 0)
        return bh_error(bh_db_ctx(db), BH_E_ARG, "kind '%s': expected real, approximate or sample",
                        opts->kind);
    char *table = NULL;
    bh_status st = bh_db_begin(db);
    if (st == BH_OK)
        st = bh_db_kind_of(db) == BH_DB_POSTGRES ? import_staged(db, layer, opts, res, &table)
                                                 : import_all(db, layer, opts, res, &table);
    /* the 町丁目 → area table of every --by kind reading this layer (all, when derived layers
     * were rebuilt), on the database itself (crimes/areamap.c runs on both backends) */
    if (st == BH_OK)
        st = bh_area_map_refresh(db, res->rederived > 0 ? NULL : table);
    if (st == BH_OK)
        st = bh_db_commit(db);
    else
        bh_db_rollback(db);
    bh_free(table);
    return st;
}

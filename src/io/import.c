/* bh_import_run: the whole `bohan import LAYER SOURCE` in one transaction: load (db/import.h),
 * catalogue, re-derive the layers that depend on it, the 交番管内 when town blocks change, and the
 * stored 町丁目 → area table. */
#include "io/import.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "core/strbuf.h"
#include "crimes/areamap.h"
#include "crimes/koban.h"
#include "db/layer.h"

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
    bh_layer_def *def = NULL;
    bh_status st = bh_db_begin(db);
    if (st == BH_OK)
        st = bh_layer_def_from_db(db, layer, &def);
    if (st == BH_OK && bh_layer_def_derive(def) != NULL)
        st = bh_error(bh_db_ctx(db), BH_E_ARG,
                      "%s: layer '%s' is derived from other layers; "
                      "import into those instead",
                      opts->src.path, layer);
    char *kind = NULL;
    if (st == BH_OK) {
        char *q = sqlite3_mprintf("SELECT kind FROM layers WHERE name = %Q", layer);
        sqlite3_stmt *s;
        if (q && bh_db_prepare(db, q, &s) == BH_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                kind = bh_strdup((const char *)sqlite3_column_text(s, 0));
            sqlite3_finalize(s);
        }
        sqlite3_free(q);
        st = bh_import_load(db, def, opts, res);
    }
    if (st == BH_OK) {
        const char *k = opts->kind ? opts->kind : res->estat ? "real" : kind;
        st = bh_layer_catalogue_put(db, def, k, opts->label ? opts->label : opts->src.path,
                                    opts->src.layer);
    }
    if (st == BH_OK)
        st = bh_layer_rederive(db, bh_layer_def_table(def), &res->rederived);
    /* 交番管内 are unions of town blocks: new blocks mean new areas (unless imported). */
    if (st == BH_OK && strcmp(bh_layer_def_table(def), "town_blocks") == 0 &&
        bh_db_has_table(db, "crimes"))
        st = bh_koban_derive(db);
    /* the 町丁目 → area table of every --by kind reading this layer (all, when derived layers
     * were rebuilt), in this transaction */
    if (st == BH_OK)
        st = bh_area_map_refresh(db, res->rederived > 0 ? NULL : bh_layer_def_table(def));
    if (st == BH_OK)
        st = bh_db_commit(db);
    else
        bh_db_rollback(db);
    bh_free(kind);
    bh_layer_def_destroy(def);
    return st;
}

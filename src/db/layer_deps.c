/* The tables a layer import reads and changes (db/layer_deps.h), as bh_layer_rederive and
 * bh_fieldmap_reweigh find the layers to rebuild. */
#include "db/layer_deps.h"
#include "core/alloc.h"

#include <string.h>
#include <json-c/json.h>
#include "core/array.h"
#include "core/strbuf.h"
#include "db/layer.h"

typedef struct deps_layer {
    char *table;
    bh_layer_def *def; /* NULL when the catalogue holds no definition */
} deps_layer;

typedef struct deps_all {
    deps_layer *v;
    size_t n, cap;
} deps_all;

static void deps_free(deps_all *a)
{
    for (size_t i = 0; i < a->n; i++) {
        bh_free(a->v[i].table);
        bh_layer_def_destroy(a->v[i].def);
    }
    bh_free(a->v);
}

/* 1 when text is a layer file's definition (layers made in C record other JSON: a hotspot
 * surface's parameters), as bh_layer_rederive tells them: it has a "kind". */
static int deps_layer_file(const char *text)
{
    json_object *root = text ? json_tokener_parse(text) : NULL, *kind;
    int yes = root && json_object_is_type(root, json_type_object) &&
              json_object_object_get_ex(root, "kind", &kind);
    json_object_put(root);
    return yes;
}

/* One catalogue row: its table and parsed definition. */
static bh_status deps_row(bh_db *db, bh_stmt *q, deps_all *a)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (bh_array_grow((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v, 16) != 0)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    deps_layer *l = &a->v[a->n];
    memset(l, 0, sizeof *l);
    const char *name = bh_stmt_column_text(q, 0), *text = bh_stmt_column_text(q, 2);
    if ((l->table = bh_strdup(bh_stmt_column_text(q, 1))) == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    a->n++;
    if (!deps_layer_file(text))
        return BH_OK;
    char *file = bh_asprintf("%s: layer '%s'", bh_db_path(db), name ? name : "");
    bh_status st = file ? bh_layer_def_parse(ctx, text, file, &l->def)
                        : bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_free(file);
    return st;
}

/* Every catalogued layer in load order (the order bh_layer_rederive rebuilds in). */
static bh_status deps_load(bh_db *db, deps_all *a)
{
    bh_stmt *q = NULL;
    bh_status st =
        bh_stmt_prepare(db, "SELECT name, table_name, definition FROM layers ORDER BY rowid", &q);
    int r = BH_STEP_DONE;
    while (st == BH_OK && (r = bh_stmt_step(q)) == BH_STEP_ROW)
        st = deps_row(db, q, a);
    if (st == BH_OK && r == BH_STEP_ERROR)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
    return st;
}

/* 1 when def reads table: its derive SQL or "depends" names it, or a field is weighted over it. */
static int deps_reads(const bh_layer_def *def, const char *table)
{
    if (def == NULL)
        return 0;
    if (bh_layer_def_depends_on(def, table))
        return 1;
    for (size_t i = 0; i < bh_layer_def_nfields(def); i++) {
        const char *t = bh_layer_def_field(def, i)->area_weighted_table;
        if (t && strcmp(t, table) == 0)
            return 1;
    }
    return 0;
}

/* 1 when def reads a table of set. */
static int deps_reads_any(const bh_layer_def *def, const bh_db_stage_set *set)
{
    for (size_t k = 0; k < set->n; k++)
        if (deps_reads(def, set->names[k]))
            return 1;
    return 0;
}

bh_status bh_layer_deps_import(bh_db *db, const char *table, bh_db_stage_set *writes,
                               bh_db_stage_set *reads)
{
    bh_ctx *ctx = bh_db_ctx(db);
    deps_all a = {0};
    bh_status st = deps_load(db, &a);
    if (st == BH_OK)
        st = bh_db_stage_set_add(ctx, writes, table);
    /* to a fixed point: a layer rebuilt makes the layers reading it rebuilt too */
    for (int grew = 1; st == BH_OK && grew;) {
        grew = 0;
        for (size_t i = 0; st == BH_OK && i < a.n; i++)
            if (!bh_db_stage_set_has(writes, a.v[i].table) && deps_reads_any(a.v[i].def, writes)) {
                st = bh_db_stage_set_add(ctx, writes, a.v[i].table);
                grew = 1;
            }
    }
    for (size_t i = 0; st == BH_OK && i < a.n; i++) {
        if (!bh_db_stage_set_has(writes, a.v[i].table))
            continue;
        const bh_layer_def *def = a.v[i].def;
        for (size_t j = 0; st == BH_OK && j < a.n; j++)
            if (deps_reads(def, a.v[j].table))
                st = bh_db_stage_set_add(ctx, reads, a.v[j].table);
        for (size_t f = 0; st == BH_OK && def && f < bh_layer_def_nfields(def); f++) {
            const char *t = bh_layer_def_field(def, f)->area_weighted_table;
            st = t ? bh_db_stage_set_add(ctx, reads, t) : BH_OK;
        }
    }
    deps_free(&a);
    return st;
}

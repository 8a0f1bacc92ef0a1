/* The layer catalogue as rows (bohan/layer.h), on both backends (db/stmt.h): what `bohan layers`
 * lists and what bh_layer_rederive walks in load order. */
#include "db/layer.h"
#include "core/alloc.h"

#include "core/strbuf.h"

static char *layer_col(bh_stmt *q, int i)
{
    const char *s = bh_stmt_column_text(q, i);
    return s ? bh_strdup(s) : NULL;
}

/* On both backends (db/stmt.h): the PostgreSQL copy of layers keeps the rowid as a column. */
bh_status bh_layer_list(bh_db *db, bh_layer_info **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    bh_stmt *q;
    bh_status st =
        bh_stmt_prepare(db,
                        "SELECT name, title, kind, geometry_type, source, source_layer, "
                        "credit, table_name, feature_count, srid FROM layers ORDER BY rowid",
                        &q);
    if (st != BH_OK)
        return st;
    size_t cap = 0;
    int rc;
    while ((rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            bh_layer_info *grown = bh_realloc(*rows, cap * sizeof **rows);
            if (grown == NULL) {
                st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
                break;
            }
            *rows = grown;
        }
        bh_layer_info *r = &(*rows)[(*n)++];
        r->name = layer_col(q, 0);
        r->title = layer_col(q, 1);
        r->kind = layer_col(q, 2);
        r->geometry = layer_col(q, 3);
        r->source = layer_col(q, 4);
        r->source_layer = layer_col(q, 5);
        r->credit = layer_col(q, 6);
        r->table = layer_col(q, 7);
        r->features = bh_stmt_column_int64(q, 8);
        r->srid = (int)bh_stmt_column_int64(q, 9);
    }
    if (st == BH_OK && rc != BH_STEP_DONE)
        st = bh_ctx_status(bh_db_ctx(db)); /* "PATH: SQL error: …" */
    bh_stmt_finalize(q);
    if (st != BH_OK) {
        bh_layer_list_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    return st;
}

void bh_layer_list_free(bh_layer_info *rows, size_t n)
{
    if (rows == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        bh_free(rows[i].name);
        bh_free(rows[i].title);
        bh_free(rows[i].kind);
        bh_free(rows[i].geometry);
        bh_free(rows[i].source);
        bh_free(rows[i].source_layer);
        bh_free(rows[i].credit);
        bh_free(rows[i].table);
    }
    bh_free(rows);
}

#include "render/edition.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include "core/strbuf.h"

static char *edition_json(const double *v, size_t n)
{
    if (v == NULL)
        return NULL;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_append(&sb, "[");
    for (size_t i = 0; i < n; i++)
        bh_strbuf_printf(&sb, "%s%.17g", i ? "," : "", v[i]);
    bh_strbuf_append(&sb, "]");
    return bh_strbuf_take(&sb);
}

static void bind_ym(bh_stmt *q, int i, int ym)
{
    if (ym > 0)
        bh_stmt_bind_int64(q, i, ym);
    else
        bh_stmt_bind_null(q, i);
}

bh_status bh_edition_record(bh_db *db, const bh_edition_row *row, long long *id)
{
    *id = 0;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char *risk = edition_json(row->risk_breaks, 4);
    char *cls = edition_json(row->class_bounds, row->n_class_bounds);
    bh_stmt *q = NULL;
    bh_status st = bh_db_begin(db);
    if (st == BH_OK)
        st = bh_stmt_prepare(db,
                             "INSERT INTO editions (created_at, \"by\", from_ym, to_ym, types, "
                             "style, edition, risk_method, risk_breaks, class_breaks, output) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                             &q);
    if (st == BH_OK) {
        bh_stmt_bind_text(q, 1, now);
        bh_stmt_bind_text(q, 2, row->by);
        bind_ym(q, 3, row->from_ym);
        bind_ym(q, 4, row->to_ym);
        bh_stmt_bind_text(q, 5, row->types);
        bh_stmt_bind_text(q, 6, row->style);
        bh_stmt_bind_text(q, 7, row->edition);
        bh_stmt_bind_text(q, 8, row->risk_method);
        bh_stmt_bind_text(q, 9, risk);
        bh_stmt_bind_text(q, 10, cls);
        bh_stmt_bind_text(q, 11, row->output);
        if (bh_stmt_step(q) == BH_STEP_ROW)
            *id = bh_stmt_column_int64(q, 0);
        else
            st = bh_ctx_status(bh_db_ctx(db));
    }
    bh_stmt_finalize(q);
    if (st == BH_OK)
        st = bh_db_commit(db);
    if (st != BH_OK) {
        bh_db_rollback(db);
        *id = 0;
    }
    bh_free(risk);
    bh_free(cls);
    return st;
}

/* Parses a JSON array of numbers into out (at most max); returns the count or -1. */
static long edition_parse(const char *text, double *out, size_t max)
{
    json_object *a = json_tokener_parse(text);
    long n = -1;
    if (a && json_object_is_type(a, json_type_array) && json_object_array_length(a) <= max) {
        n = (long)json_object_array_length(a);
        for (long i = 0; i < n; i++)
            out[i] = json_object_get_double(json_object_array_get_idx(a, (size_t)i));
    }
    json_object_put(a);
    return n;
}

bh_status bh_edition_breaks(bh_db *db, long long id, double risk_breaks[4], int *has_risk,
                            double *class_bounds, size_t max_bounds, size_t *n_bounds)
{
    *has_risk = 0;
    *n_bounds = 0;
    bh_ctx *ctx = bh_db_ctx(db);
    bh_stmt *q = NULL;
    bh_status st =
        bh_stmt_prepare(db, "SELECT risk_breaks, class_breaks FROM editions WHERE id = ?", &q);
    if (st != BH_OK)
        return st;
    bh_stmt_bind_int64(q, 1, id);
    int r = bh_stmt_step(q);
    if (r == BH_STEP_ERROR) {
        bh_stmt_finalize(q);
        return bh_ctx_status(ctx);
    }
    if (r != BH_STEP_ROW) {
        bh_stmt_finalize(q);
        return bh_error(ctx, BH_E_NOT_FOUND, "%s: editions: no edition with id %lld",
                        bh_db_path(db), id);
    }
    const char *rb = bh_stmt_column_text(q, 0);
    const char *c = bh_stmt_column_text(q, 1);
    if (rb) {
        if (edition_parse(rb, risk_breaks, 4) != 4)
            st = bh_error(ctx, BH_E_FORMAT,
                          "%s: editions id %lld: field 'risk_breaks': expected 4 numbers",
                          bh_db_path(db), id);
        else
            *has_risk = 1;
    }
    if (st == BH_OK && c) {
        long n = edition_parse(c, class_bounds, max_bounds);
        if (n < 0)
            st = bh_error(ctx, BH_E_FORMAT,
                          "%s: editions id %lld: field 'class_breaks': expected numbers",
                          bh_db_path(db), id);
        else
            *n_bounds = (size_t)n;
    }
    bh_stmt_finalize(q);
    return st;
}

/* bh_plan_metrics: stated figures per year, 前年比, and figures computed from the layers. */
#include "plan/metrics.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/stmt.h"
#include "plan/link.h"
#include "plan/plan.h"

void bh_plan_metrics_destroy(bh_plan_metrics *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->count; i++) {
        bh_plan_metric_row *r = &m->rows[i];
        bh_free(r->metric);
        bh_free(r->label);
        bh_free(r->unit);
        bh_free(r->fiscal_year);
        bh_free(r->check);
    }
    bh_free(m->rows);
    bh_free(m);
}

int bh_plan_metric_mismatch(const bh_plan_metric_row *r)
{
    return r->has_computed && (double)r->computed != r->value;
}

static const char metrics_sql[] =
    "SELECT m.item_no, m.metric, m.label, m.unit, m.fiscal_year, m.value, p.value, "
    "  c.layer_name, c.filter "
    "FROM plan_metrics m "
    "LEFT JOIN plan_metrics p ON p.item_no = m.item_no AND p.metric = m.metric AND "
    "  p.fiscal_year = 'R' || (CAST(substr(m.fiscal_year, 2) AS INTEGER) - 1) "
    "LEFT JOIN plan_metric_checks c ON c.metric = m.metric "
    "WHERE (?1 = 0 OR m.item_no = ?1) AND (CAST(?2 AS TEXT) IS NULL OR m.fiscal_year = ?2) "
    "ORDER BY m.item_no, m.id, CAST(substr(m.fiscal_year, 2) AS INTEGER)";

/* filter with each :fy outside quotes replaced by the quoted year (both backends take it). */
static char *filter_with_fy(const char *filter, const char *fy)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    char quote = 0;
    for (const char *p = filter; *p; p++) {
        if (quote != 0 && *p == quote)
            quote = 0;
        else if (quote == 0 && (*p == '\'' || *p == '"'))
            quote = *p;
        if (quote == 0 && strncmp(p, ":fy", 3) == 0 &&
            !(p[3] == '_' || (p[3] >= 'a' && p[3] <= 'z') || (p[3] >= '0' && p[3] <= '9'))) {
            bh_strbuf_append(&sb, "'");
            for (const char *q = fy; *q; q++)
                bh_strbuf_append(&sb, *q == '\'' ? "''" : (char[]){*q, 0});
            bh_strbuf_append(&sb, "'");
            p += 2;
        } else
            bh_strbuf_appendn(&sb, p, 1);
    }
    return bh_strbuf_take(&sb);
}

/* Counts the check layer's features for r (filter with :fy as the row's year). */
static void metric_compute(bh_db *db, bh_plan_metric_row *r, const char *layer, const char *filter)
{
    char *table = bh_plan_layer_table(db, layer);
    if (table == NULL) {
        r->check = bh_asprintf("%s: layer not loaded", layer);
        return;
    }
    bh_plan_link l = {.layer = layer};
    if (filter != NULL && (l.filter = filter_with_fy(filter, r->fiscal_year)) == NULL) {
        bh_free(table);
        return;
    }
    bh_free(table);
    bh_plan_link_count(db, &l);
    if (l.status == NULL) {
        r->has_computed = 1;
        r->computed = l.features;
        r->check = bh_asprintf("%s%s%s", layer, filter ? ": " : "", filter ? filter : "");
    } else
        r->check = bh_asprintf("%s: %s", layer, l.status);
    bh_free((char *)l.filter);
    bh_free((char *)l.status);
}

static char *dup_col(bh_stmt *s, int i, int *oom)
{
    const char *v = bh_stmt_column_text(s, i);
    char *c = v != NULL ? bh_strdup(v) : NULL;
    if (v != NULL && c == NULL)
        *oom = 1;
    return c;
}

static bh_status metrics_fill(bh_db *db, bh_stmt *s, bh_plan_metrics *m)
{
    size_t cap = 0;
    int rc, oom = 0;
    while (!oom && (rc = bh_stmt_step(s)) == BH_STEP_ROW) {
        if (m->count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            bh_plan_metric_row *rows = bh_realloc(m->rows, ncap * sizeof *rows);
            if (rows == NULL)
                return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
            m->rows = rows;
            cap = ncap;
        }
        bh_plan_metric_row *r = &m->rows[m->count++];
        memset(r, 0, sizeof *r);
        r->item_no = (int)bh_stmt_column_int64(s, 0);
        r->metric = dup_col(s, 1, &oom);
        r->label = dup_col(s, 2, &oom);
        r->unit = dup_col(s, 3, &oom);
        r->fiscal_year = dup_col(s, 4, &oom);
        r->value = bh_stmt_column_double(s, 5);
        r->has_prev = bh_stmt_column_type(s, 6) != BH_VAL_NULL;
        r->prev = bh_stmt_column_double(s, 6);
        if (!oom && bh_stmt_column_type(s, 7) != BH_VAL_NULL)
            metric_compute(db, r, bh_stmt_column_text(s, 7), bh_stmt_column_text(s, 8));
    }
    if (oom)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    return rc == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(db));
}

bh_status bh_plan_metrics_query(bh_db *db, int item, const char *fy, bh_plan_metrics **out)
{
    *out = NULL;
    bh_plan_metrics *m = bh_calloc(1, sizeof *m);
    if (m == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_stmt *s = NULL;
    bh_status st = bh_stmt_prepare(db, metrics_sql, &s);
    if (st == BH_OK) {
        bh_stmt_bind_int64(s, 1, item);
        bh_stmt_bind_text(s, 2, fy); /* NULL: every year */
        st = metrics_fill(db, s, m);
    }
    bh_stmt_finalize(s);
    if (st != BH_OK) {
        bh_plan_metrics_destroy(m);
        return st;
    }
    *out = m;
    return BH_OK;
}

/* bh_plan_metrics: stated figures per year, 前年比, and figures computed from the layers. */
#include "plan/metrics.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "plan/plan.h"

void bh_plan_metrics_destroy(bh_plan_metrics *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->count; i++) {
        bh_plan_metric_row *r = &m->rows[i];
        free(r->metric);
        free(r->label);
        free(r->unit);
        free(r->fiscal_year);
        free(r->check);
    }
    free(m->rows);
    free(m);
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
    "WHERE (?1 = 0 OR m.item_no = ?1) AND (?2 IS NULL OR m.fiscal_year = ?2) "
    "ORDER BY m.item_no, m.id, CAST(substr(m.fiscal_year, 2) AS INTEGER)";

/* Counts the check layer's features for r (filter with :fy bound to the row's year). */
static void metric_compute(bh_db *db, bh_plan_metric_row *r, const char *layer, const char *filter)
{
    char *table = bh_plan_layer_table(db, layer);
    if (table == NULL) {
        r->check = bh_asprintf("%s: layer not loaded", layer);
        return;
    }
    char *sql = bh_asprintf("SELECT count(*) FROM \"%s\"%s%s%s", table, filter ? " WHERE (" : "",
                            filter ? filter : "", filter ? ")" : "");
    free(table);
    sqlite3_stmt *s = NULL;
    const char *tail = NULL;
    int rc = sql == NULL ? SQLITE_NOMEM : sqlite3_prepare_v2(bh_db_sqlite(db), sql, -1, &s, &tail);
    int fy = rc == SQLITE_OK ? sqlite3_bind_parameter_index(s, ":fy") : 0;
    if (fy > 0)
        sqlite3_bind_text(s, fy, r->fiscal_year, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && tail != NULL && *tail != '\0')
        r->check = bh_asprintf("%s: filter is not a single expression", layer);
    else if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        r->has_computed = 1;
        r->computed = sqlite3_column_int64(s, 0);
        r->check = bh_asprintf("%s%s%s", layer, filter ? ": " : "", filter ? filter : "");
    } else
        r->check = bh_asprintf("%s: filter failed: %s", layer, sqlite3_errmsg(bh_db_sqlite(db)));
    sqlite3_finalize(s);
    free(sql);
}

static char *dup_col(sqlite3_stmt *s, int i, int *oom)
{
    const char *v = (const char *)sqlite3_column_text(s, i);
    char *c = v != NULL ? bh_strdup(v) : NULL;
    if (v != NULL && c == NULL)
        *oom = 1;
    return c;
}

static bh_status metrics_fill(bh_db *db, sqlite3_stmt *s, bh_plan_metrics *m)
{
    size_t cap = 0;
    int rc, oom = 0;
    while (!oom && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (m->count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            bh_plan_metric_row *rows = realloc(m->rows, ncap * sizeof *rows);
            if (rows == NULL)
                return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
            m->rows = rows;
            cap = ncap;
        }
        bh_plan_metric_row *r = &m->rows[m->count++];
        memset(r, 0, sizeof *r);
        r->item_no = sqlite3_column_int(s, 0);
        r->metric = dup_col(s, 1, &oom);
        r->label = dup_col(s, 2, &oom);
        r->unit = dup_col(s, 3, &oom);
        r->fiscal_year = dup_col(s, 4, &oom);
        r->value = sqlite3_column_double(s, 5);
        r->has_prev = sqlite3_column_type(s, 6) != SQLITE_NULL;
        r->prev = sqlite3_column_double(s, 6);
        if (!oom && sqlite3_column_type(s, 7) != SQLITE_NULL)
            metric_compute(db, r, (const char *)sqlite3_column_text(s, 7),
                           (const char *)sqlite3_column_text(s, 8));
    }
    if (oom)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    return rc == SQLITE_DONE ? BH_OK : bh_db_fail(db, "plan metrics");
}

bh_status bh_plan_metrics_query(bh_db *db, int item, const char *fy, bh_plan_metrics **out)
{
    *out = NULL;
    bh_plan_metrics *m = calloc(1, sizeof *m);
    if (m == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_stmt *s = NULL;
    bh_status st = bh_db_prepare(db, metrics_sql, &s);
    if (st == BH_OK) {
        sqlite3_bind_int(s, 1, item);
        if (fy != NULL)
            sqlite3_bind_text(s, 2, fy, -1, SQLITE_TRANSIENT);
        st = metrics_fill(db, s, m);
    }
    sqlite3_finalize(s);
    if (st != BH_OK) {
        bh_plan_metrics_destroy(m);
        return st;
    }
    *out = m;
    return BH_OK;
}

/* bh_plan_item: one plan item with texts, departments, metrics and linked layers. */
#include "plan/plan.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "plan/cycle.h"

enum { IT_CATNAME, IT_PROJECT, IT_CONTENT, IT_DEPTS, IT_REPORT, IT_PLAN, IT_NTEXT };

typedef struct item_dept {
    char *key;
    char *spelling;
} item_dept;

struct bh_plan_item {
    int no;
    int category;
    char fy[8], plan_fy[8]; /* the latest cycle holding the item: its report and plan years */
    char *text[IT_NTEXT];
    item_dept *depts;
    size_t ndepts;
    bh_plan_metric *metrics;
    size_t nmetrics;
    bh_plan_link *links;
    size_t nlinks;
};

void bh_plan_item_destroy(bh_plan_item *item)
{
    if (item == NULL)
        return;
    for (int k = 0; k < IT_NTEXT; k++)
        free(item->text[k]);
    for (size_t i = 0; i < item->ndepts; i++) {
        free(item->depts[i].key);
        free(item->depts[i].spelling);
    }
    free(item->depts);
    for (size_t i = 0; i < item->nmetrics; i++) {
        free((char *)item->metrics[i].fiscal_year);
        free((char *)item->metrics[i].metric);
        free((char *)item->metrics[i].label);
        free((char *)item->metrics[i].unit);
        free((char *)item->metrics[i].source_text);
    }
    free(item->metrics);
    for (size_t i = 0; i < item->nlinks; i++) {
        free((char *)item->links[i].layer);
        free((char *)item->links[i].filter);
        free((char *)item->links[i].note);
        free((char *)item->links[i].status);
    }
    free(item->links);
    free(item);
}

int bh_plan_item_no(const bh_plan_item *item)
{
    return item->no;
}
int bh_plan_item_category(const bh_plan_item *item)
{
    return item->category;
}
const char *bh_plan_item_category_name(const bh_plan_item *item)
{
    return item->text[IT_CATNAME];
}
const char *bh_plan_item_project(const bh_plan_item *item)
{
    return item->text[IT_PROJECT];
}
const char *bh_plan_item_content(const bh_plan_item *item)
{
    return item->text[IT_CONTENT];
}
const char *bh_plan_item_departments_text(const bh_plan_item *item)
{
    return item->text[IT_DEPTS];
}
const char *bh_plan_item_fiscal_year(const bh_plan_item *item)
{
    return item->fy;
}
const char *bh_plan_item_plan_fiscal_year(const bh_plan_item *item)
{
    return item->plan_fy;
}
const char *bh_plan_item_report(const bh_plan_item *item)
{
    return item->text[IT_REPORT];
}
const char *bh_plan_item_plan(const bh_plan_item *item)
{
    return item->text[IT_PLAN];
}
size_t bh_plan_item_department_count(const bh_plan_item *item)
{
    return item->ndepts;
}
const char *bh_plan_item_department(const bh_plan_item *item, size_t i)
{
    return item->depts[i].key;
}
size_t bh_plan_item_metric_count(const bh_plan_item *item)
{
    return item->nmetrics;
}
size_t bh_plan_item_link_count(const bh_plan_item *item)
{
    return item->nlinks;
}

const char *bh_plan_item_department_spelling(const bh_plan_item *item, size_t i)
{
    return item->depts[i].spelling;
}

const bh_plan_metric *bh_plan_item_metric(const bh_plan_item *item, size_t i)
{
    return &item->metrics[i];
}

const bh_plan_link *bh_plan_item_link(const bh_plan_item *item, size_t i)
{
    return &item->links[i];
}

/* Copy of a text column; NULL stays NULL. Sets *oom on allocation failure. */
static char *col_dup(sqlite3_stmt *s, int col, int *oom)
{
    const char *v = (const char *)sqlite3_column_text(s, col);
    if (v == NULL)
        return NULL;
    char *c = bh_strdup(v);
    if (c == NULL)
        *oom = 1;
    return c;
}

/* Prepares sql bound to item no and counts its rows (so arrays are sized once). */
static bh_status item_rows(bh_db *db, const char *sql, int no, sqlite3_stmt **s, size_t *n)
{
    bh_status st = bh_db_prepare(db, sql, s);
    if (st != BH_OK)
        return st;
    sqlite3_bind_int(*s, 1, no);
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(*s)) == SQLITE_ROW)
        (*n)++;
    if (rc != SQLITE_DONE)
        return bh_db_fail(db, "plan item");
    sqlite3_reset(*s);
    return BH_OK;
}

static bh_status item_depts(bh_db *db, bh_plan_item *item)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    bh_status st = item_rows(db,
                             "SELECT p.name, d.spelling FROM plan_item_departments d "
                             "JOIN departments p ON p.id = d.department_id WHERE d.item_no = ? "
                             "ORDER BY d.rowid",
                             item->no, &s, &n);
    int oom = 0;
    if (st == BH_OK && n > 0 && (item->depts = calloc(n, sizeof *item->depts)) == NULL)
        oom = 1;
    while (st == BH_OK && !oom && item->ndepts < n && sqlite3_step(s) == SQLITE_ROW) {
        item_dept *d = &item->depts[item->ndepts++];
        d->key = col_dup(s, 0, &oom);
        d->spelling = col_dup(s, 1, &oom);
    }
    sqlite3_finalize(s);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

static bh_status item_metrics(bh_db *db, bh_plan_item *item)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    bh_status st = item_rows(db,
                             "SELECT fiscal_year, metric, value, unit, source_text, label FROM "
                             "plan_metrics WHERE item_no = ? ORDER BY id",
                             item->no, &s, &n);
    int oom = 0;
    if (st == BH_OK && n > 0 && (item->metrics = calloc(n, sizeof *item->metrics)) == NULL)
        oom = 1;
    while (st == BH_OK && !oom && item->nmetrics < n && sqlite3_step(s) == SQLITE_ROW) {
        bh_plan_metric *m = &item->metrics[item->nmetrics++];
        m->fiscal_year = col_dup(s, 0, &oom);
        m->metric = col_dup(s, 1, &oom);
        m->value = sqlite3_column_double(s, 2);
        m->unit = col_dup(s, 3, &oom);
        m->source_text = col_dup(s, 4, &oom);
        m->label = col_dup(s, 5, &oom);
    }
    sqlite3_finalize(s);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

char *bh_plan_layer_table(bh_db *db, const char *layer)
{
    char *table = NULL;
    sqlite3_stmt *s;
    if (bh_db_has_table(db, "layers") &&
        sqlite3_prepare_v2(bh_db_sqlite(db), "SELECT table_name FROM layers WHERE name = ?", -1, &s,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, layer, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
            table = bh_strdup((const char *)sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
    }
    if (table == NULL)
        table = bh_strdup(layer);
    if (table != NULL && !bh_db_has_table(db, table)) {
        free(table);
        table = NULL;
    }
    return table;
}

/* Counts the features of link's layer (with its filter); problems become link->status. */
static void link_count(bh_db *db, bh_plan_link *link)
{
    char *table = bh_plan_layer_table(db, link->layer);
    if (table == NULL) {
        link->status = bh_strdup("layer not loaded");
        return;
    }
    link->loaded = 1;
    bh_strbuf sql;
    bh_strbuf_init(&sql);
    bh_strbuf_append(&sql, "SELECT count(*) FROM \"");
    for (const char *p = table; *p; p++)
        bh_strbuf_append(&sql, *p == '"' ? "\"\"" : (char[]){*p, 0});
    bh_strbuf_append(&sql, "\"");
    if (link->filter != NULL)
        bh_strbuf_printf(&sql, " WHERE (%s)", link->filter);
    free(table);
    sqlite3_stmt *s = NULL;
    const char *tail = NULL;
    int rc = sql.data == NULL ? SQLITE_NOMEM
                              : sqlite3_prepare_v2(bh_db_sqlite(db), sql.data, -1, &s, &tail);
    if (rc == SQLITE_OK && tail != NULL && *tail != '\0')
        link->status = bh_strdup("filter is not a single expression");
    else if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        link->features = sqlite3_column_int64(s, 0);
    else
        link->status = bh_asprintf("filter failed: %s", sqlite3_errmsg(bh_db_sqlite(db)));
    sqlite3_finalize(s);
    bh_strbuf_free(&sql);
}

static bh_status item_links(bh_db *db, bh_plan_item *item)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    bh_status st = item_rows(db,
                             "SELECT layer_name, filter, note FROM plan_item_layers "
                             "WHERE item_no = ? ORDER BY rowid",
                             item->no, &s, &n);
    int oom = 0;
    if (st == BH_OK && n > 0 && (item->links = calloc(n, sizeof *item->links)) == NULL)
        oom = 1;
    while (st == BH_OK && !oom && item->nlinks < n && sqlite3_step(s) == SQLITE_ROW) {
        bh_plan_link *l = &item->links[item->nlinks++];
        l->layer = col_dup(s, 0, &oom);
        l->filter = col_dup(s, 1, &oom);
        l->note = col_dup(s, 2, &oom);
    }
    sqlite3_finalize(s);
    for (size_t i = 0; st == BH_OK && !oom && i < item->nlinks; i++)
        link_count(db, &item->links[i]);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

static bh_status item_main(bh_db *db, bh_plan_item *item)
{
    sqlite3_stmt *s;
    long long year = 0;
    bh_status st = bh_db_prepare(db,
                                 "SELECT max(year) FROM plan_item_years i JOIN plan_years y "
                                 "ON y.fiscal_year = i.fiscal_year WHERE i.item_no = ?",
                                 &s);
    if (st != BH_OK)
        return st;
    sqlite3_bind_int(s, 1, item->no);
    if (sqlite3_step(s) == SQLITE_ROW)
        year = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    bh_plan_fy_name((int)year, item->fy, sizeof item->fy);
    bh_plan_fy_name((int)year + 1, item->plan_fy, sizeof item->plan_fy);
    st = bh_db_prepare(db,
                       "SELECT i.category_id, c.name, i.project, i.content, i.departments_text, "
                       "(SELECT text FROM plan_texts WHERE item_no = i.no AND fiscal_year = ?2 "
                       " AND kind = 'report'), "
                       "(SELECT text FROM plan_texts WHERE item_no = i.no AND fiscal_year = ?3 "
                       " AND kind = 'plan') "
                       "FROM plan_items i JOIN plan_categories c ON c.id = i.category_id "
                       "WHERE i.no = ?1",
                       &s);
    if (st != BH_OK)
        return st;
    sqlite3_bind_int(s, 1, item->no);
    sqlite3_bind_text(s, 2, item->fy, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, item->plan_fy, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), oom = 0;
    if (rc == SQLITE_ROW) {
        item->category = sqlite3_column_int(s, 0);
        for (int k = 0; k < IT_NTEXT; k++)
            item->text[k] = col_dup(s, 1 + k, &oom);
    } else if (rc == SQLITE_DONE)
        st = bh_error(bh_db_ctx(db), BH_E_NOT_FOUND, "plan item %d: no such item", item->no);
    else
        st = bh_db_fail(db, "plan item");
    sqlite3_finalize(s);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

bh_status bh_plan_item_get(bh_db *db, int no, bh_plan_item **out)
{
    *out = NULL;
    bh_plan_item *item = calloc(1, sizeof *item);
    if (item == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    item->no = no;
    bh_status st = item_main(db, item);
    if (st == BH_OK)
        st = item_depts(db, item);
    if (st == BH_OK)
        st = item_metrics(db, item);
    if (st == BH_OK)
        st = item_links(db, item);
    if (st != BH_OK) {
        bh_plan_item_destroy(item);
        return st;
    }
    *out = item;
    return BH_OK;
}

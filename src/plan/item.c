/* bh_plan_item: one plan item as in one cycle, with texts, departments, metrics and links. */
#include "plan/plan.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/stmt.h"
#include "plan/cycle.h"
#include "plan/link.h"

enum { IT_CATNAME, IT_PROJECT, IT_CONTENT, IT_DEPTS, IT_REPORT, IT_PLAN, IT_NTEXT };

typedef struct item_dept {
    char *key;
    char *spelling;
} item_dept;

struct bh_plan_item {
    int id;                 /* stable id (plan_items.no) */
    int no;                 /* No. printed in the cycle */
    int category;           /* 区分 in the cycle */
    int retired;            /* the item ends with this cycle */
    char fy[8], plan_fy[8]; /* the cycle: its report and plan years */
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
        bh_free(item->text[k]);
    for (size_t i = 0; i < item->ndepts; i++) {
        bh_free(item->depts[i].key);
        bh_free(item->depts[i].spelling);
    }
    bh_free(item->depts);
    for (size_t i = 0; i < item->nmetrics; i++) {
        bh_free((char *)item->metrics[i].fiscal_year);
        bh_free((char *)item->metrics[i].metric);
        bh_free((char *)item->metrics[i].label);
        bh_free((char *)item->metrics[i].unit);
        bh_free((char *)item->metrics[i].source_text);
    }
    bh_free(item->metrics);
    for (size_t i = 0; i < item->nlinks; i++) {
        bh_free((char *)item->links[i].layer);
        bh_free((char *)item->links[i].filter);
        bh_free((char *)item->links[i].note);
        bh_free((char *)item->links[i].status);
    }
    bh_free(item->links);
    bh_free(item);
}

int bh_plan_item_no(const bh_plan_item *item)
{
    return item->no;
}
int bh_plan_item_id(const bh_plan_item *item)
{
    return item->id;
}
int bh_plan_item_retired(const bh_plan_item *item)
{
    return item->retired;
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
static char *col_dup(bh_stmt *s, int col, int *oom)
{
    const char *v = bh_stmt_column_text(s, col);
    if (v == NULL)
        return NULL;
    char *c = bh_strdup(v);
    if (c == NULL)
        *oom = 1;
    return c;
}

/* Prepares sql bound to the item's id (?1) and, when by_fy, its cycle (?2), and counts its rows
 * (so arrays are sized once). */
static bh_status item_rows(bh_db *db, const char *sql, const bh_plan_item *item, int by_fy,
                           bh_stmt **s, size_t *n)
{
    bh_status st = bh_stmt_prepare(db, sql, s);
    if (st != BH_OK)
        return st;
    bh_stmt_bind_int64(*s, 1, item->id);
    if (by_fy)
        bh_stmt_bind_text(*s, 2, item->fy);
    *n = 0;
    int rc;
    while ((rc = bh_stmt_step(*s)) == BH_STEP_ROW)
        (*n)++;
    if (rc != BH_STEP_DONE)
        return bh_ctx_status(bh_db_ctx(db));
    bh_stmt_reset(*s);
    return BH_OK;
}

static bh_status item_depts(bh_db *db, bh_plan_item *item)
{
    bh_stmt *s = NULL;
    size_t n = 0;
    bh_status st = item_rows(db,
                             "SELECT p.name, d.spelling FROM plan_item_departments d "
                             "JOIN departments p ON p.id = d.department_id WHERE d.item_no = ?1 "
                             "ORDER BY d.rowid",
                             item, 0, &s, &n);
    int oom = 0;
    if (st == BH_OK && n > 0 && (item->depts = bh_calloc(n, sizeof *item->depts)) == NULL)
        oom = 1;
    while (st == BH_OK && !oom && item->ndepts < n && bh_stmt_step(s) == BH_STEP_ROW) {
        item_dept *d = &item->depts[item->ndepts++];
        d->key = col_dup(s, 0, &oom);
        d->spelling = col_dup(s, 1, &oom);
    }
    bh_stmt_finalize(s);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

/* The figures of the cycle's year. */
static bh_status item_metrics(bh_db *db, bh_plan_item *item)
{
    bh_stmt *s = NULL;
    size_t n = 0;
    bh_status st = item_rows(db,
                             "SELECT fiscal_year, metric, value, unit, source_text, label FROM "
                             "plan_metrics WHERE item_no = ?1 AND fiscal_year = ?2 ORDER BY id",
                             item, 1, &s, &n);
    int oom = 0;
    if (st == BH_OK && n > 0 && (item->metrics = bh_calloc(n, sizeof *item->metrics)) == NULL)
        oom = 1;
    while (st == BH_OK && !oom && item->nmetrics < n && bh_stmt_step(s) == BH_STEP_ROW) {
        bh_plan_metric *m = &item->metrics[item->nmetrics++];
        m->fiscal_year = col_dup(s, 0, &oom);
        m->metric = col_dup(s, 1, &oom);
        m->value = bh_stmt_column_double(s, 2);
        m->unit = col_dup(s, 3, &oom);
        m->source_text = col_dup(s, 4, &oom);
        m->label = col_dup(s, 5, &oom);
    }
    bh_stmt_finalize(s);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

/* The cycle's links, with their feature counts. */
static bh_status item_links(bh_db *db, bh_plan_item *item)
{
    bh_stmt *s = NULL;
    size_t n = 0;
    bh_status st = item_rows(db,
                             "SELECT layer_name, filter, note FROM plan_item_layers "
                             "WHERE item_no = ?1 AND fiscal_year = ?2 ORDER BY rowid",
                             item, 1, &s, &n);
    int oom = 0;
    if (st == BH_OK && n > 0 && (item->links = bh_calloc(n, sizeof *item->links)) == NULL)
        oom = 1;
    while (st == BH_OK && !oom && item->nlinks < n && bh_stmt_step(s) == BH_STEP_ROW) {
        bh_plan_link *l = &item->links[item->nlinks++];
        l->layer = col_dup(s, 0, &oom);
        l->filter = col_dup(s, 1, &oom);
        l->note = col_dup(s, 2, &oom);
    }
    bh_stmt_finalize(s);
    for (size_t i = 0; st == BH_OK && !oom && i < item->nlinks; i++)
        bh_plan_link_count(db, &item->links[i]);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

/* No., 区分, texts of the item in its cycle (item->id and item->fy set). */
static bh_status item_main(bh_db *db, bh_plan_item *item)
{
    bh_plan_fy_name(bh_plan_fy_year(item->fy) + 1, item->plan_fy, sizeof item->plan_fy);
    bh_stmt *s = NULL;
    bh_status st =
        bh_stmt_prepare(db,
                        "SELECT y.number, y.category_id, y.retired, c.name, i.project, i.content, "
                        "i.departments_text, "
                        "(SELECT text FROM plan_texts WHERE item_no = i.no AND fiscal_year = ?2 "
                        " AND kind = 'report'), "
                        "(SELECT text FROM plan_texts WHERE item_no = i.no AND fiscal_year = ?3 "
                        " AND kind = 'plan') "
                        "FROM plan_item_years y JOIN plan_items i ON i.no = y.item_no "
                        "JOIN plan_categories c ON c.id = y.category_id WHERE y.item_no = ?1 AND "
                        "y.fiscal_year = ?2",
                        &s);
    if (st != BH_OK)
        return st;
    bh_stmt_bind_int64(s, 1, item->id);
    bh_stmt_bind_text(s, 2, item->fy);
    bh_stmt_bind_text(s, 3, item->plan_fy);
    int rc = bh_stmt_step(s), oom = 0;
    if (rc == BH_STEP_ROW) {
        item->no = (int)bh_stmt_column_int64(s, 0);
        item->category = (int)bh_stmt_column_int64(s, 1);
        item->retired = bh_stmt_column_int64(s, 2) != 0;
        for (int k = 0; k < IT_NTEXT; k++)
            item->text[k] = col_dup(s, 3 + k, &oom);
    } else if (rc == BH_STEP_DONE)
        st = bh_error(bh_db_ctx(db), BH_E_NOT_FOUND, "plan item %d: not in cycle %s", item->id,
                      item->fy);
    else
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(s);
    return oom ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory") : st;
}

/* The latest cycle holding item id into fy; BH_E_NOT_FOUND when none does. */
static bh_status item_latest_cycle(bh_db *db, int id, char fy[8])
{
    bh_stmt *s = NULL;
    bh_status st = bh_stmt_prepare(db,
                                   "SELECT y.fiscal_year FROM plan_item_years i JOIN plan_years y "
                                   "ON y.fiscal_year = i.fiscal_year WHERE i.item_no = ? "
                                   "ORDER BY y.year DESC LIMIT 1",
                                   &s);
    if (st != BH_OK)
        return st;
    bh_stmt_bind_int64(s, 1, id);
    int rc = bh_stmt_step(s);
    if (rc == BH_STEP_ROW)
        snprintf(fy, 8, "%s", bh_stmt_column_text(s, 0));
    bh_stmt_finalize(s);
    if (rc == BH_STEP_ERROR)
        return bh_ctx_status(bh_db_ctx(db));
    if (rc != BH_STEP_ROW)
        return bh_error(bh_db_ctx(db), BH_E_NOT_FOUND, "plan item %d: no such item", id);
    return BH_OK;
}

/* Fills item (id and fy set) from the database; destroys it on failure. */
static bh_status item_fill(bh_db *db, bh_plan_item *item, bh_plan_item **out)
{
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

bh_status bh_plan_item_get(bh_db *db, int no, bh_plan_item **out)
{
    *out = NULL;
    bh_plan_item *item = bh_calloc(1, sizeof *item);
    if (item == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    item->id = no;
    bh_status st = item_latest_cycle(db, no, item->fy);
    if (st != BH_OK) {
        bh_plan_item_destroy(item);
        return st;
    }
    return item_fill(db, item, out);
}

bh_status bh_plan_item_get_fy(bh_db *db, const char *fy, int number, bh_plan_item **out)
{
    *out = NULL;
    bh_plan_item *item = bh_calloc(1, sizeof *item);
    if (item == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_status st = bh_plan_cycle_find(db, fy, item->fy);
    if (st == BH_OK)
        st = bh_plan_cycle_number(db, item->fy, number, &item->id);
    if (st != BH_OK) {
        bh_plan_item_destroy(item);
        return st;
    }
    return item_fill(db, item, out);
}

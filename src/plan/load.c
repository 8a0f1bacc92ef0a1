/* bh_plan_load: the plan data files → the plan tables (validate everything, then write). */
#include "plan/plan.h"
#include "core/alloc.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/strbuf.h"
#include "plan/csvtab.h"

static const char *const cat_cols[] = {"id", "name", "summary", "declared_count", NULL};
enum { CAT_ID, CAT_NAME, CAT_SUMMARY, CAT_DECLARED };
static const char *const item_cols[] = {"no",          "category",  "project", "content",
                                        "departments", "report_r5", "plan_r6", NULL};
enum { IT_NO, IT_CATEGORY, IT_PROJECT, IT_CONTENT, IT_DEPTS, IT_R5, IT_R6 };
static const char *const dept_cols[] = {"item", "department", NULL};
enum { DP_ITEM, DP_NAME };
static const char *const metric_cols[] = {"item",  "fiscal_year", "metric",      "label",
                                          "value", "unit",        "source_text", NULL};
enum { MT_ITEM, MT_FY, MT_METRIC, MT_LABEL, MT_VALUE, MT_UNIT, MT_SOURCE };
static const char *const link_cols[] = {"item", "layer", "filter", "note", NULL};
enum { LK_ITEM, LK_LAYER, LK_FILTER, LK_NOTE };
static const char *const check_cols[] = {"metric", "layer", "filter", "note", NULL};
enum { CK_METRIC, CK_LAYER, CK_FILTER, CK_NOTE };

/* items.csv is the seed document of cycle R5: its report_r5 / plan_r6 columns say so. */
#define LOAD_FY "R5"
#define LOAD_PLAN_FY "R6"

typedef struct plan_files {
    bh_plan_csv *cats, *items, *depts, *metrics, *links, *checks; /* checks: optional */
    int *item_row; /* item no → row in items + 1 (0 = absent), size nitems + 1 */
    size_t max_no;
} plan_files;

static void files_free(plan_files *pf)
{
    bh_plan_csv_destroy(pf->cats);
    bh_plan_csv_destroy(pf->items);
    bh_plan_csv_destroy(pf->depts);
    bh_plan_csv_destroy(pf->metrics);
    bh_plan_csv_destroy(pf->links);
    bh_plan_csv_destroy(pf->checks);
    bh_free(pf->item_row);
}

/* Strict decimal integer: the whole cell, no sign unless negative allowed. */
static int parse_int(const char *s, long *v)
{
    if (*s == '\0' || isspace((unsigned char)*s))
        return 0;
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || x < INT_MIN || x > INT_MAX)
        return 0;
    *v = x;
    return 1;
}

static bh_status bad(bh_ctx *ctx, const bh_plan_csv *t, size_t r, const char *field,
                     const char *what, const char *value)
{
    return bh_error(ctx, BH_E_FORMAT, "%s: line %d: field '%s': %s ('%s')", t->name, t->lines[r],
                    field, what, value);
}

/* Reads an item reference column and checks the item exists. */
static bh_status item_ref(bh_ctx *ctx, const plan_files *pf, const bh_plan_csv *t, size_t r,
                          size_t col, const char *field, long *no)
{
    const char *v = bh_plan_csv_get(t, r, col);
    if (!parse_int(v, no))
        return bad(ctx, t, r, field, "not an item number", v);
    if (*no < 1 || (size_t)*no > pf->max_no || pf->item_row[*no] == 0)
        return bh_error(ctx, BH_E_NOT_FOUND, "%s: line %d: field '%s': no item %ld in items.csv",
                        t->name, t->lines[r], field, *no);
    return BH_OK;
}

static bh_status check_categories(bh_ctx *ctx, plan_files *pf)
{
    const bh_plan_csv *t = pf->cats;
    if (t->nrows == 0)
        return bh_error(ctx, BH_E_EMPTY, "%s: line 2: no categories", t->name);
    for (size_t r = 0; r < t->nrows; r++) {
        long id, n;
        const char *v = bh_plan_csv_get(t, r, CAT_ID);
        if (!parse_int(v, &id) || id < 1)
            return bad(ctx, t, r, "id", "not a positive category number", v);
        for (size_t k = 0; k < r; k++)
            if (strcmp(bh_plan_csv_get(t, k, CAT_ID), v) == 0)
                return bh_error(ctx, BH_E_DUPLICATE,
                                "%s: line %d: field 'id': category %ld already on line %d", t->name,
                                t->lines[r], id, t->lines[k]);
        if (*bh_plan_csv_get(t, r, CAT_NAME) == '\0')
            return bad(ctx, t, r, "name", "empty", "");
        v = bh_plan_csv_get(t, r, CAT_DECLARED);
        if (!parse_int(v, &n) || n < 0)
            return bad(ctx, t, r, "declared_count", "not a count", v);
    }
    return BH_OK;
}

static long category_row(const bh_plan_csv *cats, long id)
{
    for (size_t k = 0; k < cats->nrows; k++)
        if (atol(bh_plan_csv_get(cats, k, CAT_ID)) == id)
            return (long)k;
    return -1;
}

static bh_status check_items(bh_ctx *ctx, plan_files *pf)
{
    const bh_plan_csv *t = pf->items;
    if (t->nrows == 0)
        return bh_error(ctx, BH_E_EMPTY, "%s: line 2: no items", t->name);
    pf->max_no = t->nrows;
    pf->item_row = bh_calloc(pf->max_no + 1, sizeof *pf->item_row);
    long *per_cat = bh_calloc(pf->cats->nrows, sizeof *per_cat);
    if (pf->item_row == NULL || per_cat == NULL) {
        bh_free(per_cat);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    bh_status st = BH_OK;
    for (size_t r = 0; r < t->nrows && st == BH_OK; r++) {
        long no, cat;
        const char *v = bh_plan_csv_get(t, r, IT_NO);
        if (!parse_int(v, &no) || no < 1 || (size_t)no > pf->max_no)
            st = bh_error(ctx, BH_E_FORMAT,
                          "%s: line %d: field 'no': '%s' is not an item number 1..%zu", t->name,
                          t->lines[r], v, pf->max_no);
        else if (pf->item_row[no] != 0)
            st = bh_error(ctx, BH_E_DUPLICATE,
                          "%s: line %d: field 'no': item %ld already on line %d", t->name,
                          t->lines[r], no, t->lines[pf->item_row[no] - 1]);
        else if (!parse_int(v = bh_plan_csv_get(t, r, IT_CATEGORY), &cat) ||
                 category_row(pf->cats, cat) < 0)
            st = bad(ctx, t, r, "category", "no such category in categories.csv", v);
        else if (*bh_plan_csv_get(t, r, IT_CONTENT) == '\0')
            st = bad(ctx, t, r, "content", "empty", "");
        else {
            pf->item_row[no] = (int)r + 1;
            per_cat[category_row(pf->cats, cat)]++;
        }
    }
    for (size_t k = 0; k < pf->cats->nrows && st == BH_OK; k++) {
        long declared = atol(bh_plan_csv_get(pf->cats, k, CAT_DECLARED));
        if (per_cat[k] != declared)
            st = bh_error(ctx, BH_E_FORMAT,
                          "%s: line %d: field 'declared_count': category %s declares %ld items "
                          "but items.csv has %ld",
                          pf->cats->name, pf->cats->lines[k], bh_plan_csv_get(pf->cats, k, CAT_ID),
                          declared, per_cat[k]);
    }
    bh_free(per_cat);
    return st;
}

static bh_status check_departments(bh_ctx *ctx, plan_files *pf)
{
    const bh_plan_csv *t = pf->depts;
    int *seen = bh_calloc(pf->max_no + 1, sizeof *seen);
    if (seen == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_status st = BH_OK;
    for (size_t r = 0; r < t->nrows && st == BH_OK; r++) {
        long no = 0;
        st = item_ref(ctx, pf, t, r, DP_ITEM, "item", &no);
        if (st == BH_OK && *bh_plan_csv_get(t, r, DP_NAME) == '\0')
            st = bad(ctx, t, r, "department", "empty", "");
        if (st == BH_OK)
            seen[no]++;
    }
    for (size_t no = 1; no <= pf->max_no && st == BH_OK; no++)
        if (seen[no] == 0) {
            int line = pf->items->lines[pf->item_row[no] - 1];
            st = bh_error(ctx, BH_E_FORMAT,
                          "%s: line %d: field 'departments': item %zu has no row in %s",
                          pf->items->name, line, no, t->name);
        }
    bh_free(seen);
    return st;
}

static bh_status check_metrics(bh_ctx *ctx, plan_files *pf)
{
    const bh_plan_csv *t = pf->metrics;
    for (size_t r = 0; r < t->nrows; r++) {
        long no;
        bh_status st = item_ref(ctx, pf, t, r, MT_ITEM, "item", &no);
        if (st != BH_OK)
            return st;
        const char *v = bh_plan_csv_get(t, r, MT_VALUE);
        char *end;
        double x = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || !isfinite(x))
            return bad(ctx, t, r, "value", "not a number", v);
        if (*bh_plan_csv_get(t, r, MT_METRIC) == '\0')
            return bad(ctx, t, r, "metric", "empty", "");
        if (*bh_plan_csv_get(t, r, MT_UNIT) == '\0')
            return bad(ctx, t, r, "unit", "empty", "");
        const char *fy = bh_plan_csv_get(t, r, MT_FY);
        if (strcmp(fy, "R5") != 0 && strcmp(fy, "R6") != 0)
            return bad(ctx, t, r, "fiscal_year", "must be R5 or R6", fy);
        const char *src = bh_plan_csv_get(t, r, MT_SOURCE);
        int row = pf->item_row[no] - 1;
        const char *text =
            bh_plan_csv_get(pf->items, (size_t)row, strcmp(fy, "R5") == 0 ? IT_R5 : IT_R6);
        if (*src == '\0' || strstr(text, src) == NULL)
            return bad(ctx, t, r, "source_text", "not found in the item's report text", src);
    }
    return BH_OK;
}

static int is_identifier(const char *s)
{
    if (!(islower((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static bh_status check_links(bh_ctx *ctx, plan_files *pf)
{
    const bh_plan_csv *t = pf->links;
    for (size_t r = 0; r < t->nrows; r++) {
        long no;
        bh_status st = item_ref(ctx, pf, t, r, LK_ITEM, "item", &no);
        if (st != BH_OK)
            return st;
        const char *layer = bh_plan_csv_get(t, r, LK_LAYER);
        if (!is_identifier(layer))
            return bad(ctx, t, r, "layer", "not a layer name", layer);
        for (size_t k = 0; k < r; k++)
            if (strcmp(bh_plan_csv_get(t, k, LK_ITEM), bh_plan_csv_get(t, r, LK_ITEM)) == 0 &&
                strcmp(bh_plan_csv_get(t, k, LK_LAYER), layer) == 0)
                return bh_error(ctx, BH_E_DUPLICATE,
                                "%s: line %d: field 'layer': item %ld → %s already on line %d",
                                t->name, t->lines[r], no, layer, t->lines[k]);
    }
    return BH_OK;
}

static bh_status read_files(bh_ctx *ctx, const char *dir, plan_files *pf)
{
    bh_status st = bh_plan_csv_read(ctx, dir, "categories.csv", cat_cols, &pf->cats);
    if (st == BH_OK)
        st = bh_plan_csv_read(ctx, dir, "items.csv", item_cols, &pf->items);
    if (st == BH_OK)
        st = bh_plan_csv_read(ctx, dir, "departments.csv", dept_cols, &pf->depts);
    if (st == BH_OK)
        st = bh_plan_csv_read(ctx, dir, "metrics.csv", metric_cols, &pf->metrics);
    if (st == BH_OK)
        st = bh_plan_csv_read(ctx, dir, "links.csv", link_cols, &pf->links);
    char *checks = bh_asprintf("%s/checks.csv", dir);
    struct stat sb;
    if (st == BH_OK && checks == NULL)
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK && stat(checks, &sb) == 0)
        st = bh_plan_csv_read(ctx, dir, "checks.csv", check_cols, &pf->checks);
    bh_free(checks);
    if (st == BH_OK)
        st = check_categories(ctx, pf);
    if (st == BH_OK)
        st = check_items(ctx, pf);
    if (st == BH_OK)
        st = check_departments(ctx, pf);
    if (st == BH_OK)
        st = check_metrics(ctx, pf);
    if (st == BH_OK)
        st = check_links(ctx, pf);
    return st;
}

/* Binds cell text (NULL for an empty cell when nullable) to parameter i. */
static void bind_cell(sqlite3_stmt *s, int i, const char *v, int nullable)
{
    if (nullable && *v == '\0')
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

/* Runs sql once per row of t, binding the given columns (negative = integer column -c-1). */
static bh_status insert_rows(bh_db *db, const char *sql, const bh_plan_csv *t, const int *cols,
                             int ncols)
{
    sqlite3_stmt *s;
    bh_status st = bh_db_prepare(db, sql, &s);
    if (st != BH_OK)
        return st;
    for (size_t r = 0; r < t->nrows && st == BH_OK; r++) {
        sqlite3_reset(s);
        for (int c = 0; c < ncols; c++) {
            int col = cols[c] < 0 ? -cols[c] - 1 : cols[c];
            const char *v = bh_plan_csv_get(t, r, (size_t)col);
            if (cols[c] < 0)
                sqlite3_bind_int64(s, c + 1, atoll(v));
            else
                bind_cell(s, c + 1, v, 1);
        }
        if (sqlite3_step(s) != SQLITE_DONE)
            st = bh_db_fail(db, t->name);
    }
    sqlite3_finalize(s);
    return st;
}

static bh_status insert_departments(bh_db *db, const bh_plan_csv *t)
{
    sqlite3_stmt *d = NULL, *l = NULL;
    bh_status st = bh_db_prepare(db, "INSERT OR IGNORE INTO departments(name) VALUES (?)", &d);
    if (st == BH_OK)
        st = bh_db_prepare(db,
                           "INSERT OR IGNORE INTO plan_item_departments(item_no, department_id, "
                           "spelling) SELECT ?, id, ? FROM departments WHERE name = ?",
                           &l);
    for (size_t r = 0; r < t->nrows && st == BH_OK; r++) {
        const char *spelling = bh_plan_csv_get(t, r, DP_NAME);
        char *key = bh_plan_department_key(spelling);
        if (key == NULL) {
            st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
            break;
        }
        sqlite3_reset(d);
        sqlite3_bind_text(d, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_reset(l);
        sqlite3_bind_int64(l, 1, atoll(bh_plan_csv_get(t, r, DP_ITEM)));
        sqlite3_bind_text(l, 2, spelling, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(l, 3, key, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(d) != SQLITE_DONE || sqlite3_step(l) != SQLITE_DONE)
            st = bh_db_fail(db, t->name);
        bh_free(key);
    }
    sqlite3_finalize(d);
    sqlite3_finalize(l);
    return st;
}

static bh_status write_tables(bh_db *db, const plan_files *pf)
{
    bh_status st = bh_db_exec(
        db, "DELETE FROM plan_item_layers; DELETE FROM plan_metrics; DELETE FROM plan_texts; "
            "DELETE FROM plan_metric_checks; DELETE FROM plan_item_years; "
            "DELETE FROM plan_category_years; DELETE FROM plan_years; "
            "DELETE FROM plan_item_departments; DELETE FROM departments; "
            "DELETE FROM plan_items; DELETE FROM plan_categories;");
    static const int cat_bind[] = {-CAT_ID - 1, CAT_NAME, CAT_SUMMARY, -CAT_DECLARED - 1};
    static const int item_bind[] = {-IT_NO - 1, -IT_CATEGORY - 1, IT_PROJECT, IT_CONTENT, IT_DEPTS};
    static const int text_bind[] = {-IT_NO - 1, IT_R5, IT_R6};
    static const int check_bind[] = {CK_METRIC, CK_LAYER, CK_FILTER, CK_NOTE};
    static const int metric_bind[] = {-MT_ITEM - 1, MT_FY,   MT_METRIC, MT_LABEL,
                                      MT_VALUE,     MT_UNIT, MT_SOURCE};
    static const int link_bind[] = {-LK_ITEM - 1, LK_LAYER, LK_FILTER, LK_NOTE};
    if (st == BH_OK)
        st = insert_rows(db,
                         "INSERT INTO plan_categories(id, name, summary, declared_count) "
                         "VALUES (?, ?, ?, ?)",
                         pf->cats, cat_bind, 4);
    if (st == BH_OK)
        st = insert_rows(db,
                         "INSERT INTO plan_items(no, category_id, project, content, "
                         "departments_text) VALUES (?, ?, ?, ?, ?)",
                         pf->items, item_bind, 5);
    if (st == BH_OK)
        st = bh_db_exec(db,
                        "INSERT INTO plan_years(fiscal_year, year) VALUES ('" LOAD_FY "', 2023);"
                        "INSERT INTO plan_item_years(fiscal_year, item_no, number, category_id) "
                        "SELECT '" LOAD_FY "', no, no, category_id FROM plan_items;"
                        "INSERT INTO plan_category_years(fiscal_year, category_id, declared_count) "
                        "SELECT '" LOAD_FY "', id, declared_count FROM plan_categories;");
    if (st == BH_OK)
        st = insert_rows(db,
                         "INSERT INTO plan_texts(item_no, fiscal_year, kind, text, source) "
                         "SELECT ?1, '" LOAD_FY "', 'report', ?2, 'items.csv' WHERE ?2 IS NOT NULL "
                         "UNION ALL SELECT ?1, '" LOAD_PLAN_FY "', 'plan', ?3, 'items.csv' "
                         "WHERE ?3 IS NOT NULL",
                         pf->items, text_bind, 3);
    if (st == BH_OK && pf->checks != NULL)
        st = insert_rows(db,
                         "INSERT INTO plan_metric_checks(metric, layer_name, filter, note) "
                         "VALUES (?, ?, ?, ?)",
                         pf->checks, check_bind, 4);
    if (st == BH_OK)
        st = insert_departments(db, pf->depts);
    if (st == BH_OK)
        st = insert_rows(db,
                         "INSERT INTO plan_metrics(item_no, fiscal_year, metric, label, value, "
                         "unit, source_text) VALUES (?, ?, ?, ?, CAST(? AS REAL), ?, ?)",
                         pf->metrics, metric_bind, 7);
    if (st == BH_OK)
        st = insert_rows(db,
                         "INSERT INTO plan_item_layers(item_no, layer_name, filter, note, "
                         "fiscal_year) VALUES (?, ?, ?, ?, '" LOAD_FY "')",
                         pf->links, link_bind, 4);
    return st;
}

bh_status bh_plan_load_dir(bh_db *db, const char *dir)
{
    bh_ctx *ctx = bh_db_ctx(db);
    plan_files pf = {0};
    bh_status st = read_files(ctx, dir, &pf);
    if (st == BH_OK)
        st = write_tables(db, &pf);
    if (st == BH_OK)
        bh_log(ctx, BH_LOG_INFO, "plan: %zu categories, %zu items, %zu metrics, %zu links",
               pf.cats->nrows, pf.items->nrows, pf.metrics->nrows, pf.links->nrows);
    files_free(&pf);
    return st;
}

bh_status bh_plan_load(bh_db *db, const bh_city *city)
{
    struct json_object *v;
    if (!json_object_object_get_ex(bh_city_json(city), "plan", &v))
        return BH_OK;
    if (!json_object_is_type(v, json_type_string))
        return bh_error(bh_db_ctx(db), BH_E_FORMAT, "%s/city.json: field 'plan': not a string",
                        bh_city_dir(city));
    char *dir = bh_city_path(city, json_object_get_string(v));
    if (dir == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
    bh_status st = bh_plan_load_dir(db, dir);
    bh_free(dir);
    return st;
}

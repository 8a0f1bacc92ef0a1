/* bh_plan_list: the plan items matching a category / department filter. */
#include "plan/plan.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "plan/cycle.h"

enum { LIST_COLS = 4 }; /* category name, project, content, departments text */

typedef struct list_row {
    int no;
    int category;
    char *text[LIST_COLS];
} list_row;

struct bh_plan_list {
    list_row *rows;
    size_t count;
};

void bh_plan_list_destroy(bh_plan_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->count; i++)
        for (int k = 0; k < LIST_COLS; k++)
            bh_free(list->rows[i].text[k]);
    bh_free(list->rows);
    bh_free(list);
}

size_t bh_plan_list_count(const bh_plan_list *list)
{
    return list->count;
}

int bh_plan_list_no(const bh_plan_list *list, size_t i)
{
    return list->rows[i].no;
}

int bh_plan_list_category(const bh_plan_list *list, size_t i)
{
    return list->rows[i].category;
}

const char *bh_plan_list_category_name(const bh_plan_list *list, size_t i)
{
    return list->rows[i].text[0];
}

const char *bh_plan_list_project(const bh_plan_list *list, size_t i)
{
    return list->rows[i].text[1];
}

const char *bh_plan_list_content(const bh_plan_list *list, size_t i)
{
    return list->rows[i].text[2];
}

const char *bh_plan_list_departments(const bh_plan_list *list, size_t i)
{
    return list->rows[i].text[3];
}

/* On both backends (db/stmt.h): the text search is the dialect's (instr | strpos), the text
 * parameters are typed by a CAST where nothing else types them. */
static const char list_sql[] =
    "SELECT y.number, y.category_id, c.name, i.project, i.content, i.departments_text "
    "FROM plan_item_years y JOIN plan_items i ON i.no = y.item_no "
    "JOIN plan_categories c ON c.id = y.category_id "
    "WHERE y.fiscal_year = ?4 AND (?1 = 0 OR y.category_id = ?1) AND "
    "(CAST(?2 AS TEXT) IS NULL OR EXISTS ("
    "  SELECT 1 FROM plan_item_departments d JOIN departments p ON p.id = d.department_id "
    "  WHERE d.item_no = i.no AND (%s > 0 OR %s > 0))) "
    "ORDER BY y.number";

static bh_status list_fill(bh_db *db, bh_stmt *s, bh_plan_list *list)
{
    size_t cap = 0;
    int rc;
    while ((rc = bh_stmt_step(s)) == BH_STEP_ROW) {
        if (list->count == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            list_row *rows = bh_realloc(list->rows, ncap * sizeof *rows);
            if (rows == NULL)
                return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
            list->rows = rows;
            cap = ncap;
        }
        list_row *r = &list->rows[list->count++];
        memset(r, 0, sizeof *r);
        r->no = (int)bh_stmt_column_int64(s, 0);
        r->category = (int)bh_stmt_column_int64(s, 1);
        for (int k = 0; k < LIST_COLS; k++) {
            const char *v = bh_stmt_column_text(s, 2 + k);
            r->text[k] = bh_strdup(v != NULL ? v : "");
            if (r->text[k] == NULL)
                return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
        }
    }
    return rc == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(db));
}

bh_status bh_plan_list_query(bh_db *db, const bh_plan_filter *filter, bh_plan_list **out)
{
    *out = NULL;
    int category = filter != NULL ? filter->category : 0;
    const char *dept = filter != NULL ? filter->department : NULL;
    if (category != 0) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_categories WHERE id = %d", category);
        if (bh_db_scalar_int(db, sql, 0) == 0)
            return bh_error(bh_db_ctx(db), BH_E_NOT_FOUND, "plan category %d: no such category",
                            category);
    }
    const char *fy = filter != NULL ? filter->fy : NULL;
    char cycle[8] = "";
    /* No plan loaded (no cycle): an empty list, unless a year was asked for. */
    if (fy != NULL || bh_db_scalar_int(db, "SELECT count(*) FROM plan_years", 0) > 0) {
        bh_status st = bh_plan_cycle_find(db, fy, cycle);
        if (st != BH_OK)
            return st;
    }
    char *key = NULL;
    if (dept != NULL && (key = bh_plan_department_key(dept)) == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_plan_list *list = bh_calloc(1, sizeof *list);
    bh_stmt *s = NULL;
    const char *find = bh_db_sql(db)->strpos;
    char *a = bh_asprintf(find, "p.name", "CAST(?2 AS TEXT)");
    char *b = bh_asprintf(find, "d.spelling", "CAST(?3 AS TEXT)");
    bh_status st = list == NULL || !a || !b ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory")
                                            : bh_stmt_preparef(db, &s, list_sql, a, b);
    bh_free(a);
    bh_free(b);
    if (st == BH_OK) {
        bh_stmt_bind_int64(s, 1, category);
        bh_stmt_bind_text(s, 2, key);
        bh_stmt_bind_text(s, 3, key ? dept : NULL);
        bh_stmt_bind_text(s, 4, cycle);
        st = list_fill(db, s, list);
    }
    bh_stmt_finalize(s);
    bh_free(key);
    if (st != BH_OK) {
        bh_plan_list_destroy(list);
        return st;
    }
    *out = list;
    return BH_OK;
}

char *bh_plan_department_key(const char *name)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    while (*name == ' ' || *name == '\t')
        name++;
    for (const char *p = name; *p; p++) {
        if (*p == '(')
            bh_strbuf_append(&sb, "（");
        else if (*p == ')')
            bh_strbuf_append(&sb, "）");
        else
            bh_strbuf_appendn(&sb, p, 1);
    }
    while (sb.len > 0 && (sb.data[sb.len - 1] == ' ' || sb.data[sb.len - 1] == '\t'))
        sb.data[--sb.len] = '\0';
    if (sb.data == NULL && !sb.failed)
        bh_strbuf_append(&sb, "");
    return bh_strbuf_take(&sb);
}

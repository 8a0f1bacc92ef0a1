/* bh_plan_cycle: the items, headings and texts of one fiscal year's document. */
#include "plan/cycle.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/stmt.h"
#include "plan/plan.h"

int bh_plan_fy_year(const char *fy)
{
    char *end;
    if (fy == NULL)
        return 0;
    if ((fy[0] == 'R' || fy[0] == 'r') && fy[1] >= '1' && fy[1] <= '9') {
        long n = strtol(fy + 1, &end, 10);
        return *end == '\0' && n >= 1 && n <= 80 ? (int)(2018 + n) : 0;
    }
    long y = strtol(fy, &end, 10);
    return *fy != '\0' && *end == '\0' && y >= 2019 && y <= 2098 ? (int)y : 0;
}

void bh_plan_fy_name(int year, char *buf, size_t size)
{
    snprintf(buf, size, "R%u", (unsigned)(year - 2018) % 1000u); /* 1..80 in practice */
}

void bh_plan_cycle_destroy(bh_plan_cycle *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++) {
        bh_plan_row *r = &c->rows[i];
        char *s[] = {r->category_name, r->category_summary, r->project, r->content,
                     r->departments,   r->report,           r->plan,    r->prev_plan};
        for (size_t k = 0; k < sizeof s / sizeof *s; k++)
            bh_free(s[k]);
    }
    bh_free(c->rows);
    bh_free(c);
}

static const char cycle_sql[] =
    "SELECT y.number, y.item_no, y.category_id, coalesce(cy.declared_count, (SELECT count(*) "
    "  FROM plan_item_years z WHERE z.fiscal_year = y.fiscal_year AND z.category_id = "
    "  y.category_id)), c.name, c.summary, i.project, i.content, i.departments_text, "
    " (SELECT text FROM plan_texts t WHERE t.item_no = y.item_no AND t.fiscal_year = ?1 "
    "  AND t.kind = 'report'),"
    " (SELECT text FROM plan_texts t WHERE t.item_no = y.item_no AND t.fiscal_year = ?2 "
    "  AND t.kind = 'plan'),"
    " (SELECT text FROM plan_texts t WHERE t.item_no = y.item_no AND t.fiscal_year = ?1 "
    "  AND t.kind = 'plan') "
    "FROM plan_item_years y JOIN plan_items i ON i.no = y.item_no "
    "JOIN plan_categories c ON c.id = y.category_id "
    "LEFT JOIN plan_category_years cy ON cy.fiscal_year = ?1 AND cy.category_id = y.category_id "
    "WHERE y.fiscal_year = ?3 AND (CAST(?4 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM "
    "plan_item_departments d "
    "  JOIN departments p ON p.id = d.department_id WHERE d.item_no = y.item_no "
    "  AND (p.name = ?4 OR d.spelling = ?5))) "
    "ORDER BY y.number";

static char *col(bh_stmt *s, int i, int *oom)
{
    const char *v = bh_stmt_column_text(s, i);
    char *c = v != NULL ? bh_strdup(v) : NULL;
    if (v != NULL && c == NULL)
        *oom = 1;
    return c;
}

static bh_status cycle_fill(bh_db *db, bh_stmt *s, bh_plan_cycle *c)
{
    size_t cap = 0;
    int rc, oom = 0;
    while (!oom && (rc = bh_stmt_step(s)) == BH_STEP_ROW) {
        if (c->count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            bh_plan_row *rows = bh_realloc(c->rows, ncap * sizeof *rows);
            if (rows == NULL)
                return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
            c->rows = rows;
            cap = ncap;
        }
        bh_plan_row *r = &c->rows[c->count++];
        memset(r, 0, sizeof *r);
        r->number = (int)bh_stmt_column_int64(s, 0);
        r->item_no = (int)bh_stmt_column_int64(s, 1);
        r->category = (int)bh_stmt_column_int64(s, 2);
        r->declared_count = (int)bh_stmt_column_int64(s, 3);
        r->category_name = col(s, 4, &oom);
        r->category_summary = col(s, 5, &oom);
        r->project = col(s, 6, &oom);
        r->content = col(s, 7, &oom);
        r->departments = col(s, 8, &oom);
        r->report = col(s, 9, &oom);
        r->plan = col(s, 10, &oom);
        r->prev_plan = col(s, 11, &oom);
    }
    if (oom)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    return rc == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(db));
}

/* The fiscal year whose membership the cycle uses: fy itself, else the latest before it. */
static bh_status cycle_base(bh_db *db, bh_plan_cycle *c, const char *fy, char *base, size_t n)
{
    c->year = bh_plan_fy_year(fy);
    if (c->year == 0)
        return bh_error(bh_db_ctx(db), BH_E_ARG, "fiscal year '%s': not R<n> or a year", fy);
    bh_plan_fy_name(c->year, c->fy, sizeof c->fy);
    bh_plan_fy_name(c->year + 1, c->plan_fy, sizeof c->plan_fy);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT max(year) FROM plan_years WHERE year <= %d", c->year);
    long long y = bh_db_scalar_int(db, sql, 0);
    if (y == 0)
        return bh_error(bh_db_ctx(db), BH_E_NOT_FOUND,
                        "fiscal year %s: no plan cycle in the database at or before it", c->fy);
    c->exists = y == c->year;
    bh_plan_fy_name((int)y, base, n);
    return BH_OK;
}

bh_status bh_plan_cycle_query(bh_db *db, const char *fy, const char *department,
                              bh_plan_cycle **out)
{
    *out = NULL;
    bh_plan_cycle *c = bh_calloc(1, sizeof *c);
    if (c == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    char base[8], *key = NULL;
    bh_stmt *s = NULL;
    bh_status st = cycle_base(db, c, fy, base, sizeof base);
    if (st == BH_OK && department != NULL && (key = bh_plan_department_key(department)) == NULL)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = bh_stmt_prepare(db, cycle_sql, &s);
    if (st == BH_OK) {
        bh_stmt_bind_text(s, 1, c->fy);
        bh_stmt_bind_text(s, 2, c->plan_fy);
        bh_stmt_bind_text(s, 3, base);
        bh_stmt_bind_text(s, 4, key); /* NULL: every department */
        bh_stmt_bind_text(s, 5, department);
        st = cycle_fill(db, s, c);
    }
    bh_stmt_finalize(s);
    bh_free(key);
    if (st != BH_OK) {
        bh_plan_cycle_destroy(c);
        return st;
    }
    *out = c;
    return BH_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bh_status bh_plan_cycle_departments(bh_db *db, const bh_plan_cycle *c, char ***out)
{
    *out = NULL;
    char **v = bh_calloc(c->count * 4 + 1, sizeof *v); /* at most 4 departments an item */
    if (v == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_stmt *s = NULL;
    bh_status st = bh_stmt_prepare(db,
                                   "SELECT DISTINCT p.name FROM plan_item_departments d JOIN "
                                   "departments p ON p.id = d.department_id WHERE d.item_no = ?",
                                   &s);
    size_t n = 0;
    int rc = BH_STEP_DONE;
    for (size_t i = 0; st == BH_OK && i < c->count; i++) {
        bh_stmt_reset(s);
        bh_stmt_bind_int64(s, 1, c->rows[i].item_no);
        while (st == BH_OK && (rc = bh_stmt_step(s)) == BH_STEP_ROW) {
            const char *name = bh_stmt_column_text(s, 0);
            size_t k = 0;
            while (k < n && strcmp(v[k], name) != 0)
                k++;
            if (k < n)
                continue;
            if (n == c->count * 4 || (v[n++] = bh_strdup(name)) == NULL)
                st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
        }
        if (st == BH_OK && rc == BH_STEP_ERROR)
            st = bh_ctx_status(bh_db_ctx(db));
    }
    bh_stmt_finalize(s);
    if (st != BH_OK) {
        for (size_t k = 0; k < n; k++)
            bh_free(v[k]);
        bh_free(v);
        return st;
    }
    qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return BH_OK;
}

/* "R5, R6" (the cycles in the database, by year) into sb. */
static void cycle_names(bh_db *db, bh_strbuf *sb)
{
    char **names = NULL;
    size_t n = 0;
    if (bh_db_text_column(db, "SELECT fiscal_year FROM plan_years ORDER BY year", NULL, &names,
                          &n) != BH_OK)
        return;
    for (size_t i = 0; i < n; i++)
        bh_strbuf_printf(sb, "%s%s", i ? ", " : "", names[i]);
    bh_db_names_free(names, n);
}

bh_status bh_plan_cycle_find(bh_db *db, const char *fy, char name[8])
{
    bh_ctx *ctx = bh_db_ctx(db);
    int year = fy != NULL ? bh_plan_fy_year(fy) : 0;
    if (fy != NULL && year == 0)
        return bh_error(ctx, BH_E_ARG, "fiscal year '%s': not R<n> or a year", fy);
    bh_stmt *s = NULL;
    bh_status st =
        bh_stmt_prepare(db,
                        fy != NULL ? "SELECT fiscal_year FROM plan_years WHERE year = ?"
                                   : "SELECT fiscal_year FROM plan_years ORDER BY year DESC "
                                     "LIMIT 1",
                        &s);
    if (st != BH_OK)
        return st;
    if (fy != NULL)
        bh_stmt_bind_int64(s, 1, year);
    int rc = bh_stmt_step(s);
    if (rc == BH_STEP_ROW)
        snprintf(name, 8, "%s", bh_stmt_column_text(s, 0));
    bh_stmt_finalize(s);
    if (rc == BH_STEP_ERROR)
        return bh_ctx_status(ctx);
    if (rc == BH_STEP_ROW)
        return BH_OK;
    if (fy == NULL)
        return bh_error(ctx, BH_E_NOT_FOUND, "the database holds no plan cycle");
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    cycle_names(db, &sb);
    bh_plan_fy_name(year, name, 8);
    st = bh_error(ctx, BH_E_NOT_FOUND, "fiscal year %s: no plan cycle in the database (cycles: %s)",
                  name, sb.data ? sb.data : "none");
    bh_strbuf_free(&sb);
    return st;
}

bh_status bh_plan_cycle_number(bh_db *db, const char *fy, int number, int *id)
{
    bh_stmt *s = NULL;
    *id = 0;
    bh_status st = bh_stmt_prepare(
        db, "SELECT item_no FROM plan_item_years WHERE fiscal_year = ? AND number = ?", &s);
    if (st != BH_OK)
        return st;
    bh_stmt_bind_text(s, 1, fy);
    bh_stmt_bind_int64(s, 2, number);
    int rc = bh_stmt_step(s);
    if (rc == BH_STEP_ROW)
        *id = (int)bh_stmt_column_int64(s, 0);
    bh_stmt_finalize(s);
    if (rc == BH_STEP_ERROR)
        return bh_ctx_status(bh_db_ctx(db));
    if (rc != BH_STEP_ROW)
        return bh_error(bh_db_ctx(db), BH_E_NOT_FOUND, "plan item No. %d: not in cycle %s", number,
                        fy);
    return BH_OK;
}

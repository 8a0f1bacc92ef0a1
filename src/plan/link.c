/* Plan item ↔ layer links of one cycle (plan_item_layers, schema 4): the features a link
 * counts, and the officer's changes to a cycle's links (bh_plan_link_set / _remove). */
#include "plan/link.h"
#include "core/alloc.h"
#include "core/ctx.h"

#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/stmt.h"
#include "plan/cycle.h"
#include "plan/plan.h"

char *bh_plan_layer_table(bh_db *db, const char *layer)
{
    char *table = NULL;
    bh_stmt *s = NULL;
    if (bh_db_has_table(db, "layers") &&
        bh_stmt_prepare(db, "SELECT table_name FROM layers WHERE name = ?", &s) == BH_OK) {
        bh_stmt_bind_text(s, 1, layer);
        if (bh_stmt_step(s) == BH_STEP_ROW && bh_stmt_column_text(s, 0) != NULL)
            table = bh_strdup(bh_stmt_column_text(s, 0));
        bh_stmt_finalize(s);
    }
    if (table == NULL)
        table = bh_strdup(layer);
    if (table != NULL && !bh_db_has_table(db, table)) {
        bh_free(table);
        table = NULL;
    }
    return table;
}

/* 1 when filter has a ';' outside quotes (more than one statement). */
static int filter_has_tail(const char *filter)
{
    char quote = 0;
    for (const char *p = filter; *p; p++) {
        if (quote != 0 && *p == quote)
            quote = 0;
        else if (quote == 0 && (*p == '\'' || *p == '"'))
            quote = *p;
        else if (quote == 0 && *p == ';')
            return 1;
    }
    return 0;
}

/* SELECT count(*) of table with filter; NULL when out of memory. */
static char *count_sql(const char *table, const char *filter)
{
    bh_strbuf sql;
    bh_strbuf_init(&sql);
    bh_strbuf_append(&sql, "SELECT count(*) FROM \"");
    for (const char *p = table; *p; p++)
        bh_strbuf_append(&sql, *p == '"' ? "\"\"" : (char[]){*p, 0});
    bh_strbuf_append(&sql, "\"");
    if (filter != NULL)
        bh_strbuf_printf(&sql, " WHERE (%s)", filter);
    return bh_strbuf_take(&sql);
}

/* bh_plan_link_count; keep: a failed count's error stays in the ctx (for the caller). */
static void link_count(bh_db *db, bh_plan_link *link, int keep)
{
    char *table = bh_plan_layer_table(db, link->layer);
    if (table == NULL) {
        link->status = bh_strdup("layer not loaded");
        return;
    }
    link->loaded = 1;
    if (link->filter != NULL && filter_has_tail(link->filter)) {
        link->status = bh_strdup("filter is not a single expression");
        bh_free(table);
        return;
    }
    char *sql = count_sql(table, link->filter);
    bh_free(table);
    bh_stmt *s = NULL;
    bh_ctx *ctx = bh_db_ctx(db);
    if (sql != NULL && bh_stmt_prepare(db, sql, &s) == BH_OK && bh_stmt_step(s) == BH_STEP_ROW)
        link->features = bh_stmt_column_int64(s, 0);
    else if (sql == NULL)
        link->status = bh_strdup("out of memory");
    else {
        /* A broken filter is the link's status (shown with it), not the caller's failure. */
        link->status = bh_asprintf("filter failed: %s", bh_ctx_error(ctx));
        if (!keep)
            bh_ctx_warn_error(ctx, "plan link %s [%s]", link->layer, link->filter);
    }
    bh_stmt_finalize(s);
    bh_free(sql);
}

void bh_plan_link_count(bh_db *db, bh_plan_link *link)
{
    link_count(db, link, 0);
}

/* The item id of No. number in cycle fy (which must exist); the cycle's name into cy. */
static bh_status link_target(bh_db *db, const char *fy, int number, char cy[8], int *id)
{
    bh_status st = bh_plan_cycle_find(db, fy, cy);
    if (st == BH_OK)
        st = bh_plan_cycle_number(db, cy, number, id);
    return st;
}

bh_status bh_plan_link_set(bh_db *db, const char *fy, int number, const char *layer,
                           const char *filter, const char *note)
{
    bh_ctx *ctx = bh_db_ctx(db);
    char cy[8];
    int id = 0;
    bh_status st = link_target(db, fy, number, cy, &id);
    if (st != BH_OK)
        return st;
    bh_plan_link probe = {.layer = layer, .filter = filter};
    link_count(db, &probe, 1);
    if (probe.status != NULL) {
        /* the count's SQL error (when it failed) gives way to the one about the link */
        bh_status code = !probe.loaded ? BH_E_NOT_FOUND : BH_E_FORMAT;
        const char *fmt = "plan link: layer '%s'%s%s%s: %s";
        if (bh_ctx_status(ctx) != BH_OK)
            st = bh_error_replace(ctx, code, fmt, layer, filter ? " [" : "", filter ? filter : "",
                                  filter ? "]" : "", probe.status);
        else
            st = bh_error(ctx, code, fmt, layer, filter ? " [" : "", filter ? filter : "",
                          filter ? "]" : "", probe.status);
        bh_free((char *)probe.status);
        return st;
    }
    bh_stmt *s = NULL;
    st = bh_stmt_prepare(db,
                         "INSERT INTO plan_item_layers(item_no, layer_name, filter, note, "
                         "fiscal_year) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (fiscal_year, "
                         "item_no, layer_name) DO UPDATE SET filter = excluded.filter, "
                         "note = excluded.note",
                         &s);
    if (st == BH_OK) {
        bh_stmt_bind_int64(s, 1, id);
        bh_stmt_bind_text(s, 2, layer);
        bh_stmt_bind_text(s, 3, filter);
        bh_stmt_bind_text(s, 4, note);
        bh_stmt_bind_text(s, 5, cy);
        if (bh_stmt_step(s) != BH_STEP_DONE)
            st = bh_ctx_status(ctx);
    }
    bh_stmt_finalize(s);
    return st;
}

bh_status bh_plan_link_remove(bh_db *db, const char *fy, int number, const char *layer)
{
    bh_ctx *ctx = bh_db_ctx(db);
    char cy[8];
    int id = 0;
    bh_status st = link_target(db, fy, number, cy, &id);
    bh_stmt *s = NULL;
    if (st == BH_OK)
        st = bh_stmt_prepare(db,
                             "DELETE FROM plan_item_layers WHERE fiscal_year = ? AND item_no = ? "
                             "AND layer_name = ? RETURNING item_no",
                             &s);
    int rc = BH_STEP_DONE, gone = 0;
    if (st == BH_OK) {
        bh_stmt_bind_text(s, 1, cy);
        bh_stmt_bind_int64(s, 2, id);
        bh_stmt_bind_text(s, 3, layer);
        while ((rc = bh_stmt_step(s)) == BH_STEP_ROW)
            gone++;
        if (rc != BH_STEP_DONE)
            st = bh_ctx_status(ctx);
    }
    bh_stmt_finalize(s);
    if (st == BH_OK && gone == 0)
        st = bh_error(ctx, BH_E_NOT_FOUND, "plan link: No. %d of cycle %s has no link to '%s'",
                      number, cy, layer);
    return st;
}

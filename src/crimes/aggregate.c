/* The crime aggregate: crime_agg holds, per (state, place, 手口, month), how many crime rows
 * there are (and how many are sample rows). It changes only with the rows, in their transaction:
 * the importer adds a file's rows in one INSERT … SELECT over the new row ids, a removal
 * subtracts the file's groups, and rows written through the crimes view update it by trigger
 * (aggregate.sql). Readers count from it (summary.c); bh_crimes_check compares it with a fresh
 * GROUP BY over the rows. */
#include "core/alloc.h"
#include "crimes/aggregate.h"
#include "crimes/areamap.h"

#include <stdio.h>
#include <stdlib.h>
#include "bohan/crimes.h"
#include "core/i18n.h"
#include "core/strbuf.h"

static const char upsert_tail[] =
    " ON CONFLICT (state, place, crime_type, ym) DO UPDATE SET n = crime_agg.n + excluded.n, "
    "n_sample = crime_agg.n_sample + excluded.n_sample";

/* Adds sign × the groups of source (BH_CRIME_AGG_OF_ROWS or _OF_GROUPS, its %s = where, a WHERE
 * clause) to crime_agg, then drops emptied groups. */
static bh_status merge_from(bh_db *db, int sign, const char *source, const char *where)
{
    char *from = sqlite3_mprintf(source, where);
    /* WHERE true: an upsert's SELECT needs a WHERE to parse ON CONFLICT unambiguously. */
    char *sql = from ? sqlite3_mprintf("INSERT INTO crime_agg (state, place, crime_type, ym, n, "
                                       "n_sample) SELECT state, place, crime_type, ym, %d * n, "
                                       "%d * n_sample FROM (%s) g WHERE true%s; "
                                       "DELETE FROM crime_agg WHERE n <= 0",
                                       sign, sign, from, upsert_tail)
                     : NULL;
    sqlite3_free(from);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_status rc = bh_db_exec(db, sql);
    sqlite3_free(sql);
    return rc;
}

bh_status bh_crime_agg_add_rows(bh_db *db, long long after_id)
{
    char where[64];
    snprintf(where, sizeof where, "WHERE r.id > %lld", after_id);
    return merge_from(db, 1, BH_CRIME_AGG_OF_ROWS, where);
}

bh_status bh_crime_agg_add_file_groups(bh_db *db)
{
    return merge_from(db, 1, BH_CRIME_AGG_OF_GROUPS, "");
}

bh_status bh_crime_agg_overlap(bh_db *db, long long after_id, long long before_id,
                               long long *overlap, long long *placed)
{
    /* min(NULL, n) is NULL for a group not yet present, and sum() skips it */
    char *sql =
        sqlite3_mprintf("SELECT COALESCE(sum(CASE WHEN a.n < f.n THEN a.n ELSE f.n END + 0 * a.n), "
                        "0), COALESCE(sum(f.n), 0) FROM "
                        "(" BH_CRIME_AGG_OF_GROUPS ") f LEFT JOIN crime_agg a "
                        "USING (state, place, crime_type, ym)",
                        "WHERE state IN ('chome', 'oaza')");
    bh_stmt *st;
    bh_status rc =
        sql ? bh_stmt_prepare(db, sql, &st) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_free(sql);
    if (rc != BH_OK)
        return rc;
    *overlap = *placed = 0;
    if (bh_stmt_step(st) == BH_STEP_ROW) {
        *overlap = bh_stmt_column_int64(st, 0);
        *placed = bh_stmt_column_int64(st, 1);
    }
    bh_stmt_finalize(st);
    if (*overlap * 2 < *placed)
        return BH_OK;
    /* The groups overlap: confirm row by row (same profile — 手口, 罪名, 交番, 属性 … —, place,
     * date and hour as an earlier row). Only then, as it costs a pass over the earlier rows. */
    sql = sqlite3_mprintf("SELECT count(*) FROM crime_rows r JOIN crime_profiles p ON p.id = "
                          "r.profile_id WHERE r.id > %lld AND p.state IN ('chome', 'oaza') AND "
                          "EXISTS (SELECT 1 FROM crime_rows o WHERE o.id <= %lld AND "
                          "o.profile_id = r.profile_id AND o.place_id = r.place_id AND "
                          "o.occurred_on IS NOT DISTINCT FROM r.occurred_on AND "
                          "o.hour IS NOT DISTINCT FROM r.hour)",
                          after_id, before_id);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    *overlap = bh_db_scalar_int(db, sql, 0);
    sqlite3_free(sql);
    return BH_OK;
}

bh_status bh_crime_agg_remove_file(bh_db *db, long long file_id)
{
    char where[64];
    snprintf(where, sizeof where, "WHERE r.file_id = %lld", file_id);
    return merge_from(db, -1, BH_CRIME_AGG_OF_ROWS, where);
}

bh_status bh_crime_agg_rebuild(bh_db *db)
{
    bh_status rc = bh_db_exec(db, "DELETE FROM crime_agg");
    return rc == BH_OK ? bh_crime_agg_add_rows(db, 0) : rc;
}

const char *bh_crime_agg_source(bh_db *db)
{
    static char rows[1024];
    if (bh_db_has_table(db, "crime_agg"))
        return "crime_agg";
    if (rows[0] == '\0') /* the same text every time: a benign race at worst */
        snprintf(rows, sizeof rows, "(" BH_CRIME_AGG_OF_ROWS ")", "");
    return rows;
}

/* Groups where the stored aggregate and the rows differ: (state, place, type, ym, stored, rows). */
static const char diff_sql[] =
    "WITH fresh AS (" BH_CRIME_AGG_OF_ROWS "), "
    "keys AS (SELECT state, place, crime_type, ym FROM fresh UNION "
    "SELECT state, place, crime_type, ym FROM crime_agg) "
    "SELECT k.state, k.place, k.crime_type, k.ym, COALESCE(a.n, 0), COALESCE(f.n, 0), "
    "COALESCE(a.n_sample, 0), COALESCE(f.n_sample, 0) FROM keys k "
    "LEFT JOIN crime_agg a USING (state, place, crime_type, ym) "
    "LEFT JOIN fresh f USING (state, place, crime_type, ym) "
    "WHERE COALESCE(a.n, 0) != COALESCE(f.n, 0) OR COALESCE(a.n_sample, 0) != "
    "COALESCE(f.n_sample, 0) ORDER BY 1, 2, 3, 4";

bh_status bh_crimes_check(bh_db *db, long *n_diff, char **text)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *n_diff = 0;
    *text = NULL;
    if (!bh_db_has_table(db, "crime_agg"))
        return bh_error(ctx, BH_E_NOT_FOUND,
                        "%s: no crime_agg table (database made before the aggregate; re-create "
                        "it with 'bohan init --force' and import again)",
                        bh_db_path(db));
    char *sql = sqlite3_mprintf(diff_sql, "");
    bh_stmt *st = NULL;
    bh_status rc = sql ? bh_stmt_prepare(db, sql, &st) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    sqlite3_free(sql);
    if (rc != BH_OK)
        return rc;
    bh_strbuf out;
    bh_strbuf_init(&out);
    int r;
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW) {
        (*n_diff)++;
        bh_strbuf_printf(&out,
                         bh_tr("differs: state %s, place '%s', type '%s', month %d: "
                               "aggregate %lld (sample %lld), rows %lld (sample %lld)\n"),
                         bh_stmt_column_text(st, 0), bh_stmt_column_text(st, 1),
                         bh_stmt_column_text(st, 2), (int)bh_stmt_column_int64(st, 3),
                         bh_stmt_column_int64(st, 4), bh_stmt_column_int64(st, 6),
                         bh_stmt_column_int64(st, 5), bh_stmt_column_int64(st, 7));
    }
    bh_stmt_finalize(st);
    if (r != BH_STEP_DONE) {
        bh_strbuf_free(&out);
        return bh_ctx_status(ctx);
    }
    if (*n_diff == 0)
        bh_strbuf_printf(&out, bh_tr("crime_agg matches the rows: %lld groups, %lld rows\n"),
                         bh_db_scalar_int(db, "SELECT COUNT(*) FROM crime_agg", 0),
                         bh_db_scalar_int(db, "SELECT COALESCE(SUM(n), 0) FROM crime_agg", 0));
    /* the 町丁目 → area table the areal summaries join with, against a fresh computation */
    bh_status rc2 = bh_area_map_check(db, n_diff, &out);
    if (rc2 != BH_OK) {
        bh_strbuf_free(&out);
        return rc2;
    }
    *text = bh_strbuf_take(&out);
    return *text ? BH_OK : bh_error(ctx, BH_E_NOMEM, "out of memory");
}

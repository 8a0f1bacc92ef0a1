/* bh_crimes_unplaced: every crime row and count-table row that is not placed on exactly one
 * 町丁目, with what it is (kind) and why (reason), so the officer sees what a map by 町丁目 cannot
 * show on one block. Read-only; the rows are the source (not the aggregate). */
#include "bohan/crimes.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/i18n.h"
#include "core/strbuf.h"
#include "db/db.h"

/* kind, source, file, line, crime_type, area as written, placed on, reason, count. A row on a
 * group of blocks (crimes/places.h) is state 'chome' with a '+' in its place key. */
static const char unplaced_sql[] =
    "SELECT CASE c.state WHEN 'chome' THEN 'group' ELSE c.state END, 'rows', f.path, c.line, "
    "c.crime_type, c.chome_raw, CASE c.state WHEN 'chome' THEN c.key_code WHEN 'oaza' THEN "
    "c.oaza WHEN 'outside' THEN trim(COALESCE(c.prefecture, '') || COALESCE(c.city_name, '') || "
    "' ' || COALESCE(c.city_code, '')) ELSE '' END, CASE c.state WHEN 'chome' THEN "
    "'shared_name' WHEN 'oaza' THEN 'oaza_only' WHEN 'outside' THEN 'outside_city' ELSE "
    "c.reason END, 1 FROM crimes c JOIN crime_files f ON f.id = c.file_id "
    "WHERE c.state <> 'chome' OR %s > 0 "
    "UNION ALL "
    "SELECT CASE c.state WHEN 'chome' THEN 'group' ELSE c.state END, 'counts', f.path, c.line, "
    "c.crime_type, c.area_name, CASE c.state WHEN 'chome' THEN c.key_code WHEN 'oaza' THEN "
    "c.oaza WHEN 'koban' THEN c.koban WHEN 'city' THEN '（市全体・地区不明）' ELSE '' END, "
    "CASE c.state WHEN 'chome' THEN 'shared_name' WHEN 'oaza' THEN 'oaza_only' WHEN 'koban' "
    "THEN 'koban_only' WHEN 'city' THEN 'city_wide' ELSE c.reason END, c.count "
    "FROM crime_counts c JOIN crime_files f ON f.id = c.file_id "
    "WHERE c.state <> 'chome' OR %s > 0 "
    "ORDER BY 2 DESC, 3, 4";

enum { N_COLS = 9 };
static const char *const cols[N_COLS] = {"kind", "source",    "file",   "line", "crime_type",
                                         "area", "placed_on", "reason", "count"};

static void put_row(bh_strbuf *sb, int format, const char *const *v, long n)
{
    if (format == BH_CRIMES_CSV) {
        for (int i = 0; i < N_COLS; i++) {
            if (i)
                bh_strbuf_append(sb, ",");
            bh_strbuf_csv(sb, v[i]);
        }
        bh_strbuf_append(sb, "\r\n");
    } else if (format == BH_CRIMES_JSON) {
        bh_strbuf_append(sb, n ? ",\n  {" : "\n  {");
        for (int i = 0; i < N_COLS; i++) {
            bh_strbuf_printf(sb, "%s\"%s\": ", i ? ", " : "", cols[i]);
            if ((i == 3 || i == 8) && v[i][0])
                bh_strbuf_append(sb, v[i]);
            else
                bh_strbuf_json(sb, v[i]);
        }
        bh_strbuf_append(sb, "}");
    } else {
        bh_strbuf_printf(sb, "%-8s %s:%s: %s (%s) %s", v[0], v[2], v[3], v[7], v[4], v[5]);
        if (v[6][0])
            bh_strbuf_printf(sb, " → %s", v[6]);
        if (strcmp(v[1], "counts") == 0)
            bh_strbuf_printf(sb, " [%s件]", v[8]);
        bh_strbuf_append(sb, "\n");
    }
}

bh_status bh_crimes_unplaced(bh_db *db, int format, char **out)
{
    *out = NULL;
    bh_ctx *ctx = bh_db_ctx(db);
    if (!bh_db_has_table(db, "crime_counts"))
        return bh_error(ctx, BH_E_NOT_FOUND, "%s: no crime tables: run 'bohan init' first",
                        bh_db_path(db));
    char group[64]; /* a place key with a '+': a group of blocks */
    snprintf(group, sizeof group, bh_db_sql(db)->strpos, "c.key_code", "'+'");
    bh_stmt *st = NULL;
    bh_status rc = bh_stmt_preparef(db, &st, unplaced_sql, group, group);
    if (rc != BH_OK)
        return rc;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (format == BH_CRIMES_CSV)
        bh_strbuf_printf(&sb, "%s\r\n",
                         bh_tr("kind,source,file,line,crime_type,area,placed_on,reason,count"));
    else if (format == BH_CRIMES_JSON)
        bh_strbuf_append(&sb, "[");
    long n = 0;
    int s;
    while ((s = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *v[N_COLS];
        char num[N_COLS][32];
        for (int i = 0; i < N_COLS; i++) { /* column_text of a number lasts until the next */
            const char *t = bh_stmt_column_text(st, i);
            v[i] = t ? (bh_stmt_column_type(st, i) == BH_VAL_TEXT ? t : strcpy(num[i], t)) : "";
        }
        put_row(&sb, format, v, n++);
    }
    if (s != BH_STEP_DONE)
        rc = bh_ctx_status(ctx);
    bh_stmt_finalize(st);
    if (format == BH_CRIMES_JSON)
        bh_strbuf_append(&sb, n ? "\n]\n" : "]\n");
    else if (format == BH_CRIMES_TEXT)
        bh_strbuf_printf(&sb, bh_tr("%ld rows not placed on exactly one 町丁目\n"), n);
    if (rc == BH_OK && (*out = bh_strbuf_take(&sb)) == NULL)
        rc = bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_strbuf_free(&sb);
    return rc;
}

#include "db/fieldmap.h"
#include "core/alloc.h"

#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"

#define FM_MERGED "bh_import_merged"

static int fm_index(const char *const *names, size_t n, const char *want)
{
    for (size_t i = 0; want && i < n; i++)
        if (strcmp(names[i], want) == 0)
            return (int)i;
    return -1;
}

int bh_fieldmap_find(const bh_layer_field *f, const char *const *names, size_t n, const char **attr)
{
    *attr = NULL;
    int i = fm_index(names, n, f->from);
    for (size_t k = 0; i < 0 && k < f->naliases; k++)
        if ((i = fm_index(names, n, f->aliases[k])) >= 0)
            *attr = f->aliases[k];
    if (i >= 0 && *attr == NULL)
        *attr = f->from;
    return i;
}

const char *bh_fieldmap_city_attr(const bh_layer_def *def, const char *const *names, size_t n)
{
    const char *a;
    for (size_t k = 0; (a = bh_layer_def_import_item(def, "city_code_from", k)) != NULL; k++)
        if (fm_index(names, n, a) >= 0)
            return a;
    return NULL;
}

bh_status bh_fieldmap_keep_city(bh_db *db, const char *stage, const char *col, const char *attr,
                                const char *path, const char *code, long long *kept,
                                long long *dropped)
{
    *kept = *dropped = 0;
    bh_ctx *ctx = bh_db_ctx(db);
    if (code == NULL || strlen(code) != 5)
        return BH_OK;
        /* a municipality code is 5 digits, 6 with its check digit; numbers read as text keep them
         */
#define FM_CITY_OF "substr(trim(coalesce(\"%w\", '')), 1, 5)"
    char *sql =
        sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE " FM_CITY_OF " = %Q", stage, col, code);
    *kept = sql ? bh_db_scalar_int(db, sql, -1) : -1;
    sqlite3_free(sql);
    if (*kept < 0)
        return bh_ctx_status(ctx) ? bh_ctx_status(ctx) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (*kept == 0)
        return bh_error(ctx, BH_E_EMPTY, "%s: field '%s': no feature of city %s in the file", path,
                        attr, code);
    bh_status st =
        bh_db_execq(db, "DELETE FROM \"%w\" WHERE " FM_CITY_OF " <> %Q", stage, col, code);
    if (st == BH_OK)
        *dropped = sqlite3_changes(bh_db_sqlite(db));
    return st;
}

/* The first piece (by order in the file) with an invalid geometry: an error before any union. */
static bh_status fm_check_pieces(bh_db *db, const char *stage, const char *path)
{
    char *sql = sqlite3_mprintf("SELECT fid, ST_IsValidReason(geom) FROM \"%w\" WHERE geom IS NOT "
                                "NULL AND ST_IsValid(geom) <> 1 ORDER BY ord LIMIT 1",
                                stage);
    sqlite3_stmt *q = NULL;
    bh_status st =
        sql ? bh_db_prepare(db, sql, &q) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_free(sql);
    if (st == BH_OK && sqlite3_step(q) == SQLITE_ROW)
        st = bh_error(bh_db_ctx(db), BH_E_GEOMETRY, "%s: feature %lld: geometry: invalid (%s)",
                      path, (long long)sqlite3_column_int64(q, 0),
                      sqlite3_column_text(q, 1) ? (const char *)sqlite3_column_text(q, 1) : "?");
    sqlite3_finalize(q);
    return st;
}

/* The SELECT list of the merge: key, first piece's text, sums of numbers, the union. */
static void fm_merge_select(bh_strbuf *sb, const bh_layer_def *def, const char *stage,
                            const char *key, const bh_import_column *cols, size_t ncols)
{
    bh_strbuf_append(sb, "SELECT min(s.ord) AS ord, min(s.fid) AS fid");
    for (size_t i = 0; i < ncols; i++) {
        const char *c = cols[i].column;
        if (strcmp(c, key) == 0)
            bh_strbuf_printf(sb, ", s.\"%s\" AS \"%s\"", c, c);
        else if (strcmp(cols[i].type, "TEXT") == 0)
            bh_strbuf_printf(sb,
                             ", (SELECT p.\"%s\" FROM \"%s\" p WHERE p.\"%s\" = s.\"%s\" ORDER BY "
                             "p.ord LIMIT 1) AS \"%s\"",
                             c, stage, key, key, c);
        else
            bh_strbuf_printf(sb, ", sum(s.\"%s\") AS \"%s\"", c, c);
    }
    bh_strbuf_printf(sb,
                     ", min(s.gtype) AS gtype, %s(ST_Union(s.geom)) AS geom FROM \"%s\" s WHERE "
                     "s.\"%s\" IS NOT NULL GROUP BY s.\"%s\" UNION ALL SELECT ord, fid",
                     bh_layer_def_cast(def), stage, key, key);
    for (size_t i = 0; i < ncols; i++)
        bh_strbuf_printf(sb, ", \"%s\"", cols[i].column);
    bh_strbuf_printf(sb, ", gtype, geom FROM \"%s\" WHERE \"%s\" IS NULL", stage, key);
}

bh_status bh_fieldmap_merge(bh_db *db, const bh_layer_def *def, const char *stage,
                            const bh_import_column *cols, size_t ncols, const char *path,
                            long long *merged)
{
    long long tmp;
    if (merged == NULL)
        merged = &tmp;
    *merged = 0;
    const char *key = bh_layer_def_import_str(def, "merge_by");
    if (key == NULL || bh_layer_def_cast(def) == NULL)
        return BH_OK;
    bh_status st = fm_check_pieces(db, stage, path);
    char *cq = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", stage);
    long long before = cq ? bh_db_scalar_int(db, cq, -1) : -1;
    sqlite3_free(cq);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, "DROP TABLE IF EXISTS temp." FM_MERGED "; CREATE TEMP TABLE " FM_MERGED
                          " AS ");
    fm_merge_select(&sb, def, stage, key, cols, ncols);
    bh_strbuf_printf(&sb,
                     "; DROP TABLE temp.\"%s\"; ALTER TABLE temp." FM_MERGED " RENAME TO \"%s\"",
                     stage, stage);
    if (st == BH_OK && (sb.failed || before < 0))
        st = sb.failed ? bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory")
                       : bh_ctx_status(bh_db_ctx(db));
    if (st == BH_OK)
        st = bh_db_exec(db, sb.data);
    bh_strbuf_free(&sb);
    if (st == BH_OK) {
        char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", stage);
        *merged = before - (q ? bh_db_scalar_int(db, q, before) : before);
        sqlite3_free(q);
    }
    return st;
}

bh_status bh_fieldmap_weigh(bh_db *db, const char *table, const bh_layer_field *f)
{
    int integer = strcmp(f->type, "INTEGER") == 0;
    /* the share of each block inside the area, as the derive SQL of school_districts weighs */
    return bh_db_execq(db,
                       "UPDATE \"%w\" SET \"%w\" = (SELECT %s TOTAL(t.\"%w\" * "
                       "ST_Area(ST_Intersection(\"%w\".geom, t.geom)) / ST_Area(t.geom)) %s FROM "
                       "\"%w\" t WHERE MbrIntersects(\"%w\".geom, t.geom) AND t.geom IS NOT NULL) "
                       "WHERE geom IS NOT NULL",
                       table, f->name, integer ? "CAST(ROUND(" : "", f->area_weighted_column, table,
                       integer ? ") AS INTEGER)" : "", f->area_weighted_table, table);
}

static char *fm_meta_key(const bh_layer_def *def)
{
    return bh_asprintf("area_weighted:%s", bh_layer_def_name(def));
}

bh_status bh_fieldmap_note(bh_db *db, const bh_layer_def *def, const char *const *source_names,
                           size_t n)
{
    int weighs = 0;
    for (size_t i = 0; i < bh_layer_def_nfields(def); i++)
        weighs |= bh_layer_def_field(def, i)->area_weighted_table != NULL;
    if (!weighs)
        return BH_OK;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (size_t i = 0; source_names && i < bh_layer_def_nfields(def); i++) {
        const bh_layer_field *f = bh_layer_def_field(def, i);
        const char *attr;
        if (f->area_weighted_table && bh_fieldmap_find(f, source_names, n, &attr) < 0)
            bh_strbuf_printf(&sb, "%s%s", sb.len ? "," : "", f->name);
    }
    char *key = fm_meta_key(def);
    bh_status st = key && !sb.failed ? bh_db_meta_set(db, key, sb.data ? sb.data : "")
                                     : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_free(key);
    bh_strbuf_free(&sb);
    return st;
}

bh_status bh_fieldmap_reweigh(bh_db *db, const bh_layer_def *def, const char *changed, int *done)
{
    if (done)
        *done = 0;
    char *key = fm_meta_key(def);
    char *cols = key ? bh_db_meta_get(db, key) : NULL;
    bh_free(key);
    bh_status st = BH_OK;
    for (size_t i = 0; cols && *cols && i < bh_layer_def_nfields(def) && st == BH_OK; i++) {
        const bh_layer_field *f = bh_layer_def_field(def, i);
        char *want = bh_asprintf(",%s,", f->name), *list = bh_asprintf(",%s,", cols);
        int listed = want && list && strstr(list, want) != NULL;
        bh_free(want);
        bh_free(list);
        if (!listed || f->area_weighted_table == NULL ||
            strcmp(f->area_weighted_table, changed) != 0)
            continue;
        st = bh_fieldmap_weigh(db, bh_layer_def_table(def), f);
        if (st == BH_OK && done)
            *done = 1;
    }
    bh_free(cols);
    return st;
}

/* Checks of the staged features of an import (db/import.c) before they are written: counts
 * never negative, geometries of the layer's type and valid, unique columns unique. Each failure
 * is one error naming the file, the feature and the field. */
#include "db/import_check.h"
#include "core/alloc.h"

#include <string.h>
#include "core/strbuf.h"

/* First staged feature for which sql (selecting fid and one text) returns a row. */
static int check_first(bh_db *db, const char *sql, long long *fid, char **text)
{
    sqlite3_stmt *q;
    *fid = -1;
    *text = NULL;
    if (bh_db_prepare(db, sql, &q) != BH_OK)
        return -1;
    int hit = sqlite3_step(q) == SQLITE_ROW;
    if (hit) {
        *fid = sqlite3_column_int64(q, 0);
        const unsigned char *t = sqlite3_column_text(q, 1);
        *text = bh_strdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(q);
    return hit;
}

/* Counts of people and households are never negative (a sign of a broken export, or of a
 * special value like -1 for "secret" that must not be summed). */
bh_status bh_import_check_counts(bh_db *db, const char *path, const bh_import_column *cols,
                                 size_t ncols)
{
    static const char *const counted[] = {"population", "households"};
    bh_status st = BH_OK;
    for (size_t i = 0; i < ncols && st == BH_OK; i++) {
        int is_count = 0;
        for (size_t k = 0; k < sizeof counted / sizeof *counted; k++)
            is_count |= strcmp(cols[i].column, counted[k]) == 0;
        if (!is_count || cols[i].value != NULL)
            continue;
        char *sql = sqlite3_mprintf("SELECT fid, \"%w\" FROM " BH_IMPORT_STAGE " WHERE \"%w\" < 0 "
                                    "ORDER BY ord LIMIT 1",
                                    cols[i].column, cols[i].column);
        long long fid;
        char *text = NULL;
        int hit = sql ? check_first(db, sql, &fid, &text) : -1;
        if (hit > 0)
            st = bh_error(bh_db_ctx(db), BH_E_FORMAT,
                          "%s: feature %lld: field '%s': %s is negative (a count of %s)", path, fid,
                          cols[i].from, text, cols[i].column);
        else if (hit < 0)
            st = bh_ctx_status(bh_db_ctx(db)) ? bh_ctx_status(bh_db_ctx(db)) : BH_E_NOMEM;
        bh_free(text);
        sqlite3_free(sql);
    }
    return st;
}

bh_status bh_import_check_rows(bh_db *db, const bh_layer_def *def, const char *path,
                               const bh_import_column *cols, size_t ncols, int estat)
{
    long long fid;
    char *text = NULL;
    bh_status st = BH_OK;
    if (bh_layer_def_cast(def)) {
        char *sql =
            bh_asprintf("SELECT fid, gtype FROM " BH_IMPORT_STAGE " WHERE gtype IS NOT NULL "
                        "AND geom IS NULL ORDER BY ord LIMIT 1");
        int hit = sql ? check_first(db, sql, &fid, &text) : -1;
        if (hit > 0)
            st = bh_error(bh_db_ctx(db), BH_E_GEOMETRY,
                          "%s: feature %lld: geometry: a %s does not fit "
                          "layer '%s' (%s)",
                          path, fid, text, bh_layer_def_name(def), bh_layer_def_geometry(def));
        bh_free(sql);
        bh_free(text);
        text = NULL;
        if (st == BH_OK) {
            hit = check_first(db,
                              "SELECT fid, ST_IsValidReason(geom) FROM " BH_IMPORT_STAGE
                              " WHERE geom IS NOT NULL AND ST_IsValid(geom) <> 1 ORDER BY ord "
                              "LIMIT 1",
                              &fid, &text);
            if (hit > 0)
                st = bh_error(bh_db_ctx(db), BH_E_GEOMETRY,
                              "%s: feature %lld: geometry: invalid (%s)", path, fid, text);
            bh_free(text);
            text = NULL;
        }
        if (st == BH_OK && hit < 0)
            st = bh_ctx_status(bh_db_ctx(db)) ? bh_ctx_status(bh_db_ctx(db)) : BH_E_DB;
    }
    /* Unique columns: within the source (e-Stat pieces share KEY_CODE and are merged) and
     * against rows already in the layer (--append). */
    const char *table = bh_layer_def_table(def);
    for (size_t i = 0; i < bh_layer_def_nfields(def) && st == BH_OK; i++) {
        const bh_layer_field *lf = bh_layer_def_field(def, i);
        if (!lf->unique)
            continue;
        const char *from = lf->from ? lf->from : lf->name;
        int staged = 0;
        for (size_t k = 0; k < ncols && !staged; k++)
            if (strcmp(cols[k].column, lf->name) == 0) {
                staged = 1;
                from = cols[k].from;
            }
        if (!staged)
            continue;
        /* e-Stat pieces share their KEY_CODE and are merged, so only the layer is checked. */
        if (bh_db_execf(db,
                        "CREATE INDEX IF NOT EXISTS temp.bh_import_stage_%d ON " BH_IMPORT_STAGE
                        " (\"%s\")",
                        (int)i, lf->name) != BH_OK)
            return bh_ctx_status(bh_db_ctx(db));
        char *sql = sqlite3_mprintf(
            "SELECT s.fid, s.\"%w\" FROM " BH_IMPORT_STAGE " s WHERE s.\"%w\" IS NOT NULL AND ("
            "(%d AND EXISTS (SELECT 1 FROM " BH_IMPORT_STAGE
            " p WHERE p.ord < s.ord AND p.\"%w\" = "
            "s.\"%w\")) OR EXISTS (SELECT 1 FROM \"%w\" t WHERE t.\"%w\" = s.\"%w\")) "
            "ORDER BY s.ord LIMIT 1",
            lf->name, lf->name, !estat, lf->name, lf->name, table, lf->name, lf->name);
        int hit = sql ? check_first(db, sql, &fid, &text) : -1;
        if (hit > 0)
            st = bh_error(bh_db_ctx(db), BH_E_DUPLICATE,
                          "%s: feature %lld: field '%s': '%s' is already "
                          "in layer '%s' (column '%s' is unique)",
                          path, fid, from, text, bh_layer_def_name(def), lf->name);
        else if (hit < 0)
            st = bh_ctx_status(bh_db_ctx(db)) ? bh_ctx_status(bh_db_ctx(db)) : BH_E_NOMEM;
        bh_free(text);
        text = NULL;
        sqlite3_free(sql);
    }
    return st;
}

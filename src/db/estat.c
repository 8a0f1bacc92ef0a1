#include "db/estat.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

static const bh_import_column estat_columns[] = {
    {"key_code", "TEXT", "KEY_CODE", NULL},   {"name", "TEXT", "MOJI", NULL},
    {"population", "INTEGER", "JINKO", NULL}, {"households", "INTEGER", "SETAI", NULL},
    {"kigo_e", "TEXT", "KIGO_E", NULL},       {"ken", "TEXT", "KEN", NULL},
    {"city", "TEXT", "CITY", NULL},
};

/* Attributes whose presence together marks an e-Stat 小地域 source. */
static const char *const estat_marks[] = {"KEY_CODE", "KIGO_E", "MOJI", "JINKO", "SETAI", "HCODE"};

int bh_estat_is_source(const char *const *names, size_t n)
{
    for (size_t m = 0; m < sizeof estat_marks / sizeof *estat_marks; m++) {
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(names[i], estat_marks[m]) == 0;
        if (!found)
            return 0;
    }
    return 1;
}

int bh_estat_fits(const bh_layer_def *def)
{
    return bh_layer_def_field_named(def, "key_code") && bh_layer_def_field_named(def, "name") &&
           bh_layer_def_field_named(def, "population") &&
           bh_layer_def_field_named(def, "households") &&
           strcmp(bh_layer_def_geometry(def), "MULTIPOLYGON") == 0;
}

const bh_import_column *bh_estat_columns(size_t *n)
{
    *n = sizeof estat_columns / sizeof *estat_columns;
    return estat_columns;
}

bh_status bh_estat_keep_city(bh_db *db, const char *stage, const char *path, const char *code,
                             long long *kept, long long *dropped)
{
    *kept = *dropped = 0;
    bh_ctx *ctx = bh_db_ctx(db);
    /* KEN (2 digits) + CITY (3 digits) is the municipality code without its check digit. */
    if (code == NULL || strlen(code) != 5)
        return BH_OK;
    char *sql = sqlite3_mprintf("SELECT count(*) FROM %s WHERE coalesce(ken, '') || "
                                "coalesce(city, '') = %Q",
                                stage, code);
    *kept = sql ? bh_db_scalar_int(db, sql, -1) : -1;
    sqlite3_free(sql);
    if (*kept < 0)
        return bh_ctx_status(ctx) ? bh_ctx_status(ctx) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (*kept == 0)
        return bh_error(ctx, BH_E_EMPTY,
                        "%s: field 'KEN'+'CITY': no feature of city %s (KEN %.2s, CITY %s) in the "
                        "file",
                        path, code, code, code + 2);
    bh_status st = bh_db_execf(db,
                               "DELETE FROM %s WHERE coalesce(ken, '') || coalesce(city, '') <> "
                               "'%s'",
                               stage, code);
    if (st == BH_OK)
        *dropped = sqlite3_changes(bh_db_sqlite(db));
    return st;
}

/* The polygonal part of GEOS MakeValid's result (lines and points left by collapsed rings are
 * not area), as the layer's MULTIPOLYGON. */
#define ESTAT_MADE_VALID "CastToMultiPolygon(ExtractMultiPolygon(ST_MakeValid(geom)))"

bh_status bh_estat_repair(bh_db *db, const char *stage, const char *path, int refuse,
                          long long *repaired)
{
    *repaired = 0;
    bh_ctx *ctx = bh_db_ctx(db);
    char *sql =
        sqlite3_mprintf("SELECT fid, ST_IsValidReason(geom), %d OR " ESTAT_MADE_VALID " IS NULL OR "
                        "ST_IsValid(" ESTAT_MADE_VALID ") <> 1 FROM %s WHERE geom IS NOT NULL AND "
                        "ST_IsValid(geom) <> 1 ORDER BY %d OR " ESTAT_MADE_VALID " IS NULL OR "
                        "ST_IsValid(" ESTAT_MADE_VALID ") <> 1 DESC, ord LIMIT 1",
                        refuse, stage, refuse);
    sqlite3_stmt *q = NULL;
    bh_status st = sql ? bh_db_prepare(db, sql, &q) : bh_error(ctx, BH_E_NOMEM, "out of memory");
    sqlite3_free(sql);
    if (st != BH_OK)
        return st;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_int(q, 2))
        st =
            bh_error(ctx, BH_E_GEOMETRY, "%s: feature %lld: geometry: invalid (%s)%s", path,
                     (long long)sqlite3_column_int64(q, 0),
                     sqlite3_column_text(q, 1) ? (const char *)sqlite3_column_text(q, 1) : "?",
                     refuse ? "; not repaired (--no-repair)" : "; GEOS MakeValid cannot repair it");
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = bh_db_fail(db, "checking geometries");
    sqlite3_finalize(q);
    if (st == BH_OK && rc == SQLITE_ROW)
        st = bh_db_execf(db,
                         "UPDATE %s SET geom = " ESTAT_MADE_VALID
                         " WHERE geom IS NOT NULL AND ST_IsValid(geom) <> 1",
                         stage);
    if (st == BH_OK && rc == SQLITE_ROW)
        *repaired = sqlite3_changes(bh_db_sqlite(db));
    return st;
}

/* Fills stage.oaza from stage.name by the one 大字 rule (SQL bh_oaza, db/sqlfn.h). */
static bh_status estat_stage_oaza(bh_db *db, const char *stage)
{
    bh_status st = bh_db_execf(db, "ALTER TABLE %s ADD COLUMN oaza TEXT", stage);
    if (st == BH_OK)
        st = bh_db_execf(db, "UPDATE %s SET oaza = bh_oaza(name)", stage);
    return st;
}

bh_status bh_estat_merge(bh_db *db, const bh_layer_def *def, const char *stage, int sample_value,
                         long long *stored)
{
    *stored = 0;
    bh_status st = estat_stage_oaza(db, stage);
    if (st != BH_OK)
        return st;
    int has_oaza = bh_layer_def_field_named(def, "oaza") != NULL;
    /* The E1 piece (the representative one) gives name and oaza; population and households are
     * summed over all pieces (the other pieces carry 0); the geometry is the union of the pieces.
     */
#define ESTAT_REP                                                                                  \
    "(SELECT p.%s FROM %s p WHERE p.key_code = s.key_code "                                        \
    "ORDER BY coalesce(p.kigo_e, ''), p.fid LIMIT 1)"
    bh_strbuf cols, vals;
    bh_strbuf_init(&cols);
    bh_strbuf_init(&vals);
    bh_strbuf_append(&cols, "key_code, name, population, households, geom");
    bh_strbuf_append(&vals, "s.key_code, ");
    bh_strbuf_printf(&vals, ESTAT_REP, "name", stage);
    bh_strbuf_append(&vals, ", sum(s.population), sum(s.households), "
                            "CastToMultiPolygon(ST_Union(s.geom))");
    if (has_oaza) {
        bh_strbuf_append(&cols, ", oaza");
        bh_strbuf_append(&vals, ", ");
        bh_strbuf_printf(&vals, ESTAT_REP, "oaza", stage);
    }
    if (sample_value >= 0) {
        bh_strbuf_append(&cols, ", sample");
        bh_strbuf_printf(&vals, ", %d", sample_value);
    }
    if (cols.failed || vals.failed)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    else
        st = bh_db_execf(db,
                         "INSERT INTO \"%s\" (%s) SELECT %s FROM %s s GROUP BY s.key_code "
                         "ORDER BY min(s.fid)",
                         bh_layer_def_table(def), cols.data, vals.data, stage);
    if (st == BH_OK)
        *stored = sqlite3_changes(bh_db_sqlite(db));
    bh_strbuf_free(&cols);
    bh_strbuf_free(&vals);
    return st;
}

#include "db/schema.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/schema_sql.h" /* generated: bh_schema_files[] */

/* The SRIDs that imports meet most (WGS 84, JGD2000, JGD2011 geographic). */
static const int schema_extra_srids[] = {4326, 4612, 6668};

static char *schema_subst(const char *sql, int srid)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    const char *p = sql, *q;
    while ((q = strstr(p, "@SRID@")) != NULL) {
        bh_strbuf_appendn(&sb, p, (size_t)(q - p));
        bh_strbuf_printf(&sb, "%d", srid);
        p = q + 6;
    }
    bh_strbuf_append(&sb, p);
    return bh_strbuf_take(&sb);
}

bh_status bh_schema_spatial_init(bh_db *db, int srid)
{
    bh_status st = bh_db_exec(db, "SELECT InitSpatialMetadata(0, 'NONE')");
    if (st != BH_OK)
        return st;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT InsertEpsgSrid(%d)", srid);
    st = bh_db_exec(db, sql);
    if (st != BH_OK)
        return st;
    snprintf(sql, sizeof sql, "SELECT 1 FROM spatial_ref_sys WHERE srid = %d", srid);
    if (bh_db_scalar_int(db, sql, 0) != 1)
        return bh_error(bh_db_ctx(db), BH_E_CRS, "EPSG:%d: unknown to SpatiaLite", srid);
    for (size_t i = 0; i < sizeof schema_extra_srids / sizeof *schema_extra_srids; i++) {
        if (schema_extra_srids[i] == srid)
            continue;
        snprintf(sql, sizeof sql, "SELECT InsertEpsgSrid(%d)", schema_extra_srids[i]);
        st = bh_db_exec(db, sql);
        if (st != BH_OK)
            return st;
    }
    return BH_OK;
}

bh_status bh_schema_create(bh_db *db, int srid)
{
    bh_status st = bh_schema_spatial_init(db, srid);
    if (st != BH_OK)
        return st;
    char sql[96];
    for (size_t i = 0; bh_schema_files[i].name != NULL; i++) {
        char *text = schema_subst(bh_schema_files[i].sql, srid);
        if (text == NULL)
            return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
        st = bh_db_exec(db, text);
        bh_free(text);
        if (st != BH_OK)
            return st;
    }
    snprintf(sql, sizeof sql, "%d", srid);
    st = bh_db_meta_set(db, "srid", sql);
    if (st == BH_OK)
        st = bh_db_meta_set(db, "schema_version", BH_SCHEMA_VERSION);
    return st;
}

/* The embedded schema file named path (e.g. "src/plan/years.sql"); NULL when absent. */
static const char *schema_file(const char *path)
{
    for (size_t i = 0; bh_schema_files[i].name != NULL; i++)
        if (strcmp(bh_schema_files[i].name, path) == 0)
            return bh_schema_files[i].sql;
    return NULL;
}

/* 2 → 3: plan_items.report_r5 / plan_r6 become plan_texts rows of cycle R5 (the only cycle a
 * schema-2 database can hold: the columns are named after its years). */
static const char migrate_2_3[] =
    "INSERT INTO plan_years(fiscal_year, year) "
    "  SELECT 'R5', 2023 WHERE EXISTS (SELECT 1 FROM plan_items);"
    "INSERT INTO plan_item_years(fiscal_year, item_no, number, category_id) "
    "  SELECT 'R5', no, no, category_id FROM plan_items;"
    "INSERT INTO plan_category_years(fiscal_year, category_id, declared_count) "
    "  SELECT 'R5', id, declared_count FROM plan_categories "
    "  WHERE EXISTS (SELECT 1 FROM plan_items);"
    "INSERT INTO plan_texts(item_no, fiscal_year, kind, text, source) "
    "  SELECT no, 'R5', 'report', report_r5, 'schema 2 plan_items.report_r5' FROM plan_items "
    "  WHERE report_r5 IS NOT NULL;"
    "INSERT INTO plan_texts(item_no, fiscal_year, kind, text, source) "
    "  SELECT no, 'R6', 'plan', plan_r6, 'schema 2 plan_items.plan_r6' FROM plan_items "
    "  WHERE plan_r6 IS NOT NULL;"
    "ALTER TABLE plan_items DROP COLUMN report_r5;"
    "ALTER TABLE plan_items DROP COLUMN plan_r6;"
    "ALTER TABLE plan_item_layers ADD COLUMN fiscal_year TEXT;";

/* 3 → 4: plan_item_layers gets one row per cycle (key fiscal_year, item_no, layer_name). A link
 * of every year (fiscal_year NULL) becomes a link of each cycle in plan_years (of R5 when there is
 * none); a link of one year keeps it. The table is as src/db/schema.sql creates it. */
static const char migrate_3_4[] =
    "CREATE TABLE plan_item_layers_4 ("
    "    item_no    INTEGER NOT NULL REFERENCES plan_items(no),"
    "    layer_name TEXT NOT NULL,"
    "    filter     TEXT,"
    "    note       TEXT,"
    "    fiscal_year TEXT NOT NULL,"
    "    PRIMARY KEY (fiscal_year, item_no, layer_name));"
    "INSERT INTO plan_item_layers_4(item_no, layer_name, filter, note, fiscal_year) "
    "SELECT item_no, layer_name, filter, note, fy FROM ("
    "  SELECT rowid r, item_no, layer_name, filter, note, fiscal_year fy FROM plan_item_layers "
    "  WHERE fiscal_year IS NOT NULL UNION ALL "
    "  SELECT l.rowid, l.item_no, l.layer_name, l.filter, l.note, c.fy FROM plan_item_layers l "
    "  JOIN (SELECT fiscal_year fy FROM plan_years UNION ALL SELECT 'R5' "
    "    WHERE NOT EXISTS (SELECT 1 FROM plan_years)) c WHERE l.fiscal_year IS NULL) "
    "ORDER BY (SELECT year FROM plan_years WHERE fiscal_year = fy), r;"
    "DROP TABLE plan_item_layers;"
    "ALTER TABLE plan_item_layers_4 RENAME TO plan_item_layers;";

/* The upgrade inside the caller's transaction. */
static bh_status schema_migrate_db(bh_db *db, int *from)
{
    char *v = bh_db_has_table(db, "meta") ? bh_db_meta_get(db, "schema_version") : NULL;
    *from = v != NULL ? atoi(v) : 0;
    bh_free(v);
    if (*from == atoi(BH_SCHEMA_VERSION))
        return BH_OK;
    if (*from != 2 && *from != 3)
        return bh_error(bh_db_ctx(db), BH_E_SCHEMA,
                        "%s: field 'schema_version': %d cannot be migrated (only 2 or 3 → %s; "
                        "rebuild it into a new file with 'bohan init --db NEW.sqlite')",
                        bh_db_path(db), *from, BH_SCHEMA_VERSION);
    const char *years = schema_file("src/plan/years.sql");
    if (years == NULL)
        return bh_error(bh_db_ctx(db), BH_E_INTERNAL, "schema: src/plan/years.sql not embedded");
    bh_status st = *from == 2 ? bh_db_exec(db, years) : BH_OK;
    if (st == BH_OK && *from == 2)
        st = bh_db_exec(db, migrate_2_3);
    if (st == BH_OK)
        st = bh_db_exec(db, migrate_3_4);
    if (st == BH_OK)
        st = bh_db_meta_set(db, "schema_version", BH_SCHEMA_VERSION);
    return st;
}

bh_status bh_schema_migrate(bh_ctx *ctx, const char *path, int *from)
{
    bh_db *db = NULL;
    *from = 0;
    bh_status st = bh_db_open(ctx, path, 0, &db);
    if (st == BH_OK)
        st = bh_db_begin(db);
    if (st == BH_OK)
        st = schema_migrate_db(db, from);
    if (st == BH_OK)
        st = bh_db_commit(db);
    bh_db_close(db); /* rolls back on failure */
    return st;
}

bh_status bh_schema_check(bh_db *db)
{
    bh_status st = bh_db_check_health(db, 0);
    if (st != BH_OK)
        return st;
    char *v = bh_db_has_table(db, "meta") ? bh_db_meta_get(db, "schema_version") : NULL;
    /* No bohan meta: a damaged bohan file must not be called "not a bohan database". */
    if (v == NULL && (st = bh_db_check_health(db, 1)) != BH_OK)
        return st;
    if (v == NULL)
        st = bh_error(bh_db_ctx(db), BH_E_SCHEMA,
                      "%s: not a bohan database (no bohan schema; 'bohan init --db NEW.sqlite' "
                      "creates one in a new file)",
                      bh_db_path(db));
    else if (strcmp(v, BH_SCHEMA_VERSION) != 0)
        st = bh_error(bh_db_ctx(db), BH_E_SCHEMA,
                      "%s: field 'schema_version': %s, this bohan needs %s (upgrade it in place "
                      "with 'bohan init --migrate', or build a new file with 'bohan init --db "
                      "NEW.sqlite'; this one is kept)",
                      bh_db_path(db), v, BH_SCHEMA_VERSION);
    bh_free(v);
    return st;
}

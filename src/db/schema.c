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

bh_status bh_schema_create(bh_db *db, int srid)
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

bh_status bh_schema_check(bh_db *db)
{
    char *v = bh_db_has_table(db, "meta") ? bh_db_meta_get(db, "schema_version") : NULL;
    bh_status st = BH_OK;
    if (v == NULL)
        st = bh_error(bh_db_ctx(db), BH_E_SCHEMA,
                      "%s: not a bohan database (run 'bohan init' first)", bh_db_path(db));
    else if (strcmp(v, BH_SCHEMA_VERSION) != 0)
        st = bh_error(bh_db_ctx(db), BH_E_SCHEMA,
                      "%s: field 'schema_version': %s, this bohan needs %s (rebuild it with "
                      "'bohan init --force')",
                      bh_db_path(db), v, BH_SCHEMA_VERSION);
    bh_free(v);
    return st;
}

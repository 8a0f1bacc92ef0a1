/* The schema side of bohan db copy (db/copy.h): tables made on the destination, the SQLite record
 * kept on PostgreSQL, indexes, views and triggers after the rows. */
#include "db/copy.h"
#include "core/alloc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "core/strbuf.h"
#include "db/backend.h"

void bh_copy_schema_free(bh_copy_schema *s)
{
    for (size_t i = 0; s && i < s->n; i++) {
        bh_free(s->obj[i].type);
        bh_free(s->obj[i].name);
        bh_free(s->obj[i].tbl);
        bh_free(s->obj[i].sql);
    }
    if (s) {
        bh_free(s->obj);
        memset(s, 0, sizeof *s);
    }
}

/* SpatiaLite's own views and triggers (its geometry triggers are named g??_ and tm?_). */
static int copy_spatialite_object(const char *type, const char *name)
{
    static const char *const views[] = {
        "geom_cols_ref_sys",  "spatial_ref_sys_all",       "vector_layers",
        "vector_layers_auth", "vector_layers_field_infos", "vector_layers_statistics"};
    if (strcmp(type, "view") == 0) {
        for (size_t i = 0; i < sizeof views / sizeof *views; i++)
            if (strcasecmp(name, views[i]) == 0)
                return 1;
        return 0;
    }
    if (strcmp(type, "trigger") == 0)
        return strlen(name) > 4 && name[3] == '_' &&
               ((name[0] == 'g' && (name[1] == 'g' || name[1] == 'i')) ||
                (name[0] == 't' && name[1] == 'm'));
    return strcmp(type, "index") == 0 && strncmp(name, "idx_", 4) == 0;
}

static int copy_in(char **names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return 1;
    return 0;
}

/* 1 if name is a view kept among the first k objects. */
static int copy_kept_view(const bh_copy_schema *s, size_t k, const char *name)
{
    for (size_t i = 0; i < k; i++)
        if (strcmp(s->obj[i].type, "view") == 0 && strcmp(s->obj[i].name, name) == 0)
            return 1;
    return 0;
}

/* Keeps the objects of the user tables and the user views (views come before their triggers in
 * sqlite_master order). */
static bh_status copy_schema_filter(bh_db *src, bh_copy_schema *s)
{
    char **tables = NULL;
    size_t nt = 0, k = 0;
    bh_status rc = bh_db_list_tables(src, &tables, &nt);
    for (size_t i = 0; rc == BH_OK && i < s->n; i++) {
        bh_copy_obj *o = &s->obj[i];
        int keep = !copy_spatialite_object(o->type, o->name) &&
                   (strcmp(o->type, "view") == 0 || copy_in(tables, nt, o->tbl) ||
                    (strcmp(o->type, "trigger") == 0 && copy_kept_view(s, k, o->tbl)));
        if (keep) {
            s->obj[k++] = *o;
        } else {
            bh_free(o->type);
            bh_free(o->name);
            bh_free(o->tbl);
            bh_free(o->sql);
        }
    }
    if (rc == BH_OK)
        s->n = k;
    bh_db_names_free(tables, nt);
    return rc;
}

bh_status bh_copy_schema_read(bh_db *src, bh_copy_schema *out)
{
    memset(out, 0, sizeof *out);
    int sq = bh_db_kind_of(src) == BH_DB_SQLITE;
    if (!sq && !bh_db_has_table(src, "bh_sqlite_schema"))
        return BH_OK;
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(
        src,
        sq ? "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type "
             "IN ('table', 'index', 'view', 'trigger') ORDER BY rowid"
           : "SELECT type, name, tbl_name, sql FROM bh_sqlite_schema ORDER BY seq",
        &st);
    size_t cap = 0;
    while (rc == BH_OK && bh_stmt_step(st) == BH_STEP_ROW) {
        if (out->n == cap) {
            cap = cap ? 2 * cap : 64;
            bh_copy_obj *g = bh_realloc(out->obj, cap * sizeof *g);
            if (!g) {
                rc = bh_error(bh_db_ctx(src), BH_E_NOMEM, "out of memory");
                break;
            }
            out->obj = g;
        }
        bh_copy_obj *o = &out->obj[out->n++];
        o->type = bh_strdup(bh_stmt_column_text(st, 0));
        o->name = bh_strdup(bh_stmt_column_text(st, 1));
        o->tbl = bh_strdup(bh_stmt_column_text(st, 2));
        o->sql = bh_strdup(bh_stmt_column_text(st, 3));
        if (!o->type || !o->name || !o->tbl || !o->sql)
            rc = bh_error(bh_db_ctx(src), BH_E_NOMEM, "out of memory");
    }
    if (rc == BH_OK)
        rc = bh_ctx_status(bh_db_ctx(src));
    bh_stmt_finalize(st);
    if (rc == BH_OK && sq)
        rc = copy_schema_filter(src, out);
    if (rc != BH_OK)
        bh_copy_schema_free(out);
    return rc;
}

const char *bh_copy_schema_table_sql(const bh_copy_schema *rec, const char *table)
{
    for (size_t i = 0; i < rec->n; i++)
        if (strcmp(rec->obj[i].type, "table") == 0 && strcmp(rec->obj[i].name, table) == 0)
            return rec->obj[i].sql;
    return NULL;
}

static int copy_has(const char *type, const char *word)
{
    char up[64];
    size_t i = 0;
    for (; type[i] && i < sizeof up - 1; i++)
        up[i] = (char)toupper((unsigned char)type[i]);
    up[i] = '\0';
    return strstr(up, word) != NULL;
}

/* A declared SQLite type as PostgreSQL's, and back. INT4 (a column whose values fit 32 bits,
 * which SQLite does not enforce) is PostgreSQL's integer, any other INT its bigint. */
static const char *copy_pg_type(const char *t)
{
    if (copy_has(t, "INT4"))
        return "integer";
    if (copy_has(t, "INT"))
        return "bigint";
    if (copy_has(t, "REAL") || copy_has(t, "FLOA") || copy_has(t, "DOUB"))
        return "double precision";
    if (copy_has(t, "BLOB") || copy_has(t, "BYTEA"))
        return "bytea";
    return "text COLLATE \"C\""; /* compared and sorted bytewise, as SQLite does */
}

static const char *copy_sqlite_type(const char *t)
{
    if (copy_has(t, "INT"))
        return "INTEGER";
    if (copy_has(t, "DOUBLE") || copy_has(t, "REAL") || copy_has(t, "NUMERIC"))
        return "REAL";
    if (copy_has(t, "BYTEA"))
        return "BLOB";
    return "TEXT";
}

/* A default PostgreSQL can take: a number, a quoted string, or the UTC-now of the schema. */
static void copy_pg_default(bh_db *dst, bh_strbuf *sb, const char *d)
{
    if (d == NULL)
        return;
    if (strstr(d, "strftime(") && strstr(d, "'now'"))
        bh_strbuf_printf(sb, " DEFAULT (%s)", bh_db_sql(dst)->now_utc);
    else if (d[0] == '\'' || d[0] == '-' || isdigit((unsigned char)d[0]))
        bh_strbuf_printf(sb, " DEFAULT %s", d);
}

static int copy_single_int_pk(const bh_db_column *cols, size_t n)
{
    int pks = 0, intpk = 0;
    for (size_t i = 0; i < n; i++)
        if (cols[i].pk) {
            pks++;
            intpk = copy_has(cols[i].type, "INT");
        }
    return pks == 1 && intpk;
}

static void copy_pg_ddl(bh_db *dst, bh_strbuf *sb, const char *table, const bh_db_column *cols,
                        size_t n, int rowid)
{
    int ident = copy_single_int_pk(cols, n), pks = 0;
    bh_strbuf_printf(sb, "CREATE TABLE \"%s\" (", table);
    for (size_t i = 0; i < n; i++) {
        const bh_db_column *c = &cols[i];
        bh_strbuf_printf(sb, "%s\"%s\" ", i ? ", " : "", c->name);
        if (c->geometry)
            bh_strbuf_printf(sb, "geometry(%s, %d)", c->geometry, c->srid);
        else if (c->pk && ident)
            bh_strbuf_append(sb, "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        else
            bh_strbuf_append(sb, copy_pg_type(c->type));
        if (c->notnull && !(c->pk && ident))
            bh_strbuf_append(sb, " NOT NULL");
        copy_pg_default(dst, sb, c->dflt);
        pks += c->pk != 0;
    }
    if (rowid)
        bh_strbuf_append(sb, ", rowid bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE");
    for (int k = 1; pks && !ident && k <= pks; k++)
        for (size_t i = 0; i < n; i++)
            if (cols[i].pk == k)
                bh_strbuf_printf(sb, "%s\"%s\"%s", k == 1 ? ", PRIMARY KEY (" : ", ", cols[i].name,
                                 k == pks ? ")" : "");
    bh_strbuf_append(sb, ")");
}

static void copy_sqlite_ddl(bh_strbuf *sb, const char *table, const bh_db_column *cols, size_t n)
{
    int ident = copy_single_int_pk(cols, n), pks = 0;
    bh_strbuf_printf(sb, "CREATE TABLE \"%s\" (", table);
    for (size_t i = 0, k = 0; i < n; i++) {
        const bh_db_column *c = &cols[i];
        if (c->geometry || strcmp(c->name, "rowid") == 0)
            continue; /* AddGeometryColumn; the rowid is SQLite's own */
        bh_strbuf_printf(sb, "%s\"%s\" %s", k++ ? ", " : "", c->name,
                         c->pk && ident ? "INTEGER PRIMARY KEY" : copy_sqlite_type(c->type));
        if (c->notnull && !(c->pk && ident))
            bh_strbuf_append(sb, " NOT NULL");
        pks += c->pk != 0;
    }
    for (int k = 1; pks && !ident && k <= pks; k++)
        for (size_t i = 0; i < n; i++)
            if (cols[i].pk == k)
                bh_strbuf_printf(sb, "%s\"%s\"%s", k == 1 ? ", PRIMARY KEY (" : ", ", cols[i].name,
                                 k == pks ? ")" : "");
    bh_strbuf_append(sb, ")");
}

/* UNIQUE constraints of a SQLite source table, as PostgreSQL ALTERs into sb. */
static bh_status copy_pg_uniques(bh_db *src, bh_strbuf *sb, const char *table)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_preparef(
        src, &st,
        "SELECT l.name, group_concat('\"' || i.name || '\"', ', ') FROM pragma_index_list(%Q) l "
        "JOIN pragma_index_info(l.name) i WHERE l.origin = 'u' GROUP BY l.name ORDER BY l.seq",
        table);
    while (rc == BH_OK && bh_stmt_step(st) == BH_STEP_ROW)
        bh_strbuf_printf(sb, "; ALTER TABLE \"%s\" ADD UNIQUE (%s)", table,
                         bh_stmt_column_text(st, 1));
    if (rc == BH_OK)
        rc = bh_ctx_status(bh_db_ctx(src));
    bh_stmt_finalize(st);
    return rc;
}

bh_status bh_copy_create_bare(bh_db *dst, const bh_copy_schema *rec, const char *table,
                              const bh_db_column *cols, size_t n, int rowid)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    const char *sql = bh_copy_schema_table_sql(rec, table);
    int sq = bh_db_kind_of(dst) == BH_DB_SQLITE;
    bh_status rc = BH_OK;
    if (sq && sql)
        bh_strbuf_append(&sb, sql);
    else if (sq)
        copy_sqlite_ddl(&sb, table, cols, n);
    else
        copy_pg_ddl(dst, &sb, table, cols, n, rowid);
    if (sb.failed)
        rc = bh_error(bh_db_ctx(dst), BH_E_NOMEM, "out of memory");
    if (rc == BH_OK)
        rc = bh_db_exec(dst, sb.data);
    bh_strbuf_free(&sb);
    return rc;
}

bh_status bh_copy_geometry(bh_db *dst, const bh_copy_schema *rec, const char *table,
                           const bh_db_column *cols, size_t n)
{
    const char *sql = bh_copy_schema_table_sql(rec, table);
    int sq = bh_db_kind_of(dst) == BH_DB_SQLITE;
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < n; i++) {
        if (!cols[i].geometry)
            continue;
        if (sq && sql) /* the recorded table declares it: register it */
            rc = bh_db_execq(dst, "SELECT RecoverGeometryColumn(%Q, %Q, %d, %Q, 'XY')", table,
                             cols[i].name, cols[i].srid, cols[i].geometry);
        else if (sq)
            rc = dst->be->add_geometry_column(dst, table, cols[i].name, cols[i].geometry,
                                              cols[i].srid);
        if (rc == BH_OK)
            rc = dst->be->create_spatial_index(dst, table, cols[i].name);
    }
    return rc;
}

bh_status bh_copy_create_table(bh_db *dst, const bh_copy_schema *rec, const char *table,
                               const bh_db_column *cols, size_t n, int rowid)
{
    bh_status rc = bh_copy_create_bare(dst, rec, table, cols, n, rowid);
    return rc == BH_OK ? bh_copy_geometry(dst, rec, table, cols, n) : rc;
}

bh_status bh_copy_pg_uniques(bh_db *src, bh_db *dst, const char *table)
{
    if (bh_db_kind_of(src) != BH_DB_SQLITE || bh_db_kind_of(dst) != BH_DB_POSTGRES)
        return BH_OK;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_status rc = copy_pg_uniques(src, &sb, table);
    if (rc == BH_OK && sb.len > 2)
        rc = bh_db_exec(dst, sb.data + 2);
    bh_strbuf_free(&sb);
    return rc;
}

/* Stores the record on PostgreSQL. */
static bh_status copy_store_record(bh_db *dst, const bh_copy_schema *rec)
{
    bh_status rc = bh_db_exec(dst, "CREATE TABLE bh_sqlite_schema (seq integer PRIMARY KEY, type "
                                   "text NOT NULL, name text NOT NULL, tbl_name text NOT NULL, "
                                   "sql text NOT NULL)");
    bh_stmt *st = NULL;
    if (rc == BH_OK)
        rc = bh_stmt_prepare(dst,
                             "INSERT INTO bh_sqlite_schema (seq, type, name, tbl_name, sql) "
                             "VALUES (?, ?, ?, ?, ?)",
                             &st);
    for (size_t i = 0; rc == BH_OK && i < rec->n; i++) {
        bh_stmt_reset(st);
        bh_stmt_bind_int64(st, 1, (long long)i);
        bh_stmt_bind_text(st, 2, rec->obj[i].type);
        bh_stmt_bind_text(st, 3, rec->obj[i].name);
        bh_stmt_bind_text(st, 4, rec->obj[i].tbl);
        bh_stmt_bind_text(st, 5, rec->obj[i].sql);
        if (bh_stmt_step(st) != BH_STEP_DONE)
            rc = bh_ctx_status(bh_db_ctx(dst));
    }
    bh_stmt_finalize(st);
    return rc;
}

bh_status bh_copy_finish_schema(bh_db *dst, const bh_copy_schema *rec)
{
    int sq = bh_db_kind_of(dst) == BH_DB_SQLITE;
    static const char *const order[] = {"index", "view", "trigger"};
    bh_status rc = BH_OK;
    for (size_t k = 0; k < 3 && rc == BH_OK; k++) {
        if (!sq && strcmp(order[k], "trigger") == 0)
            continue; /* SQLite triggers stay in the record; PostgreSQL's importer writes tables */
        for (size_t i = 0; i < rec->n && rc == BH_OK; i++)
            if (strcmp(rec->obj[i].type, order[k]) == 0)
                rc = bh_db_exec(dst, rec->obj[i].sql);
    }
    if (rc == BH_OK && !sq)
        rc = copy_store_record(dst, rec);
    return rc;
}

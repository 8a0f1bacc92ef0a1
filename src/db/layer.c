#include "db/layer.h"
#include "db/stmt.h"
#include "core/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "core/json.h"
#include "core/strbuf.h"

struct bh_layer_def {
    json_object *root;
    char *file;
    char *text; /* the definition as plain JSON */
    const char *name, *title, *kind, *table, *geometry, *derive;
    int has_source;
    bh_layer_source source;
    bh_layer_field *fields;
    size_t nfields;
};

static const char *const layer_geometries[] = {"POINT", "MULTIPOINT", "MULTILINESTRING",
                                               "MULTIPOLYGON", "NONE"};
static const char *const layer_casts[] = {"CastToPoint", "CastToMultiPoint",
                                          "CastToMultiLinestring", "CastToMultiPolygon", NULL};

int bh_layer_ident_ok(const char *s)
{
    if (s == NULL || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

/* Optional string member: NULL when absent or null; error when of another type. */
static const char *layer_opt_str(bh_ctx *ctx, json_object *obj, const char *key, const char *file,
                                 bh_status *st)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
        return NULL;
    if (!json_object_is_type(v, json_type_string)) {
        if (*st == BH_OK)
            *st = bh_error(ctx, BH_E_FORMAT, "%s: field '%s': expected a string", file, key);
        return NULL;
    }
    return json_object_get_string(v);
}

static const char *layer_req_str(bh_ctx *ctx, json_object *obj, const char *key, const char *file,
                                 bh_status *st)
{
    const char *s = layer_opt_str(ctx, obj, key, file, st);
    if (s == NULL && *st == BH_OK)
        *st = bh_error(ctx, BH_E_FORMAT, "%s: field '%s': missing", file, key);
    return s;
}

static bh_status layer_parse_fields(bh_ctx *ctx, bh_layer_def *d)
{
    json_object *arr;
    if (!json_object_object_get_ex(d->root, "fields", &arr) || arr == NULL)
        return BH_OK;
    if (!json_object_is_type(arr, json_type_array))
        return bh_error(ctx, BH_E_FORMAT, "%s: field 'fields': expected an array", d->file);
    size_t n = json_object_array_length(arr);
    d->fields = bh_calloc(n ? n : 1, sizeof *d->fields);
    if (d->fields == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_status st = BH_OK;
    for (size_t i = 0; i < n && st == BH_OK; i++) {
        json_object *f = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(f, json_type_object))
            return bh_error(ctx, BH_E_FORMAT, "%s: fields[%zu]: expected an object", d->file, i);
        bh_layer_field *lf = &d->fields[i];
        lf->name = layer_req_str(ctx, f, "name", d->file, &st);
        const char *type = layer_opt_str(ctx, f, "type", d->file, &st);
        lf->from = layer_opt_str(ctx, f, "from", d->file, &st);
        json_object *val;
        if (json_object_object_get_ex(f, "value", &val) && val != NULL)
            lf->value = json_object_get_string(val);
        json_object *u;
        lf->unique = json_object_object_get_ex(f, "unique", &u) && json_object_get_boolean(u);
        if (st != BH_OK)
            return st;
        if (!bh_layer_ident_ok(lf->name) || strcmp(lf->name, "id") == 0 ||
            strcmp(lf->name, "geom") == 0 || strcmp(lf->name, "sample") == 0)
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: fields[%zu]: field 'name': '%s' is not a usable "
                            "column name",
                            d->file, i, lf->name);
        if (type == NULL)
            type = "TEXT";
        if (strcmp(type, "TEXT") == 0)
            lf->type = "TEXT";
        else if (strcmp(type, "INTEGER") == 0)
            lf->type = "INTEGER";
        else if (strcmp(type, "REAL") == 0)
            lf->type = "REAL";
        else
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: fields[%zu]: field 'type': '%s' is not TEXT, "
                            "INTEGER or REAL",
                            d->file, i, type);
        if (lf->from == NULL && lf->value == NULL)
            lf->from = lf->name;
        for (size_t k = 0; k < i; k++)
            if (strcmp(d->fields[k].name, lf->name) == 0)
                return bh_error(ctx, BH_E_FORMAT, "%s: fields[%zu]: field 'name': '%s' repeated",
                                d->file, i, lf->name);
        d->nfields = i + 1;
    }
    return st;
}

static bh_status layer_parse_source(bh_ctx *ctx, bh_layer_def *d)
{
    json_object *src;
    if (!json_object_object_get_ex(d->root, "source", &src) || src == NULL)
        return BH_OK;
    if (!json_object_is_type(src, json_type_object))
        return bh_error(ctx, BH_E_FORMAT, "%s: field 'source': expected an object or null",
                        d->file);
    bh_status st = BH_OK;
    bh_layer_source *s = &d->source;
    s->path = layer_req_str(ctx, src, "path", d->file, &st);
    s->layer = layer_opt_str(ctx, src, "layer", d->file, &st);
    s->srs = layer_opt_str(ctx, src, "srs", d->file, &st);
    s->encoding = layer_opt_str(ctx, src, "encoding", d->file, &st);
    s->where = layer_opt_str(ctx, src, "where", d->file, &st);
    s->x = layer_opt_str(ctx, src, "x", d->file, &st);
    s->y = layer_opt_str(ctx, src, "y", d->file, &st);
    if (st == BH_OK && (s->x == NULL) != (s->y == NULL))
        st = bh_error(ctx, BH_E_FORMAT, "%s: field 'source': give both 'x' and 'y' or neither",
                      d->file);
    d->has_source = st == BH_OK;
    return st;
}

bh_status bh_layer_def_parse(bh_ctx *ctx, const char *json_text, const char *file,
                             bh_layer_def **out)
{
    *out = NULL;
    json_object *root = NULL;
    bh_status jst = bh_json_parse(ctx, json_text, file, BH_E_FORMAT, &root);
    if (jst != BH_OK)
        return jst;
    if (!json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        return bh_error(ctx, BH_E_FORMAT, "%s: expected a JSON object", file);
    }
    bh_layer_def *d = bh_calloc(1, sizeof *d);
    if (d == NULL) {
        json_object_put(root);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    d->root = root;
    d->file = bh_strdup(file);
    d->text = bh_strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                                 JSON_C_TO_STRING_NOSLASHESCAPE));
    bh_status st = BH_OK;
    d->name = layer_req_str(ctx, root, "name", file, &st);
    d->title = layer_opt_str(ctx, root, "title", file, &st);
    d->kind = layer_req_str(ctx, root, "kind", file, &st);
    d->table = layer_opt_str(ctx, root, "table", file, &st);
    d->geometry = layer_opt_str(ctx, root, "geometry", file, &st);
    d->derive = layer_opt_str(ctx, root, "derive", file, &st);
    if (st == BH_OK && d->table == NULL)
        d->table = d->name;
    if (st == BH_OK && d->geometry == NULL)
        d->geometry = "NONE";
    if (st == BH_OK && (!bh_layer_ident_ok(d->name) || !bh_layer_ident_ok(d->table)))
        st = bh_error(ctx, BH_E_FORMAT, "%s: field 'table': '%s' is not a plain identifier", file,
                      d->table);
    if (st == BH_OK && strcmp(d->kind, "real") != 0 && strcmp(d->kind, "approximate") != 0 &&
        strcmp(d->kind, "sample") != 0)
        st = bh_error(ctx, BH_E_FORMAT, "%s: field 'kind': '%s' is not real, approximate or sample",
                      file, d->kind);
    if (st == BH_OK && bh_layer_def_cast(d) == NULL && strcmp(d->geometry, "NONE") != 0)
        st = bh_error(ctx, BH_E_FORMAT, "%s: field 'geometry': unknown type '%s'", file,
                      d->geometry);
    if (st == BH_OK)
        st = layer_parse_fields(ctx, d);
    if (st == BH_OK)
        st = layer_parse_source(ctx, d);
    if (st == BH_OK && d->has_source && d->derive != NULL)
        st = bh_error(ctx, BH_E_FORMAT,
                      "%s: field 'derive': a layer has a source or a derive, "
                      "not both",
                      file);
    if (st == BH_OK && d->text == NULL)
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st != BH_OK) {
        bh_layer_def_destroy(d);
        return st;
    }
    *out = d;
    return BH_OK;
}

bh_status bh_layer_def_find(bh_ctx *ctx, const bh_city *city, const char *name, bh_layer_def **out)
{
    *out = NULL;
    if (!bh_layer_ident_ok(name))
        return bh_error(ctx, BH_E_UNKNOWN_LAYER, "layer '%s': not a valid layer name", name);
    char *dir = bh_city_layers_dir(city);
    char *path = dir ? bh_asprintf("%s/%s.json", dir, name) : NULL;
    bh_free(dir);
    if (path == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    char *text = bh_file_slurp(path, NULL);
    if (text == NULL) {
        bh_status st = bh_error(ctx, BH_E_UNKNOWN_LAYER, "%s: cannot open layer definition", path);
        bh_free(path);
        return st;
    }
    bh_status st = text ? bh_layer_def_parse(ctx, text, path, out)
                        : bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK && strcmp(bh_layer_def_name(*out), name) != 0) {
        st = bh_error(ctx, BH_E_FORMAT, "%s: field 'name': '%s' differs from the file name", path,
                      bh_layer_def_name(*out));
        bh_layer_def_destroy(*out);
        *out = NULL;
    }
    bh_free(text);
    bh_free(path);
    return st;
}

bh_status bh_layer_def_from_db(bh_db *db, const char *name, bh_layer_def **out)
{
    *out = NULL;
    bh_stmt *q;
    bh_status st = bh_stmt_prepare(db, "SELECT definition FROM layers WHERE name = ?", &q);
    if (st != BH_OK)
        return st;
    bh_stmt_bind_text(q, 1, name);
    int r = bh_stmt_step(q);
    if (r == BH_STEP_ROW && bh_stmt_column_text(q, 0) != NULL) {
        char *file = bh_asprintf("%s: layer '%s'", bh_db_path(db), name);
        st = file ? bh_layer_def_parse(bh_db_ctx(db), bh_stmt_column_text(q, 0), file, out)
                  : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
        bh_free(file);
    } else if (r == BH_STEP_ERROR) {
        st = bh_ctx_status(bh_db_ctx(db));
    } else {
        st = bh_error(bh_db_ctx(db), BH_E_UNKNOWN_LAYER,
                      "%s: unknown layer '%s' (see 'bohan layers')", bh_db_path(db), name);
    }
    bh_stmt_finalize(q);
    return st;
}

void bh_layer_def_destroy(bh_layer_def *def)
{
    if (def == NULL)
        return;
    json_object_put(def->root);
    bh_free(def->fields);
    bh_free(def->file);
    bh_free(def->text);
    bh_free(def);
}

const char *bh_layer_def_name(const bh_layer_def *def)
{
    return def->name;
}
const char *bh_layer_def_title(const bh_layer_def *def)
{
    return def->title;
}
const char *bh_layer_def_kind(const bh_layer_def *def)
{
    return def->kind;
}
const char *bh_layer_def_table(const bh_layer_def *def)
{
    return def->table;
}
const char *bh_layer_def_geometry(const bh_layer_def *def)
{
    return def->geometry;
}
const char *bh_layer_def_derive(const bh_layer_def *def)
{
    return def->derive;
}
const char *bh_layer_def_file(const bh_layer_def *def)
{
    return def->file;
}
size_t bh_layer_def_nfields(const bh_layer_def *def)
{
    return def->nfields;
}

const bh_layer_source *bh_layer_def_source(const bh_layer_def *def)
{
    return def->has_source ? &def->source : NULL;
}

const bh_layer_field *bh_layer_def_field(const bh_layer_def *def, size_t i)
{
    return i < def->nfields ? &def->fields[i] : NULL;
}

const bh_layer_field *bh_layer_def_field_named(const bh_layer_def *def, const char *name)
{
    for (size_t i = 0; i < def->nfields; i++)
        if (strcmp(def->fields[i].name, name) == 0)
            return &def->fields[i];
    return NULL;
}

const char *bh_layer_def_cast(const bh_layer_def *def)
{
    for (size_t i = 0; i < sizeof layer_geometries / sizeof *layer_geometries; i++)
        if (strcmp(def->geometry, layer_geometries[i]) == 0)
            return layer_casts[i];
    return NULL;
}

/* 1 when word occurs in sql as a whole identifier. */
static int layer_mentions(const char *sql, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = sql; (p = strstr(p, word)) != NULL; p += n) {
        int before = p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
        int after = isalnum((unsigned char)p[n]) || p[n] == '_';
        if (!before && !after)
            return 1;
    }
    return 0;
}

int bh_layer_def_depends_on(const bh_layer_def *def, const char *table)
{
    if (def->derive == NULL || strcmp(def->table, table) == 0)
        return 0;
    json_object *deps;
    if (json_object_object_get_ex(def->root, "depends", &deps) &&
        json_object_is_type(deps, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(deps); i++) {
            const char *t = json_object_get_string(json_object_array_get_idx(deps, i));
            if (t && strcmp(t, table) == 0)
                return 1;
        }
    }
    return layer_mentions(def->derive, table);
}

bh_status bh_layer_create_table(bh_db *db, const bh_layer_def *def)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, "CREATE TABLE \"%s\" (id INTEGER PRIMARY KEY", def->table);
    for (size_t i = 0; i < def->nfields; i++)
        bh_strbuf_printf(&sb, ", \"%s\" %s%s", def->fields[i].name, def->fields[i].type,
                         def->fields[i].unique ? " UNIQUE" : "");
    if (strcmp(def->kind, "sample") == 0)
        bh_strbuf_append(&sb, ", sample INTEGER NOT NULL DEFAULT 1");
    const char *cast = bh_layer_def_cast(def);
    if (cast != NULL)
        bh_strbuf_printf(&sb, ", geom %s", def->geometry);
    bh_strbuf_append(&sb, ")");
    char *sql = bh_strbuf_take(&sb);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_status st = bh_db_exec(db, sql);
    bh_free(sql);
    if (st != BH_OK || cast == NULL)
        return st;
    char *q = sqlite3_mprintf("SELECT RecoverGeometryColumn(%Q, 'geom', %d, %Q, 'XY') + "
                              "CreateSpatialIndex(%Q, 'geom')",
                              def->table, bh_db_srid(db), def->geometry, def->table);
    long long ok = q ? bh_db_scalar_int(db, q, 0) : 0;
    sqlite3_free(q);
    if (ok != 2)
        return bh_error(bh_db_ctx(db), BH_E_SCHEMA,
                        "%s: table '%s': cannot register geometry column (SRID %d, %s)", def->file,
                        def->table, bh_db_srid(db), def->geometry);
    return BH_OK;
}

bh_status bh_layer_derive(bh_db *db, const bh_layer_def *def, long long *count)
{
    if (def->derive == NULL)
        return bh_error(bh_db_ctx(db), BH_E_INTERNAL, "%s: not a derived layer", def->file);
    /* The SELECT as written, without a trailing semicolon. */
    char *sel = bh_strdup(def->derive);
    if (sel == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    size_t n = strlen(sel);
    while (n > 0 && (isspace((unsigned char)sel[n - 1]) || sel[n - 1] == ';'))
        sel[--n] = '\0';
    bh_strbuf cols, vals;
    bh_strbuf_init(&cols);
    bh_strbuf_init(&vals);
    for (size_t i = 0; i < def->nfields; i++) {
        bh_strbuf_printf(&cols, "%s\"%s\"", i ? ", " : "", def->fields[i].name);
        bh_strbuf_printf(&vals, "%s\"%s\"", i ? ", " : "", def->fields[i].name);
    }
    const char *cast = bh_layer_def_cast(def);
    if (cast) {
        bh_strbuf_printf(&cols, "%sgeom", def->nfields ? ", " : "");
        bh_strbuf_printf(&vals, "%s%s(SetSRID(geom, %d))", def->nfields ? ", " : "", cast,
                         bh_db_srid(db));
    }
    bh_status st = BH_OK;
    if (cols.failed || vals.failed || cols.len == 0)
        st = bh_error(bh_db_ctx(db), BH_E_FORMAT, "%s: field 'derive': the layer has no columns",
                      def->file);
    if (st == BH_OK)
        st = bh_db_execf(db, "DELETE FROM \"%s\"", def->table);
    if (st == BH_OK) {
        st = bh_db_execf(db, "INSERT INTO \"%s\" (%s) SELECT %s FROM (%s)", def->table, cols.data,
                         vals.data, sel);
        if (st != BH_OK) {
            char *msg = bh_strdup(bh_ctx_error(bh_db_ctx(db)));
            st = bh_error_replace(bh_db_ctx(db), BH_E_FORMAT, "%s: field 'derive': %s", def->file,
                                  msg ? msg : "SQL error");
            bh_free(msg);
        }
    }
    if (st == BH_OK && count)
        *count = sqlite3_changes(bh_db_sqlite(db));
    if (st == BH_OK && cast) {
        /* derived geometries are checked like imported ones: never stored invalid */
        char *q = sqlite3_mprintf("SELECT coalesce((SELECT id FROM \"%w\" WHERE geom IS NOT NULL "
                                  "AND ST_IsValid(geom) <> 1 ORDER BY id LIMIT 1), 0)",
                                  def->table);
        long long bad = q ? bh_db_scalar_int(db, q, -1) : -1;
        sqlite3_free(q);
        if (bad != 0)
            st = bh_error(bh_db_ctx(db), BH_E_GEOMETRY,
                          "%s: field 'derive': row %lld: geometry: invalid", def->file, bad);
    }
    bh_strbuf_free(&cols);
    bh_strbuf_free(&vals);
    bh_free(sel);
    return st;
}

bh_status bh_layer_catalogue_put(bh_db *db, const bh_layer_def *def, const char *kind,
                                 const char *source, const char *source_layer)
{
    char *cq = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", def->table);
    long long count = cq ? bh_db_scalar_int(db, cq, -1) : -1;
    sqlite3_free(cq);
    if (count < 0)
        return bh_error(bh_db_ctx(db), BH_E_DB, "%s: table '%s' missing", bh_db_path(db),
                        def->table);
    json_object *items = NULL;
    json_object_object_get_ex(def->root, "plan_items", &items);
    const char *items_text =
        items ? json_object_to_json_string_ext(items, JSON_C_TO_STRING_PLAIN) : NULL;
    sqlite3_stmt *q;
    bh_status st = bh_db_prepare(
        db,
        "INSERT INTO layers (name, title, kind, table_name, geometry_type, srid, source, "
        "source_layer, plan_items, credit, feature_count, imported_at, definition) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?12) "
        "ON CONFLICT(name) DO UPDATE SET kind = ?3, source = ?7, source_layer = ?8, "
        "feature_count = ?11, imported_at = excluded.imported_at",
        &q);
    if (st != BH_OK)
        return st;
    int cast = bh_layer_def_cast(def) != NULL;
    sqlite3_bind_text(q, 1, def->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, def->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, kind ? kind : def->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, def->table, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, def->geometry, -1, SQLITE_STATIC);
    if (cast)
        sqlite3_bind_int(q, 6, bh_db_srid(db));
    sqlite3_bind_text(q, 7, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, source_layer, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 9, items_text, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 10, layer_opt_str(bh_db_ctx(db), def->root, "credit", def->file, &st), -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(q, 11, count);
    sqlite3_bind_text(q, 12, def->text, -1, SQLITE_STATIC);
    if (st == BH_OK && sqlite3_step(q) != SQLITE_DONE)
        st = bh_db_fail(db, "writing the layer catalogue");
    sqlite3_finalize(q);
    return st;
}

/* Only layers defined by a layer file's derive SQL are rebuilt here; layers derived in C
 * (koban_areas) are rebuilt by their own room. */
static int layer_has_derive_sql(bh_db *db, const char *name)
{
    sqlite3_stmt *q;
    if (bh_db_prepare(db,
                      "SELECT json_extract(definition, '$.derive') IS NOT NULL AND "
                      "json_extract(definition, '$.kind') IS NOT NULL FROM layers WHERE name = ?",
                      &q) != BH_OK)
        return 0;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int yes = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1;
    sqlite3_finalize(q);
    return yes;
}

bh_status bh_layer_rederive(bh_db *db, const char *table, int *count)
{
    if (count)
        *count = 0;
    bh_layer_info *rows = NULL;
    size_t n = 0;
    bh_status st = bh_layer_list(db, &rows, &n);
    /* Tables changed so far; a derived layer reading any of them is rebuilt, in load order. */
    char **changed = bh_calloc(n + 1, sizeof *changed);
    size_t nchanged = 0;
    if (st == BH_OK && changed == NULL)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        changed[nchanged++] = (char *)table;
    for (size_t i = 0; i < n && st == BH_OK; i++) {
        if (!layer_has_derive_sql(db, rows[i].name))
            continue;
        bh_layer_def *def = NULL;
        st = bh_layer_def_from_db(db, rows[i].name, &def);
        int hit = 0;
        for (size_t k = 0; st == BH_OK && k < nchanged && !hit; k++)
            hit = bh_layer_def_depends_on(def, changed[k]);
        if (hit) {
            st = bh_layer_derive(db, def, NULL);
            /* "kind_follows": T — a layer exact up to its input (a dissolve) is as real as T. */
            const char *kind = rows[i].kind;
            json_object *kf;
            for (size_t k = 0; k < n; k++)
                if (json_object_object_get_ex(def->root, "kind_follows", &kf) &&
                    json_object_is_type(kf, json_type_string) &&
                    strcmp(rows[k].table, json_object_get_string(kf)) == 0)
                    kind = rows[k].kind;
            if (st == BH_OK)
                st = bh_layer_catalogue_put(db, def, kind, "derived", NULL);
            if (st == BH_OK) {
                changed[nchanged++] = rows[i].table;
                if (count)
                    (*count)++;
            }
        }
        bh_layer_def_destroy(def);
    }
    bh_free(changed);
    bh_layer_list_free(rows, n);
    return st;
}

static char *layer_col(bh_stmt *q, int i)
{
    const char *s = bh_stmt_column_text(q, i);
    return s ? bh_strdup(s) : NULL;
}

/* On both backends (db/stmt.h): the PostgreSQL copy of layers keeps the rowid as a column. */
bh_status bh_layer_list(bh_db *db, bh_layer_info **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    bh_stmt *q;
    bh_status st =
        bh_stmt_prepare(db,
                        "SELECT name, title, kind, geometry_type, source, source_layer, "
                        "credit, table_name, feature_count, srid FROM layers ORDER BY rowid",
                        &q);
    if (st != BH_OK)
        return st;
    size_t cap = 0;
    int rc;
    while ((rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            bh_layer_info *grown = bh_realloc(*rows, cap * sizeof **rows);
            if (grown == NULL) {
                st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
                break;
            }
            *rows = grown;
        }
        bh_layer_info *r = &(*rows)[(*n)++];
        r->name = layer_col(q, 0);
        r->title = layer_col(q, 1);
        r->kind = layer_col(q, 2);
        r->geometry = layer_col(q, 3);
        r->source = layer_col(q, 4);
        r->source_layer = layer_col(q, 5);
        r->credit = layer_col(q, 6);
        r->table = layer_col(q, 7);
        r->features = bh_stmt_column_int64(q, 8);
        r->srid = (int)bh_stmt_column_int64(q, 9);
    }
    if (st == BH_OK && rc != BH_STEP_DONE)
        st = bh_ctx_status(bh_db_ctx(db)); /* "PATH: SQL error: …" */
    bh_stmt_finalize(q);
    if (st != BH_OK) {
        bh_layer_list_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    return st;
}

void bh_layer_list_free(bh_layer_info *rows, size_t n)
{
    if (rows == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        bh_free(rows[i].name);
        bh_free(rows[i].title);
        bh_free(rows[i].kind);
        bh_free(rows[i].geometry);
        bh_free(rows[i].source);
        bh_free(rows[i].source_layer);
        bh_free(rows[i].credit);
        bh_free(rows[i].table);
    }
    bh_free(rows);
}

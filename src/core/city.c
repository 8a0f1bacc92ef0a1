#include "core/city.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/json.h"
#include "core/strbuf.h"

struct bh_city {
    json_object *root;
    char *dir;
    const char *name, *code, *prefecture;
    int srid;
};

static const char *city_str(bh_ctx *ctx, json_object *root, const char *key, const char *file,
                            bh_status *st)
{
    json_object *v;
    if (!json_object_object_get_ex(root, key, &v) || !json_object_is_type(v, json_type_string)) {
        *st = bh_error(ctx, BH_E_FORMAT, "%s: field '%s': expected a string", file, key);
        return NULL;
    }
    return json_object_get_string(v);
}

bh_status bh_city_parse(bh_ctx *ctx, const char *text, const char *dir, bh_city **out)
{
    *out = NULL;
    const char *file = dir ? dir : "city profile";
    char *origin = bh_asprintf("%s/city.json", file);
    if (origin == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    json_object *root = NULL;
    bh_status jst = bh_json_parse(ctx, text, origin, BH_E_FORMAT, &root);
    free(origin);
    if (jst != BH_OK)
        return jst;
    bh_city *c = calloc(1, sizeof *c);
    if (c == NULL) {
        json_object_put(root);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    c->root = root;
    c->dir = bh_strdup(dir ? dir : ".");
    bh_status st = BH_OK;
    c->name = city_str(ctx, root, "name", file, &st);
    c->code = city_str(ctx, root, "code", file, &st);
    c->prefecture = city_str(ctx, root, "prefecture", file, &st);
    json_object *srid;
    if (st == BH_OK &&
        (!json_object_object_get_ex(root, "srid", &srid) ||
         !json_object_is_type(srid, json_type_int) || json_object_get_int(srid) <= 0))
        st = bh_error(ctx, BH_E_FORMAT, "%s/city.json: field 'srid': expected an EPSG code", file);
    if (st != BH_OK) {
        bh_city_destroy(c);
        return st;
    }
    c->srid = json_object_get_int(srid);
    *out = c;
    return BH_OK;
}

bh_status bh_city_load(bh_ctx *ctx, const char *dir, bh_city **out)
{
    *out = NULL;
    char *path = bh_asprintf("%s/city.json", dir);
    if (path == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    char *text = bh_file_slurp(path, NULL);
    if (text == NULL) {
        bh_status st = bh_error(ctx, BH_E_IO, "%s: cannot open city profile", path);
        free(path);
        return st;
    }
    free(path);
    bh_status st = bh_city_parse(ctx, text, dir, out);
    free(text);
    return st;
}

void bh_city_destroy(bh_city *city)
{
    if (city == NULL)
        return;
    json_object_put(city->root);
    free(city->dir);
    free(city);
}

const char *bh_city_name(const bh_city *city)
{
    return city->name;
}

const char *bh_city_code(const bh_city *city)
{
    return city->code;
}

const char *bh_city_prefecture(const bh_city *city)
{
    return city->prefecture;
}

const char *bh_city_dir(const bh_city *city)
{
    return city->dir;
}

int bh_city_srid(const bh_city *city)
{
    return city->srid;
}

json_object *bh_city_json(const bh_city *city)
{
    return city->root;
}

const char *bh_city_json_text(const bh_city *city)
{
    return json_object_to_json_string_ext(city->root,
                                          JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

char *bh_city_path(const bh_city *city, const char *rel)
{
    if (rel[0] == '/')
        return bh_strdup(rel);
    return bh_asprintf("%s/%s", city->dir, rel);
}

static char *city_dir_key(const bh_city *city, const char *key, const char *dflt)
{
    json_object *v;
    const char *rel = dflt;
    if (json_object_object_get_ex(city->root, key, &v) && json_object_is_type(v, json_type_string))
        rel = json_object_get_string(v);
    return bh_city_path(city, rel);
}

char *bh_city_layers_dir(const bh_city *city)
{
    return city_dir_key(city, "layers_dir", "../../layers");
}

char *bh_city_styles_dir(const bh_city *city)
{
    return city_dir_key(city, "styles_dir", "../../styles");
}

#include "db/init.h"
#include "core/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include "core/strbuf.h"
#include "crimes/crimes.h"
#include "crimes/koban.h"
#include "db/import.h"
#include "db/layer.h"
#include "db/schema.h"
#include "plan/plan.h"

/* Creates, fills and catalogues one layer. */
static bh_status init_layer(bh_db *db, const bh_city *city, const char *name)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_layer_def *def = NULL;
    bh_status st = bh_layer_def_find(ctx, city, name, &def);
    if (st == BH_OK)
        st = bh_layer_create_table(db, def);
    const bh_layer_source *src = st == BH_OK ? bh_layer_def_source(def) : NULL;
    const char *label = NULL;
    if (st == BH_OK && src != NULL) {
        char *path = bh_city_path(city, src->path);
        bh_import_opts o = {.src = *src, .mode = BH_IMPORT_NEW, .label = src->path};
        o.src.path = path;
        st = path ? bh_import_load(db, def, &o, NULL) : bh_error(ctx, BH_E_NOMEM, "out of memory");
        bh_free(path);
        label = src->path;
    } else if (st == BH_OK && bh_layer_def_derive(def) != NULL) {
        st = bh_layer_derive(db, def, NULL);
        label = "derived";
    }
    if (st == BH_OK)
        st = bh_layer_catalogue_put(db, def, NULL, label, src ? src->layer : NULL);
    if (st == BH_OK) {
        char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", bh_layer_def_table(def));
        bh_log(ctx, BH_LOG_INFO, "layer %s: %lld features (%s)", name,
               q ? bh_db_scalar_int(db, q, 0) : 0, bh_layer_def_kind(def));
        sqlite3_free(q);
    }
    bh_layer_def_destroy(def);
    return st;
}

static bh_status init_fill(bh_db *db, const bh_city *city)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_status st = bh_schema_create(db, bh_city_srid(city));
    if (st == BH_OK)
        st = bh_db_meta_set(db, "city_code", bh_city_code(city));
    if (st == BH_OK)
        st = bh_db_meta_set(db, "city_name", bh_city_name(city));
    if (st == BH_OK)
        st = bh_db_meta_set(db, "city_json", bh_city_json_text(city));
    if (st == BH_OK)
        st = bh_db_meta_set(db, "city_dir", bh_city_dir(city));
    json_object *layers = NULL;
    if (st == BH_OK && json_object_object_get_ex(bh_city_json(city), "layers", &layers) &&
        !json_object_is_type(layers, json_type_array))
        st = bh_error(ctx, BH_E_FORMAT, "%s/city.json: field 'layers': expected an array",
                      bh_city_dir(city));
    size_t n = layers && st == BH_OK ? json_object_array_length(layers) : 0;
    for (size_t i = 0; i < n && st == BH_OK; i++) {
        const char *name = json_object_get_string(json_object_array_get_idx(layers, i));
        if (name == NULL)
            st = bh_error(ctx, BH_E_FORMAT,
                          "%s/city.json: field 'layers': item %zu: expected "
                          "a layer name",
                          bh_city_dir(city), i);
        else
            st = init_layer(db, city, name);
    }
    if (st == BH_OK)
        st = bh_plan_load(db, city);
    if (st == BH_OK) /* the crime files the profile lists (after the areas they are matched to) */
        st = bh_crimes_load_profile(db, city);
    if (st == BH_OK) /* 交番管内 from the crime rows, unless the profile imported them */
        st = bh_koban_derive(db);
    return st;
}

/* Creates an empty, new file beside path (path.tmp-PID-N) for the database to be built in, with
 * mode 0666 less the caller's umask, as any new file: the library never changes the umask.
 * *tmp is the caller's to free. */
static bh_status init_create_tmp(bh_ctx *ctx, const char *path, char **tmp)
{
    *tmp = NULL;
    for (unsigned n = 0; n < 1000; n++) {
        char *name = bh_asprintf("%s.tmp-%ld-%u", path, (long)getpid(), n);
        if (name == NULL)
            return bh_error(ctx, BH_E_NOMEM, "out of memory");
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            close(fd);
            *tmp = name;
            return BH_OK;
        }
        int err = errno;
        if (err != EEXIST) {
            bh_status st = bh_error(ctx, BH_E_IO, "%s: cannot create: %s", name, strerror(err));
            bh_free(name);
            return st;
        }
        bh_free(name); /* a leftover of an earlier run with the same pid: try the next name */
    }
    return bh_error(ctx, BH_E_IO, "%s.tmp-%ld-*: cannot create: too many leftover files", path,
                    (long)getpid());
}

bh_status bh_init(bh_ctx *ctx, const bh_city *city, const char *path, unsigned flags)
{
    if (!(flags & BH_INIT_FORCE) && access(path, F_OK) == 0)
        return bh_error(ctx, BH_E_DUPLICATE, "%s: already exists (use --force to rebuild it)",
                        path);
    char *tmp = NULL;
    bh_status cst = init_create_tmp(ctx, path, &tmp);
    if (cst != BH_OK)
        return cst;
    bh_db *db = NULL;
    bh_status st = bh_db_open(ctx, tmp, BH_DB_CREATE, &db);
    /* A fresh file that is discarded on failure: no journal needed for safety. */
    if (st == BH_OK)
        st = bh_db_exec(db, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF");
    if (st == BH_OK)
        st = bh_db_begin(db);
    if (st == BH_OK)
        st = init_fill(db, city);
    if (st == BH_OK)
        st = bh_db_commit(db);
    bh_db_close(db);
    if (st == BH_OK && rename(tmp, path) != 0)
        st = bh_error(ctx, BH_E_IO, "%s: cannot replace: %s", path, strerror(errno));
    if (st != BH_OK)
        unlink(tmp);
    bh_free(tmp);
    return st;
}

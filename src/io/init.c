/* O_TMPFILE and linkat AT_SYMLINK_FOLLOW are Linux/GNU. */
#define _GNU_SOURCE
#include "io/init.h"
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
#include "crimes/areamap.h"
#include "crimes/koban.h"
#include "crimes/risk.h"
#include "db/copy.h"
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
    if (st == BH_OK) /* the 町丁目 → area table of every areal --by kind not built yet */
        st = bh_area_map_refresh(db, "");
    return st;
}

/* The database is built in memory and written out whole: into an unnamed inode in the target's
 * folder (O_TMPFILE), linked to a name only when complete, so a kill at any moment leaves no file
 * behind. Where O_TMPFILE is missing, a named temporary file (0666 less the umask). */
typedef struct {
    int fd;
    char *named; /* the named temporary file, NULL for an unnamed one */
} init_file;

static char *init_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? bh_asprintf("%.*s", (int)(slash - path) + 1, path) : bh_strdup(".");
}

static bh_status init_file_create(bh_ctx *ctx, const char *path, init_file *f)
{
    memset(f, 0, sizeof *f);
    char *dir = init_dir_of(path);
    f->fd = dir ? open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666) : -1;
    bh_free(dir);
    if (f->fd >= 0)
        return BH_OK;
    f->named = bh_asprintf("%s.tmp-%ld", path, (long)getpid());
    f->fd = f->named ? open(f->named, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) : -1;
    if (f->fd < 0) {
        bh_status st = bh_error(ctx, BH_E_IO, "%s: cannot create: %s", path, strerror(errno));
        bh_free(f->named);
        f->named = NULL;
        return st;
    }
    return BH_OK;
}

/* Writes the serialised database, fsyncs, gives the file its name, fsyncs the folder. */
static int init_file_write(init_file *f, const unsigned char *data, size_t n, const char *path)
{
    for (size_t off = 0; off < n;) {
        ssize_t w = write(f->fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        off += (size_t)w;
    }
    if (fsync(f->fd) != 0)
        return errno;
    char *link = f->named ? NULL : bh_asprintf("%s.tmp-%ld", path, (long)getpid());
    char *proc = f->named ? NULL : bh_asprintf("/proc/self/fd/%d", f->fd);
    int err = 0;
    if (!f->named) {
        if (link == NULL || proc == NULL)
            err = ENOMEM;
        else if (unlink(link), linkat(AT_FDCWD, proc, AT_FDCWD, link, AT_SYMLINK_FOLLOW) != 0)
            err = errno;
    }
    if (err == 0 && rename(f->named ? f->named : link, path) != 0)
        err = errno;
    if (err != 0 && link)
        unlink(link);
    bh_free(link);
    bh_free(proc);
    if (err != 0)
        return err;
    char *dir = init_dir_of(path);
    int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
        (void)fsync(dfd); /* the rename survives a power cut; failure only weakens that */
        close(dfd);
    }
    bh_free(dir);
    return 0;
}

static bh_status init_publish(bh_db *db, init_file *f, const char *path)
{
    sqlite3_int64 size = 0;
    unsigned char *data = sqlite3_serialize(bh_db_sqlite(db), "main", &size, 0);
    if (data == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "%s: out of memory writing the database", path);
    int err = init_file_write(f, data, (size_t)size, path);
    sqlite3_free(data);
    if (err != 0)
        return bh_error(bh_db_ctx(db), BH_E_IO, "%s: cannot write: %s", path,
                        err == ENOSPC || err == EDQUOT ? "disk full" : strerror(err));
    return BH_OK;
}

static void init_file_close(init_file *f, int published)
{
    if (f->named && !published)
        unlink(f->named);
    if (f->fd >= 0)
        close(f->fd);
    bh_free(f->named);
}

/* The whole database built in memory, one transaction; *db the caller's (bh_db_close), also on
 * failure. */
static bh_status init_build(bh_ctx *ctx, const bh_city *city, bh_db **db)
{
    bh_status st = bh_db_open(ctx, ":memory:", BH_DB_CREATE, db);
    if (st == BH_OK)
        st = bh_db_begin(*db);
    if (st == BH_OK)
        st = init_fill(*db, city);
    if (st == BH_OK)
        st = bh_db_commit(*db);
    return st;
}

/* PostgreSQL: the same build in memory (OGR reads, SpatiaLite's derive SQL), copied into the
 * server in one transaction (db/copy.h): the same tables, rows and geometries by construction. */
static bh_status init_postgres(bh_ctx *ctx, const bh_city *city, const char *target, unsigned flags)
{
    bh_db *db = NULL;
    bh_status st = init_build(ctx, city, &db);
    if (st == BH_OK)
        st = bh_db_copy_open(db, target, (flags & BH_INIT_FORCE) != 0);
    bh_db_close(db);
    return st;
}

bh_status bh_init(bh_ctx *ctx, const bh_city *city, const char *path, unsigned flags)
{
    if (bh_db_target_is_postgres(path))
        return init_postgres(ctx, city, path, flags);
    if (!(flags & BH_INIT_FORCE) && access(path, F_OK) == 0)
        return bh_error(ctx, BH_E_DUPLICATE,
                        "%s: already exists; init leaves it as it is (give another --db for a "
                        "new database)",
                        path);
    /* The profile's risk settings are read by every map: a bad one is refused now, not there. */
    bh_risk_config risk;
    char *profile = bh_city_path(city, "city.json");
    bh_status st = profile ? bh_risk_config_from_file(ctx, bh_city_json(city), profile, &risk)
                           : bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_free(profile);
    if (st != BH_OK)
        return st;
    init_file f;
    st = init_file_create(ctx, path, &f);
    if (st != BH_OK)
        return st;
    bh_db *db = NULL;
    st = init_build(ctx, city, &db);
    if (st == BH_OK)
        st = init_publish(db, &f, path);
    bh_db_close(db);
    init_file_close(&f, st == BH_OK);
    return st;
}

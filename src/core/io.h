/* bh_io: the half of bohan that reads outside files through GDAL/OGR/CPL (layer and e-Stat
 * import, crime files, count tables, the plan CSVs, `init`). It is built as its own library,
 * libbohan-io.so, and loaded on first use by bh_ctx_io(): libgdal pulls in some sixty more
 * shared libraries whose loading costs more than a whole map render, and the commands that only
 * read the database (map, atlas, summary, layers, plan) never need it.
 *
 * Programs that import call through the table; the library's own import code and the tests link
 * libbohan-io.so directly and call the functions by name. */
#ifndef BH_IO_H
#define BH_IO_H

#include <stddef.h>
#include "core/city.h"
#include "core/ctx.h"
#include "crimes/crimes.h"
#include "db/db.h"
#include "db/import.h"
#include "plan/sheet.h"

/* Bumped whenever the table changes; a module of another version is refused. */
#define BH_IO_VERSION 1

typedef struct bh_io {
    unsigned version;
    size_t size; /* sizeof(bh_io) the module was built with */
    /* Called once per ctx by bh_ctx_io (GDAL drivers, the CPL error handler); detach at destroy,
     * on the thread that attached. */
    void (*attach)(bh_ctx *ctx);
    void (*detach)(bh_ctx *ctx);
    /* db/init.h, db/import.h, crimes/crimes.h: the same contracts as the named functions. */
    bh_status (*init)(bh_ctx *ctx, const bh_city *city, const char *path, unsigned flags);
    bh_status (*import_run)(bh_db *db, const char *layer, const bh_import_opts *opts,
                            bh_import_result *res);
    bh_status (*crimes_city_for_db)(bh_db *db, bh_city **out);
    bh_status (*crimes_import)(bh_db *db, const bh_city *city, const char *const *paths,
                               size_t n_paths, const bh_crimes_import_opts *opts,
                               bh_crimes_report **report);
    bh_status (*crimes_import_counts)(bh_db *db, const bh_city *city, const char *path,
                                      const bh_crimes_import_opts *opts, bh_crimes_report **report);
    bh_status (*crimes_rejects)(bh_db *db, int format, char **out);
    /* plan/sheet.h */
    bh_status (*plan_export)(bh_db *db, const bh_plan_export_opts *opts, size_t *files);
    bh_status (*plan_import)(bh_db *db, const char *const *paths, size_t n,
                             const bh_plan_import_opts *opts, char **diff);
} bh_io;

/* The io table, loading libbohan-io.so (from the directory libbohan.so was loaded from) and
 * attaching it to ctx on the first call. *out (may be NULL) is borrowed, valid while ctx lives.
 * Fails with BH_E_INTERNAL naming the module when it cannot be loaded. */
BH_MUST_CHECK bh_status bh_ctx_io(bh_ctx *ctx, const bh_io **out);

#endif

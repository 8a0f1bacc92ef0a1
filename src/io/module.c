/* The table libbohan loads from libbohan-io.so (io/io.h): the only symbol it looks up. Every
 * entry runs inside a GDAL scope (db/gdal.h: bh_gdal_enter/leave): GDAL's messages reach the
 * caller's ctx during the call, and CPL's handler stack is left as the caller had it. */
#include "io/io.h"
#include "db/gdal.h"
#include "plan/sheet.h"

#define IO_SCOPED(ctx, call)                                                                       \
    do {                                                                                           \
        bh_ctx *ctx_ = (ctx);                                                                      \
        bh_gdal_enter(ctx_);                                                                       \
        bh_status st_ = (call);                                                                    \
        bh_gdal_leave(ctx_);                                                                       \
        return st_;                                                                                \
    } while (0)

static bh_status io_init(bh_ctx *ctx, const bh_city *city, const char *path, unsigned flags)
{
    IO_SCOPED(ctx, bh_init(ctx, city, path, flags));
}

static bh_status io_import_run(bh_db *db, const char *layer, const bh_import_opts *opts,
                               bh_import_result *res)
{
    IO_SCOPED(bh_db_ctx(db), bh_import_run(db, layer, opts, res));
}

static bh_status io_crimes_city_for_db(bh_db *db, bh_city **out)
{
    IO_SCOPED(bh_db_ctx(db), bh_crimes_city_for_db(db, out));
}

static bh_status io_crimes_import(bh_db *db, const bh_city *city, const char *const *paths,
                                  size_t n_paths, const bh_crimes_import_opts *opts,
                                  bh_crimes_report **report)
{
    IO_SCOPED(bh_db_ctx(db), bh_crimes_import(db, city, paths, n_paths, opts, report));
}

static bh_status io_crimes_import_counts(bh_db *db, const bh_city *city, const char *path,
                                         const bh_crimes_import_opts *opts,
                                         bh_crimes_report **report)
{
    IO_SCOPED(bh_db_ctx(db), bh_crimes_import_counts(db, city, path, opts, report));
}

static bh_status io_crimes_rejects(bh_db *db, int format, char **out)
{
    IO_SCOPED(bh_db_ctx(db), bh_crimes_rejects(db, format, out));
}

static bh_status io_refuges_import(bh_db *db, const char *path, const bh_refuge_import_opts *o,
                                   bh_refuge_import_report **out)
{
    IO_SCOPED(bh_db_ctx(db), bh_refuges_import(db, path, o, out));
}

static bh_status io_plan_export(bh_db *db, const bh_plan_export_opts *opts, size_t *files)
{
    IO_SCOPED(bh_db_ctx(db), bh_plan_export(db, opts, files));
}

static bh_status io_plan_import(bh_db *db, const char *const *paths, size_t n,
                                const bh_plan_import_opts *opts, char **diff)
{
    IO_SCOPED(bh_db_ctx(db), bh_plan_import(db, paths, n, opts, diff));
}

BH_API const bh_io bh_io_module_v1 = {
    .version = BH_IO_VERSION,
    .size = sizeof(bh_io),
    .attach = bh_gdal_attach,
    .init = io_init,
    .import_run = io_import_run,
    .crimes_city_for_db = io_crimes_city_for_db,
    .crimes_import = io_crimes_import,
    .crimes_import_counts = io_crimes_import_counts,
    .crimes_rejects = io_crimes_rejects,
    .refuges_import = io_refuges_import,
    .plan_export = io_plan_export,
    .plan_import = io_plan_import,
};

/* bh_io: the half of bohan that reads outside files through GDAL/OGR/CPL (layer and e-Stat
 * import, crime files, count tables, the plan CSVs, `init`). It is built as its own library,
 * libbohan-io.so, and loaded on first use by bh_ctx_io(): libgdal pulls in some sixty more
 * shared libraries whose loading costs more than a whole map render, and the commands that only
 * read the database (map, atlas, summary, layers, plan) never need it.
 *
 * Programs call the module through its table:
 *     const bh_io *io;
 *     if (bh_ctx_io(ctx, &io) == BH_OK) st = io->init(ctx, city, path, BH_INIT_FORCE); */
#ifndef BOHAN_IO_H
#define BOHAN_IO_H

#include <stddef.h>
#include "bohan/alloc.h"
#include "bohan/city.h"
#include "bohan/crimes.h"
#include "bohan/ctx.h"
#include "bohan/db.h"
#include "bohan/layer.h"
#include "bohan/refuges.h"
#include "bohan/plan.h"

BH_BEGIN_DECLS

enum bh_init_flags {
    BH_INIT_FORCE = 1 /* replace an existing file (built aside, then renamed over it) */
};

typedef enum bh_import_mode {
    BH_IMPORT_NEW = 0,     /* the layer must be empty */
    BH_IMPORT_REPLACE = 1, /* delete the layer's rows first */
    BH_IMPORT_APPEND = 2   /* add to the rows there */
} bh_import_mode;

typedef struct bh_import_opts {
    bh_layer_source src; /* src.path is the file to read (as given; not resolved) */
    bh_import_mode mode;
    const char *kind;  /* catalogue kind after import; NULL = keep (e-Stat imports become real) */
    const char *label; /* source as recorded in the catalogue; NULL = src.path */
    int no_repair;     /* e-Stat: refuse an invalid polygon of the city instead of repairing it */
    /* Rebuild a derived layer from its derivation (no source read), undoing an import that
     * replaced it; src.path is then unused. */
    int derive;
} bh_import_opts;

typedef struct bh_import_result {
    long long read;          /* features read from the source */
    long long stored;        /* rows written to the layer (fewer when pieces were merged) */
    int estat;               /* 1 when the e-Stat 小地域 merge was used */
    long long kept;          /* features of the database's city (e-Stat KEN + CITY, or the layer's
                              * import.city_code_from), all when unknown */
    long long dropped;       /* features of other municipalities left out */
    long long repaired;      /* e-Stat: invalid polygons of the city repaired with GEOS MakeValid */
    int rederived;           /* derived layers rebuilt afterwards (import_run only) */
    long long merged;        /* pieces merged into another of the same feature (import.merge_by) */
    int weighted;            /* columns the source lacks, area-weighted (fields' area_weighted) */
    int replaced_derivation; /* 1 when the file replaced a derived layer (import_run only) */
} bh_import_result;

/* Bumped whenever the table changes; a module of another version is refused. */
#define BH_IO_VERSION 5

typedef struct bh_io {
    unsigned version;
    size_t size; /* sizeof(bh_io) the module was built with */
    /* Called once per ctx by bh_ctx_io: GDAL's drivers and an error handler that keeps GDAL's
     * messages in ctx. bh_ctx_destroy detaches, on the thread that attached. */
    void (*attach)(bh_ctx *ctx);
    /* Builds a city database at path from the profile: schema, every layer, the plan, the crime
     * files. Without BH_INIT_FORCE an existing file is refused (BH_E_DUPLICATE); built in a
     * temporary file and renamed into place only when complete. */
    bh_status (*init)(bh_ctx *ctx, const bh_city *city, const char *path, unsigned flags);
    /* `bohan import LAYER SOURCE` in one transaction: load, catalogue, re-derive dependent layers.
     * On any error the database is left unchanged. res may be NULL. */
    bh_status (*import_run)(bh_db *db, const char *layer, const bh_import_opts *opts,
                            bh_import_result *res);
    /* The city profile db was initialised with, else the default city's. *out is owned by the
     * caller (bh_city_destroy). */
    bh_status (*crimes_city_for_db)(bh_db *db, bh_city **out);
    /* Imports police open-data files in one transaction (files already imported are skipped).
     * *report (may be NULL) is owned by the caller, filled even on failure. */
    bh_status (*crimes_import)(bh_db *db, const bh_city *city, const char *const *paths,
                               size_t n_paths, const bh_crimes_import_opts *opts,
                               bh_crimes_report **report);
    /* Imports one count table (CSV or XLSX) into crime_counts; same rules. */
    bh_status (*crimes_import_counts)(bh_db *db, const bh_city *city, const char *path,
                                      const bh_crimes_import_opts *opts, bh_crimes_report **report);
    /* The rejected rows in format (enum bh_crimes_format); *out: the caller frees it with
     * bh_free. */
    bh_status (*crimes_rejects)(bh_db *db, int format, char **out);
    /* `bohan refuges import` (bohan/refuges.h): the こども110番の家 register in one transaction. */
    bh_status (*refuges_import)(bh_db *db, const char *path, const bh_refuge_import_opts *o,
                                bh_refuge_import_report **out);
    /* The plan's department round trip (plan/sheet.h: bh_plan_export, bh_plan_import). *diff
     * (the per-item changes as text, may be set on failure) is the caller's: bh_free. */
    bh_status (*plan_export)(bh_db *db, const bh_plan_export_opts *opts, size_t *files);
    bh_status (*plan_import)(bh_db *db, const char *const *paths, size_t n,
                             const bh_plan_import_opts *opts, char **diff);
    /* Called by bh_ctx_io before attach with the allocator in force in libbohan
     * (bh_set_allocator): the module carries its own copy of libbohan's code, and the blocks it
     * returns are freed by libbohan (and bh_free), so both allocate through one. Front ends
     * never call it. */
    void (*set_allocator)(const bh_allocator *a);
} bh_io;

/* The io table, loading libbohan-io.so (from the directory libbohan.so was loaded from) and
 * attaching it to ctx on the first call. *out (may be NULL) is borrowed, valid while ctx lives.
 * Fails with BH_E_INTERNAL naming the module when it cannot be loaded. */
BH_API BH_WARN_UNUSED bh_status bh_ctx_io(bh_ctx *ctx, const bh_io **out);

BH_END_DECLS

#endif

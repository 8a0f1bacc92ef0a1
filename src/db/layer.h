/* Layer definitions (layers/<name>.json): parsing and validation, the layer's table, the
 * `layers` catalogue and derived layers (`derive` SQL over loaded tables). */
#ifndef BH_LAYER_H
#define BH_LAYER_H

#include <stddef.h>
#include "bohan/layer.h"
#include "core/city.h"
#include "db/db.h"

typedef struct bh_layer_def bh_layer_def;

#define BH_LAYER_MAX_ALIASES 8

/* One attribute column of a layer; strings borrowed from the definition. */
typedef struct bh_layer_field {
    const char *name;  /* column name (a plain identifier) */
    const char *type;  /* TEXT | INTEGER | REAL */
    const char *from;  /* source attribute; defaults to name (NULL when value is given) */
    const char *value; /* constant for every feature ("value" in the file), or NULL */
    int unique;
    /* "aliases": other source attributes read when `from` is not in the source (first present
     * wins: A27_004 for school_name), so another file's names map by data. */
    const char *aliases[BH_LAYER_MAX_ALIASES];
    size_t naliases;
    /* "area_weighted": "TABLE.COLUMN" — when the source has none of from/aliases, the value is
     * TABLE's COLUMN area-weighted over the feature (population of the 町丁目 blocks); NULL. */
    const char *area_weighted_table, *area_weighted_column;
} bh_layer_field;

/* Parses a definition from JSON text; file names the origin in messages. *out owned by the
 * caller (bh_layer_def_destroy). */
BH_MUST_CHECK bh_status bh_layer_def_parse(bh_ctx *ctx, const char *json_text, const char *file,
                                           bh_layer_def **out);
/* Loads <layers_dir of city>/<name>.json; *out owned by the caller. */
BH_MUST_CHECK bh_status bh_layer_def_find(bh_ctx *ctx, const bh_city *city, const char *name,
                                          bh_layer_def **out);
/* The definition stored in the catalogue for layer name (BH_E_UNKNOWN_LAYER when absent); *out
 * owned by the caller. */
BH_MUST_CHECK bh_status bh_layer_def_from_db(bh_db *db, const char *name, bh_layer_def **out);
/* NULL is a no-op. */
void bh_layer_def_destroy(bh_layer_def *def);

/* Borrowed strings, valid while def lives; title/derive/credit may be NULL. */
const char *bh_layer_def_name(const bh_layer_def *def);
const char *bh_layer_def_title(const bh_layer_def *def);
const char *bh_layer_def_kind(const bh_layer_def *def);
const char *bh_layer_def_table(const bh_layer_def *def);
const char *bh_layer_def_geometry(const bh_layer_def *def); /* POINT, MULTIPOLYGON, ..., NONE */
const char *bh_layer_def_derive(const bh_layer_def *def);
const char *bh_layer_def_file(const bh_layer_def *def);
/* The source, or NULL for derived layers and layers filled only by `bohan import`. Borrowed. */
const bh_layer_source *bh_layer_def_source(const bh_layer_def *def);
size_t bh_layer_def_nfields(const bh_layer_def *def);
/* Borrowed; i < bh_layer_def_nfields. */
const bh_layer_field *bh_layer_def_field(const bh_layer_def *def, size_t i);
/* The field called name, or NULL. Borrowed. */
const bh_layer_field *bh_layer_def_field_named(const bh_layer_def *def, const char *name);
/* 1 when def is derived and its SQL reads table (listed in "depends" or named in the SQL). */
int bh_layer_def_depends_on(const bh_layer_def *def, const char *table);
/* A string of the optional "import" section (how `bohan import` reads a file into the layer:
 * city_code_from, merge_by, kind, title, credit), or NULL. Borrowed. */
const char *bh_layer_def_import_str(const bh_layer_def *def, const char *key);
/* Item i of the "import" section's array key (a string there counts as a one-item array), or
 * NULL past the end. Borrowed. */
const char *bh_layer_def_import_item(const bh_layer_def *def, const char *key, size_t i);
/* The SpatiaLite cast for the layer geometry ("CastToMultiPolygon"), NULL for NONE. Static. */
const char *bh_layer_def_cast(const bh_layer_def *def);

/* Creates the layer's table (id, fields, sample for kind sample, geom registered with
 * RecoverGeometryColumn and a spatial index). Call inside the caller's transaction. */
BH_MUST_CHECK bh_status bh_layer_create_table(bh_db *db, const bh_layer_def *def);
/* Fills a derived layer: deletes its rows, then inserts the derive SELECT. *count (may be NULL)
 * receives the number of rows. Inside the caller's transaction. */
BH_MUST_CHECK bh_status bh_layer_derive(bh_db *db, const bh_layer_def *def, long long *count);
/* Writes or updates the catalogue row (feature count taken from the table; title and credit
 * from the definition). kind NULL keeps the definition's kind; source "derived" for derived
 * layers, NULL when still empty. */
BH_MUST_CHECK bh_status bh_layer_catalogue_put(bh_db *db, const bh_layer_def *def, const char *kind,
                                               const char *source, const char *source_layer);
/* Re-derives every catalogued derived layer that depends on table (transitively, in load order);
 * a derived layer replaced by an imported file (catalogue source not "derived") is left as
 * imported, only its area-weighted columns recomputed (db/fieldmap.h). *count (may be NULL)
 * receives how many layers were re-derived. Inside a transaction. */
BH_MUST_CHECK bh_status bh_layer_rederive(bh_db *db, const char *table, int *count);

/* 1 when s is a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*), safe to splice into SQL. */
int bh_layer_ident_ok(const char *s);

#endif

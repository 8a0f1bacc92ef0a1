/* The style parser's JSON readers, shared by render/style.c (pages, areas, tables) and
 * render/style_kinds.c (raster grids, categories, change fills). Every reader records the
 * first error with its JSON path in p->st and returns the default. Not a public header. */
#ifndef BH_STYLEP_H
#define BH_STYLEP_H

#include <json-c/json.h>
#include "render/style.h"

/* Parser state: the first error wins. */
typedef struct bh_stylep {
    bh_ctx *ctx;
    const char *origin;
    bh_status st;
} bh_stylep;

void bh_stylep_fail(bh_stylep *p, const char *path, const char *key, const char *what);
/* Rejects keys not in allowed (NULL-terminated): typos must not pass silently. */
void bh_stylep_keys(bh_stylep *p, json_object *o, const char *path, const char *const *allowed);
json_object *bh_stylep_get(json_object *o, const char *key);
const char *bh_stylep_str(bh_stylep *p, json_object *o, const char *path, const char *key,
                          const char *dflt);
double bh_stylep_num(bh_stylep *p, json_object *o, const char *path, const char *key, double dflt,
                     double lo, double hi);
int bh_stylep_bool(bh_stylep *p, json_object *o, const char *path, const char *key, int dflt);
/* One of names[] (NULL-terminated) → its index; dflt when absent. */
int bh_stylep_enum(bh_stylep *p, json_object *o, const char *path, const char *key,
                   const char *const *names, int dflt);
json_object *bh_stylep_obj(bh_stylep *p, json_object *o, const char *path, const char *key);
json_object *bh_stylep_arr(bh_stylep *p, json_object *o, const char *path, const char *key);
bh_rgba bh_stylep_color(bh_stylep *p, json_object *o, const char *path, const char *key,
                        bh_rgba dflt);
/* A paint object over the defaults d (NULL o: d). */
bh_style_paint bh_stylep_paint(bh_stylep *p, json_object *o, const char *path, bh_style_paint d);
/* Stroke black 0.2 mm, no fill. */
bh_style_paint bh_stylep_paint_default(void);
bh_style_symbol bh_stylep_symbol(bh_stylep *p, json_object *o, const char *path);
/* Appends ptr to the NULL-terminated list *list (freed with the style); -1 on failure. */
BH_MUST_CHECK int bh_stylep_own(void ***list, void *ptr);

/* The keys of the other layer kinds (render/style_kinds.c): "credit" is read by the caller;
 * "categories" of a table layer, the grid keys of a raster layer ("value", "per_year",
 * "threshold", "threshold_share", "opacity", "smooth", "clip", "decimals"). Arrays it allocates
 * are appended to *owned (freed with the style). */
void bh_style_kinds_parse(bh_stylep *p, void ***owned, json_object *o, const char *path,
                          bh_style_layer *L);

#endif

/* Style keys of the layer kinds beyond the crime choropleth (docs/styles.md): categories of a
 * table layer (first matching SQL condition wins: Gi* hot/cold at 90/95/99 %) and the grid keys
 * of a raster layer (a KDE surface). */
#include "render/stylep.h"
#include "core/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_CATEGORIES 64

static int is_identifier(const char *s)
{
    if (s == NULL || !*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return 0;
    return 1;
}

static void kinds_categories(bh_stylep *p, void ***owned, json_object *o, const char *path,
                             bh_style_layer *L)
{
    static const char *const keys[] = {"where", "label", "paint", NULL};
    json_object *arr = bh_stylep_arr(p, o, path, "categories");
    size_t n = arr ? json_object_array_length(arr) : 0;
    if (arr == NULL)
        return;
    if (L->type != BH_LAYER_TABLE || n == 0 || n > MAX_CATEGORIES) {
        bh_stylep_fail(p, path, "categories",
                       L->type != BH_LAYER_TABLE ? "only allowed in a table layer"
                                                 : "expected 1 to 64 categories");
        return;
    }
    bh_style_category *c = bh_calloc(n, sizeof *c);
    if (c == NULL || bh_stylep_own(owned, c) != 0) {
        bh_free(c);
        p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < n && p->st == BH_OK; i++) {
        json_object *ci = json_object_array_get_idx(arr, i);
        char sub[160], pp[176];
        snprintf(sub, sizeof sub, "%s.categories[%zu]", path, i);
        if (!json_object_is_type(ci, json_type_object)) {
            bh_stylep_fail(p, sub, NULL, "expected an object");
            break;
        }
        bh_stylep_keys(p, ci, sub, keys);
        c[i].where = bh_stylep_str(p, ci, sub, "where", NULL);
        c[i].label = bh_stylep_str(p, ci, sub, "label", NULL);
        if (c[i].where == NULL || c[i].label == NULL)
            bh_stylep_fail(p, sub, c[i].where ? "label" : "where", "required");
        snprintf(pp, sizeof pp, "%s.paint", sub);
        c[i].paint = bh_stylep_paint(p, bh_stylep_obj(p, ci, sub, "paint"), pp, L->paint);
    }
    L->categories = c;
    L->n_categories = n;
}

static void kinds_raster(bh_stylep *p, json_object *o, const char *path, bh_style_layer *L)
{
    static const char *const raster_only[] = {"value",   "per_year", "threshold", "threshold_share",
                                              "opacity", "smooth",   "clip",      "decimals",
                                              NULL};
    if (L->type != BH_LAYER_RASTER) {
        for (size_t i = 0; raster_only[i]; i++)
            if (bh_stylep_get(o, raster_only[i]))
                bh_stylep_fail(p, path, raster_only[i], "only allowed in a raster layer");
        return;
    }
    L->value = bh_stylep_str(p, o, path, "value", NULL);
    if (!is_identifier(L->value))
        bh_stylep_fail(p, path, "value", "required: the cells' value column ([A-Za-z0-9_])");
    L->per_year = bh_stylep_bool(p, o, path, "per_year", 0);
    L->threshold = bh_stylep_num(p, o, path, "threshold", 0, 0, 1e12);
    L->threshold_share = bh_stylep_num(p, o, path, "threshold_share", 0, 0, 1);
    L->opacity = bh_stylep_num(p, o, path, "opacity", 1, 0, 1);
    L->smooth = bh_stylep_bool(p, o, path, "smooth", 1);
    L->clip = bh_stylep_str(p, o, path, "clip", NULL);
    if (L->clip && !is_identifier(L->clip))
        bh_stylep_fail(p, path, "clip", "expected a table name ([A-Za-z0-9_])");
    L->decimals = (int)bh_stylep_num(p, o, path, "decimals", 0, 0, 6);
    if (L->n_classes == 0)
        bh_stylep_fail(p, path, "classes", "expected a non-empty array of class paints");
}

void bh_style_kinds_parse(bh_stylep *p, void ***owned, json_object *o, const char *path,
                          bh_style_layer *L)
{
    if (p->st != BH_OK)
        return;
    kinds_categories(p, owned, o, path, L);
    kinds_raster(p, o, path, L);
}

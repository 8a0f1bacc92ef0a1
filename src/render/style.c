#include "render/style.h"
#include "core/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/json.h"
#include "core/strbuf.h"
#include "render/stylep.h"
#include "render/text.h"

#define STYLE_MAX_LAYERS 64
#define STYLE_MAX_CLASSES 64

struct bh_style {
    json_object *root;
    char *origin;
    const char *name;
    bh_style_page page;
    bh_style_layer *layers;
    size_t n_layers;
    /* Owned arrays behind the layers' const pointers. */
    bh_style_class **class_arrays;
    double **break_arrays;
    unsigned **color_arrays;
};

/* An array of crime type names joined with commas (owned by s); NULL when absent. */
static const char *sp_types(bh_stylep *p, bh_style *s, json_object *o, const char *path,
                            const char *key)
{
    json_object *types = bh_stylep_get(o, key);
    if (types == NULL)
        return NULL;
    if (!json_object_is_type(types, json_type_array) || json_object_array_length(types) == 0) {
        bh_stylep_fail(p, path, key, "expected a non-empty array of crime type names");
        return NULL;
    }
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (size_t i = 0; i < json_object_array_length(types); i++) {
        json_object *t = json_object_array_get_idx(types, i);
        char sub[160];
        snprintf(sub, sizeof sub, "%s.%s[%zu]", path, key, i);
        if (!json_object_is_type(t, json_type_string) || !*json_object_get_string(t) ||
            strchr(json_object_get_string(t), ',')) {
            bh_stylep_fail(p, sub, NULL, "expected a crime type name");
            break;
        }
        bh_strbuf_printf(&sb, "%s%s", i ? "," : "", json_object_get_string(t));
    }
    char *joined = bh_strbuf_take(&sb);
    if (joined && bh_stylep_own((void ***)&s->break_arrays, joined) == 0)
        return joined;
    bh_free(joined);
    if (p->st == BH_OK)
        p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
    return NULL;
}

/* "classification" and "classes" (areas and raster layers); fill_by is known. */
static void sp_classes(bh_stylep *p, bh_style *s, json_object *o, const char *path,
                       bh_style_layer *L)
{
    static const char *const methods[] = {"quantile", "equal",  "jenks", "pretty",
                                          "stddev",   "manual", NULL};
    char sub[128];
    json_object *cls = bh_stylep_obj(p, o, path, "classification");
    snprintf(sub, sizeof sub, "%s.classification", path);
    static const char *const ckeys[] = {"method", "classes", "breaks", NULL};
    if (cls)
        bh_stylep_keys(p, cls, sub, ckeys);
    L->method = methods[bh_stylep_enum(p, cls, sub, "method", methods, 2)];
    L->n_classes_wanted = (int)bh_stylep_num(p, cls, sub, "classes", 5, 1, STYLE_MAX_CLASSES);
    json_object *br = bh_stylep_arr(p, cls, sub, "breaks");
    if (br && json_object_array_length(br) > 0) {
        size_t n = json_object_array_length(br);
        double *b = bh_calloc(n, sizeof *b);
        if (b == NULL || bh_stylep_own((void ***)&s->break_arrays, b) != 0) {
            bh_free(b);
            p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
            return;
        }
        for (size_t i = 0; i < n; i++) {
            json_object *v = json_object_array_get_idx(br, i);
            char bp[160];
            snprintf(bp, sizeof bp, "%s.breaks[%zu]", sub, i);
            if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
                bh_stylep_fail(p, bp, NULL, "expected a number");
            b[i] = json_object_get_double(v);
            if (i > 0 && !(b[i] > b[i - 1]))
                bh_stylep_fail(p, bp, NULL, "breaks must be strictly increasing");
        }
        L->breaks = b;
        L->n_breaks = n;
    }
    json_object *classes = bh_stylep_arr(p, o, path, "classes");
    size_t nc = classes ? json_object_array_length(classes) : 0;
    if (nc == 0 && L->fill_by != BH_FILL_NONE)
        bh_stylep_fail(p, path, "classes", "expected a non-empty array of class paints");
    if (nc > STYLE_MAX_CLASSES)
        bh_stylep_fail(p, path, "classes", "too many classes (at most 64)");
    if (L->fill_by == BH_FILL_RISK && nc != 5 && nc != 0)
        bh_stylep_fail(p, path, "classes", "fill_by risk needs exactly 5 classes (危険度 1..5)");
    if (nc > 0 && nc <= STYLE_MAX_CLASSES && p->st == BH_OK) {
        bh_style_class *c = bh_calloc(nc, sizeof *c);
        if (c == NULL || bh_stylep_own((void ***)&s->class_arrays, c) != 0) {
            bh_free(c);
            p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
            return;
        }
        static const char *const keys[] = {"paint", "label", NULL};
        for (size_t i = 0; i < nc; i++) {
            json_object *ci = json_object_array_get_idx(classes, i);
            snprintf(sub, sizeof sub, "%s.classes[%zu]", path, i);
            if (!json_object_is_type(ci, json_type_object)) {
                bh_stylep_fail(p, sub, NULL, "expected an object");
                continue;
            }
            bh_stylep_keys(p, ci, sub, keys);
            char pp[160];
            snprintf(pp, sizeof pp, "%s.paint", sub);
            c[i].paint = bh_stylep_paint(p, bh_stylep_obj(p, ci, sub, "paint"), pp, L->paint);
            c[i].label = bh_stylep_str(p, ci, sub, "label", NULL);
        }
        L->classes = c;
        L->n_classes = nc;
    }
}

/* The chart object of an areas layer: size, types, colours, values and bar outlines. */
static void sp_chart(bh_stylep *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    char sub[128];
    json_object *ch = bh_stylep_obj(p, o, path, "chart");
    snprintf(sub, sizeof sub, "%s.chart", path);
    static const char *const chkeys[] = {"show",   "width_mm", "height_mm", "colors",     "types",
                                         "values", "value_pt", "outline",   "outline_mm", NULL};
    if (ch)
        bh_stylep_keys(p, ch, sub, chkeys);
    L->charts = bh_stylep_bool(p, ch, sub, "show", ch != NULL);
    L->chart_w_mm = bh_stylep_num(p, ch, sub, "width_mm", 7, 1, 100);
    L->chart_h_mm = bh_stylep_num(p, ch, sub, "height_mm", 4, 1, 100);
    L->chart_values = bh_stylep_bool(p, ch, sub, "values", 1);
    L->chart_value_pt = bh_stylep_num(p, ch, sub, "value_pt", 4.5, 2, 12);
    L->chart_outline = bh_stylep_color(p, ch, sub, "outline", (bh_rgba){0});
    L->chart_outline_mm = bh_stylep_num(p, ch, sub, "outline_mm", 0.1, 0.01, 2);
    if (ch)
        L->chart_types = sp_types(p, s, ch, sub, "types");
    json_object *cc = bh_stylep_arr(p, ch, sub, "colors");
    size_t ncc = cc ? json_object_array_length(cc) : 0;
    if (ncc > 0) {
        unsigned *u = bh_calloc(ncc, sizeof *u);
        if (u == NULL || bh_stylep_own((void ***)&s->color_arrays, u) != 0) {
            bh_free(u);
            p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
            return;
        }
        for (size_t i = 0; i < ncc; i++) {
            json_object *v = json_object_array_get_idx(cc, i);
            char cp[160];
            bh_rgba c;
            snprintf(cp, sizeof cp, "%s.colors[%zu]", sub, i);
            if (!json_object_is_type(v, json_type_string) ||
                bh_style_parse_color(json_object_get_string(v), &c) != 0 || !c.set)
                bh_stylep_fail(p, cp, NULL, "expected colour");
            else
                u[i] = bh_rgba_hex(&c);
        }
        L->chart_colors = u;
        L->n_chart_colors = ncc;
    }
}

static void sp_areas(bh_stylep *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    static const char *const fills[] = {"risk", "count", "per_1000", "none", "change", NULL};
    char sub[128];
    L->fill_by = (bh_fill_by)bh_stylep_enum(p, o, path, "fill_by", fills, BH_FILL_RISK);
    L->types = sp_types(p, s, o, path, "types");
    sp_classes(p, s, o, path, L);
    if (p->st != BH_OK)
        return;
    snprintf(sub, sizeof sub, "%s.no_data", path);
    bh_style_paint nd = L->paint;
    nd.fill.set = 0;
    L->no_data = bh_stylep_paint(p, bh_stylep_obj(p, o, path, "no_data"), sub, nd);
    snprintf(sub, sizeof sub, "%s.new", path);
    L->new_paint = bh_stylep_paint(p, bh_stylep_obj(p, o, path, "new"), sub, L->no_data);
    if (L->fill_by == BH_FILL_CHANGE &&
        (strcmp(L->method, "manual") != 0 || L->n_breaks + 1 != L->n_classes))
        bh_stylep_fail(p, path, "classification",
                       "fill_by change needs method manual with one break fewer than classes "
                       "(diverging classes of 前年比 in %)");
    L->label_names = bh_stylep_bool(p, o, path, "label_names", 1);
    L->label_counts = bh_stylep_bool(p, o, path, "label_counts", 1);
    sp_chart(p, s, o, path, L);
}

/* clang-format off */
static const char *const layer_keys[] = {
    "type", "id", "title", "table", "where", "edition", "legend", "paint", "symbol", "label",
    "public_counts", "credit", "legend_note",
    /* areas */
    "fill_by", "types", "classification", "classes", "no_data", "new", "label_names",
    "label_counts", "chart",
    /* table */
    "categories",
    /* raster */
    "value", "per_year", "threshold", "threshold_share", "opacity", "smooth", "clip", "decimals",
    NULL};
/* clang-format on */

static void sp_label(bh_stylep *p, json_object *o, const char *path, bh_style_layer *L)
{
    char sub[128];
    json_object *lab = bh_stylep_obj(p, o, path, "label");
    snprintf(sub, sizeof sub, "%s.label", path);
    static const char *const lkeys[] = {"field", "size_pt", NULL};
    if (lab) {
        bh_stylep_keys(p, lab, sub, lkeys);
        L->label_field = bh_stylep_str(p, lab, sub, "field", NULL);
        for (const char *c = L->label_field; c && *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_') {
                bh_stylep_fail(p, sub, "field", "expected a column name ([A-Za-z0-9_])");
                break;
            }
    }
    L->label_pt = bh_stylep_num(p, lab, sub, "size_pt", 6, 2, 72);
}

/* The keys of the layer's type (areas: fill and labels; raster: classes; the others refused). */
static void sp_kind(bh_stylep *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    if (L->type == BH_LAYER_AREAS) {
        sp_areas(p, s, o, path, L);
    } else {
        static const char *const area_only[] = {"fill_by",      "types", "no_data", "label_names",
                                                "label_counts", "chart", "new",     NULL};
        for (size_t i = 0; area_only[i]; i++)
            if (bh_stylep_get(o, area_only[i]))
                bh_stylep_fail(p, path, area_only[i], "only allowed in a layer of type \"areas\"");
    }
    if (L->type == BH_LAYER_RASTER) {
        L->fill_by = BH_FILL_COUNT; /* classified values */
        sp_classes(p, s, o, path, L);
    } else {
        static const char *const cls_only[] = {"classification", "classes", NULL};
        for (size_t i = 0; L->type == BH_LAYER_TABLE && cls_only[i]; i++)
            if (bh_stylep_get(o, cls_only[i]))
                bh_stylep_fail(p, path, cls_only[i], "only allowed in an areas or raster layer");
    }
    bh_style_kinds_parse(p, (void ***)&s->class_arrays, o, path, L);
}

static void sp_layer(bh_stylep *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    static const char *const types[] = {"areas", "table", "raster", NULL};
    static const char *const editions[] = {"any", "internal", NULL};
    bh_stylep_keys(p, o, path, layer_keys);
    char sub[128];
    L->type = (bh_layer_type)bh_stylep_enum(p, o, path, "type", types, BH_LAYER_TABLE);
    if (bh_stylep_get(o, "type") == NULL)
        bh_stylep_fail(p, path, "type", "required: \"areas\", \"table\" or \"raster\"");
    L->table = bh_stylep_str(p, o, path, "table", NULL);
    if (L->type != BH_LAYER_AREAS) {
        if (L->table == NULL)
            bh_stylep_fail(p, path, "table", "required for a table or raster layer");
        for (const char *c = L->table; c && *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_') {
                bh_stylep_fail(p, path, "table", "expected a table name ([A-Za-z0-9_])");
                break;
            }
    }
    L->id = bh_stylep_str(p, o, path, "id", L->type == BH_LAYER_AREAS ? "areas" : L->table);
    L->title = bh_stylep_str(p, o, path, "title", NULL);
    L->where = bh_stylep_str(p, o, path, "where", NULL);
    L->edition = (bh_edition_rule)bh_stylep_enum(p, o, path, "edition", editions, BH_SHOW_ALWAYS);
    L->legend = bh_stylep_bool(p, o, path, "legend", 1);
    snprintf(sub, sizeof sub, "%s.paint", path);
    L->paint =
        bh_stylep_paint(p, bh_stylep_obj(p, o, path, "paint"), sub, bh_stylep_paint_default());
    snprintf(sub, sizeof sub, "%s.symbol", path);
    L->symbol = bh_stylep_symbol(p, bh_stylep_obj(p, o, path, "symbol"), sub);
    sp_label(p, o, path, L);
    L->public_counts = bh_stylep_str(p, o, path, "public_counts", NULL);
    if (L->public_counts && (L->type != BH_LAYER_TABLE || L->edition != BH_SHOW_INTERNAL))
        bh_stylep_fail(p, path, "public_counts",
                       "only for a table layer with \"edition\": \"internal\"");
    L->credit = bh_stylep_str(p, o, path, "credit", NULL);
    L->legend_note = bh_stylep_str(p, o, path, "legend_note", NULL);
    sp_kind(p, s, o, path, L);
}

static bh_style_item sp_item(bh_stylep *p, json_object *o, const char *path, const char *key,
                             bh_corner dflt)
{
    static const char *const keys[] = {"show", "corner", NULL};
    static const char *const corners[] = {"top-left", "top-right", "bottom-left", "bottom-right",
                                          NULL};
    char sub[64];
    snprintf(sub, sizeof sub, "%s.%s", path, key);
    json_object *v = bh_stylep_get(o, key);
    bh_style_item it = {1, dflt};
    if (v && json_object_is_type(v, json_type_boolean)) {
        it.show = json_object_get_boolean(v);
        return it;
    }
    if (v && !json_object_is_type(v, json_type_object)) {
        bh_stylep_fail(p, path, key, "expected true, false or an object");
        return it;
    }
    if (v) {
        bh_stylep_keys(p, v, sub, keys);
        it.show = bh_stylep_bool(p, v, sub, "show", 1);
        it.corner = (bh_corner)bh_stylep_enum(p, v, sub, "corner", corners, (int)dflt);
    }
    return it;
}

static void sp_page(bh_stylep *p, json_object *root, bh_style_page *pg)
{
    static const char *const keys[] = {"paper",      "orientation",           "margin_mm", "title",
                                       "header_sql", "header_sql_postgresql", NULL};
    static const char *const papers[] = {"A4", "A3", "B4", "B3", NULL};
    static const char *const orient[] = {"portrait", "landscape", NULL};
    static const char *const fkeys[] = {"family",   "title_pt", "text_pt",       "legend_pt",
                                        "label_pt", "small_pt", "label_halo_mm", NULL};
    static const char *const furn[] = {"legend",  "scalebar", "north", "title_block",
                                       "credits", "stamp",    NULL};
    json_object *page = bh_stylep_obj(p, root, "", "page");
    if (page)
        bh_stylep_keys(p, page, "page", keys);
    pg->paper = papers[bh_stylep_enum(p, page, "page", "paper", papers, 1)];
    pg->landscape = bh_stylep_enum(p, page, "page", "orientation", orient, 1) == 1;
    pg->margin_mm = bh_stylep_num(p, page, "page", "margin_mm", 10, 0, 100);
    pg->title = bh_stylep_str(p, page, "page", "title", "{city} 犯罪発生マップ");
    pg->header_sql = bh_stylep_str(p, page, "page", "header_sql", NULL);
    pg->header_sql_pg = bh_stylep_str(p, page, "page", "header_sql_postgresql", NULL);
    json_object *fonts = bh_stylep_obj(p, root, "", "fonts");
    if (fonts)
        bh_stylep_keys(p, fonts, "fonts", fkeys);
    pg->font_family = bh_stylep_str(p, fonts, "fonts", "family", BH_TEXT_DEFAULT_FAMILY);
    pg->title_pt = bh_stylep_num(p, fonts, "fonts", "title_pt", 20, 4, 96);
    pg->text_pt = bh_stylep_num(p, fonts, "fonts", "text_pt", 9, 3, 48);
    pg->legend_pt = bh_stylep_num(p, fonts, "fonts", "legend_pt", 8, 3, 48);
    pg->label_pt = bh_stylep_num(p, fonts, "fonts", "label_pt", 6, 2, 48);
    pg->small_pt = bh_stylep_num(p, fonts, "fonts", "small_pt", 6, 2, 48);
    pg->label_halo_mm = bh_stylep_num(p, fonts, "fonts", "label_halo_mm", 0.5, 0, 3);
    json_object *f = bh_stylep_obj(p, root, "", "furniture");
    if (f)
        bh_stylep_keys(p, f, "furniture", furn);
    pg->legend = sp_item(p, f, "furniture", "legend", BH_CORNER_TOP_LEFT);
    pg->scalebar = sp_item(p, f, "furniture", "scalebar", BH_CORNER_BOTTOM_LEFT);
    pg->north = sp_item(p, f, "furniture", "north", BH_CORNER_TOP_RIGHT);
    pg->title_block = bh_stylep_bool(p, f, "furniture", "title_block", 1);
    pg->credits = bh_stylep_bool(p, f, "furniture", "credits", 1);
    pg->stamp = bh_stylep_bool(p, f, "furniture", "stamp", 1);
}

bh_status bh_style_parse(bh_ctx *ctx, const char *text, const char *origin, bh_style **out)
{
    *out = NULL;
    origin = origin ? origin : "style";
    json_object *root = NULL;
    bh_status jst = bh_json_parse(ctx, text, origin, BH_E_STYLE, &root);
    if (jst != BH_OK)
        return jst;
    bh_style *s = bh_calloc(1, sizeof *s);
    if (s == NULL) {
        json_object_put(root);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    s->root = root;
    s->origin = bh_strdup(origin);
    bh_stylep p = {ctx, origin, BH_OK};
    static const char *const keys[] = {"name",   "description", "page",  "fonts",
                                       "layers", "furniture",   "atlas", NULL};
    if (!json_object_is_type(root, json_type_object)) {
        bh_stylep_fail(&p, "", NULL, "expected a JSON object at the top");
    } else {
        bh_stylep_keys(&p, root, "", keys);
        s->name = bh_stylep_str(&p, root, "", "name", origin);
        bh_stylep_str(&p, root, "", "description", NULL);
        sp_page(&p, root, &s->page);
        json_object *layers = bh_stylep_arr(&p, root, "", "layers");
        size_t n = layers ? json_object_array_length(layers) : 0;
        if (n == 0)
            bh_stylep_fail(&p, "", "layers", "expected a non-empty array of layers");
        else if (n > STYLE_MAX_LAYERS)
            bh_stylep_fail(&p, "", "layers", "too many layers (at most 64)");
        else if ((s->layers = bh_calloc(n, sizeof *s->layers)) == NULL)
            p.st = bh_error(ctx, BH_E_NOMEM, "out of memory");
        for (size_t i = 0; s->layers && i < n && p.st == BH_OK; i++) {
            char path[32];
            snprintf(path, sizeof path, "layers[%zu]", i);
            json_object *lo = json_object_array_get_idx(layers, i);
            if (!json_object_is_type(lo, json_type_object))
                bh_stylep_fail(&p, path, NULL, "expected an object");
            else
                sp_layer(&p, s, lo, path, &s->layers[i]);
            s->n_layers = i + 1;
        }
        json_object *atlas = bh_stylep_get(root, "atlas");
        if (atlas && !json_object_is_type(atlas, json_type_object))
            bh_stylep_fail(&p, "", "atlas", "expected an object");
    }
    if (p.st != BH_OK) {
        bh_style_destroy(s);
        return p.st;
    }
    *out = s;
    return BH_OK;
}

bh_status bh_style_load(bh_ctx *ctx, const char *name_or_path, const char *styles_dir,
                        bh_style **out)
{
    *out = NULL;
    size_t nl = strlen(name_or_path);
    int is_path = strchr(name_or_path, '/') != NULL ||
                  (nl > 5 && strcmp(name_or_path + nl - 5, ".json") == 0);
    char *path = is_path ? bh_strdup(name_or_path)
                         : bh_asprintf("%s/%s.json", styles_dir ? styles_dir : ".", name_or_path);
    if (path == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    char *text = bh_file_slurp(path, NULL);
    bh_status st = BH_OK;
    if (text == NULL) {
        st = bh_error(ctx, BH_E_NOT_FOUND, "%s: cannot open style", path);
    } else {
        const char *base = strrchr(path, '/');
        st = bh_style_parse(ctx, text, base ? base + 1 : path, out);
    }
    bh_free(text);
    bh_free(path);
    return st;
}

static void free_list(void **l)
{
    for (size_t i = 0; l && l[i]; i++)
        bh_free(l[i]);
    bh_free(l);
}

void bh_style_destroy(bh_style *s)
{
    if (s == NULL)
        return;
    free_list((void **)s->class_arrays);
    free_list((void **)s->break_arrays);
    free_list((void **)s->color_arrays);
    bh_free(s->layers);
    bh_free(s->origin);
    json_object_put(s->root);
    bh_free(s);
}

const char *bh_style_name(const bh_style *s)
{
    return s->name;
}

const char *bh_style_origin(const bh_style *s)
{
    return s->origin;
}

const bh_style_page *bh_style_page_of(const bh_style *s)
{
    return &s->page;
}

size_t bh_style_n_layers(const bh_style *s)
{
    return s->n_layers;
}

const bh_style_layer *bh_style_layer_at(const bh_style *s, size_t i)
{
    return i < s->n_layers ? &s->layers[i] : NULL;
}

const bh_style_layer *bh_style_areas(const bh_style *s)
{
    for (size_t i = 0; i < s->n_layers; i++)
        if (s->layers[i].type == BH_LAYER_AREAS)
            return &s->layers[i];
    return NULL;
}

struct json_object *bh_style_json(const bh_style *s)
{
    return s->root;
}

#include "render/style.h"
#include "core/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/json.h"
#include "core/strbuf.h"
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

/* Parser state: the first error wins. */
typedef struct sp {
    bh_ctx *ctx;
    const char *origin;
    bh_status st;
} sp;

static void sp_fail(sp *p, const char *path, const char *key, const char *what)
{
    if (p->st != BH_OK)
        return;
    p->st = bh_error(p->ctx, BH_E_STYLE, "%s: %s%s%s: %s", p->origin, path, *path && key ? "." : "",
                     key ? key : "", what);
}

/* Rejects keys not in allowed (NULL-terminated): typos must not pass silently. */
static void sp_keys(sp *p, json_object *o, const char *path, const char *const *allowed)
{
    json_object_object_foreach(o, key, val)
    {
        (void)val;
        int ok = 0;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], key) == 0;
        if (!ok)
            sp_fail(p, path, key, "unknown key");
    }
}

static json_object *sp_get(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o == NULL || !json_object_object_get_ex(o, key, &v))
        return NULL;
    return v;
}

static const char *sp_str(sp *p, json_object *o, const char *path, const char *key,
                          const char *dflt)
{
    json_object *v = sp_get(o, key);
    if (v == NULL || json_object_is_type(v, json_type_null))
        return dflt;
    if (!json_object_is_type(v, json_type_string)) {
        sp_fail(p, path, key, "expected a string");
        return dflt;
    }
    return json_object_get_string(v);
}

static double sp_num(sp *p, json_object *o, const char *path, const char *key, double dflt,
                     double lo, double hi)
{
    json_object *v = sp_get(o, key);
    if (v == NULL)
        return dflt;
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double)) {
        sp_fail(p, path, key, "expected a number");
        return dflt;
    }
    double d = json_object_get_double(v);
    if (!(d >= lo && d <= hi)) {
        char msg[96];
        snprintf(msg, sizeof msg, "expected a number from %g to %g", lo, hi);
        sp_fail(p, path, key, msg);
        return dflt;
    }
    return d;
}

static int sp_bool(sp *p, json_object *o, const char *path, const char *key, int dflt)
{
    json_object *v = sp_get(o, key);
    if (v == NULL)
        return dflt;
    if (!json_object_is_type(v, json_type_boolean)) {
        sp_fail(p, path, key, "expected true or false");
        return dflt;
    }
    return json_object_get_boolean(v);
}

/* One of names[] (NULL-terminated) → its index; dflt when absent. */
static int sp_enum(sp *p, json_object *o, const char *path, const char *key,
                   const char *const *names, int dflt)
{
    const char *s = sp_str(p, o, path, key, NULL);
    if (s == NULL)
        return dflt;
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_append(&sb, "expected one of ");
    for (int i = 0; names[i]; i++)
        bh_strbuf_printf(&sb, "%s%s", i ? "|" : "", names[i]);
    sp_fail(p, path, key, sb.data ? sb.data : "expected a known name");
    bh_strbuf_free(&sb);
    return dflt;
}

static json_object *sp_obj(sp *p, json_object *o, const char *path, const char *key)
{
    json_object *v = sp_get(o, key);
    if (v != NULL && !json_object_is_type(v, json_type_object)) {
        sp_fail(p, path, key, "expected an object");
        return NULL;
    }
    return v;
}

static json_object *sp_arr(sp *p, json_object *o, const char *path, const char *key)
{
    json_object *v = sp_get(o, key);
    if (v != NULL && !json_object_is_type(v, json_type_array)) {
        sp_fail(p, path, key, "expected an array");
        return NULL;
    }
    return v;
}

int bh_style_parse_color(const char *t, bh_rgba *out)
{
    memset(out, 0, sizeof *out);
    if (t == NULL)
        return -1;
    if (strcmp(t, "none") == 0)
        return 0;
    if (t[0] != '#')
        return -1;
    size_t n = strlen(t + 1);
    unsigned v[8];
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)t[1 + i];
        if (!isxdigit(c) || i >= 8)
            return -1;
        v[i] = (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
    }
    if (n == 3) {
        out->r = v[0] * 17 / 255.0;
        out->g = v[1] * 17 / 255.0;
        out->b = v[2] * 17 / 255.0;
        out->a = 1;
    } else if (n == 6 || n == 8) {
        out->r = (v[0] * 16 + v[1]) / 255.0;
        out->g = (v[2] * 16 + v[3]) / 255.0;
        out->b = (v[4] * 16 + v[5]) / 255.0;
        out->a = n == 8 ? (v[6] * 16 + v[7]) / 255.0 : 1;
    } else {
        return -1;
    }
    out->set = 1;
    return 0;
}

unsigned bh_rgba_hex(const bh_rgba *c)
{
    if (!c->set)
        return 0;
    return (unsigned)lround(c->r * 255) << 16 | (unsigned)lround(c->g * 255) << 8 |
           (unsigned)lround(c->b * 255);
}

static bh_rgba sp_color(sp *p, json_object *o, const char *path, const char *key, bh_rgba dflt)
{
    json_object *v = sp_get(o, key);
    if (v == NULL)
        return dflt;
    bh_rgba c;
    if (!json_object_is_type(v, json_type_string) ||
        bh_style_parse_color(json_object_get_string(v), &c) != 0) {
        sp_fail(p, path, key, "expected colour (\"#rrggbb\", \"#rrggbbaa\" or \"none\")");
        return dflt;
    }
    return c;
}

static const bh_rgba NONE = {0, 0, 0, 0, 0};
static const bh_rgba BLACK = {0, 0, 0, 1, 1};

static bh_style_paint sp_paint(sp *p, json_object *o, const char *path, bh_style_paint d)
{
    static const char *const keys[] = {"fill",  "stroke",      "stroke_width_mm",  "dash_mm",
                                       "hatch", "hatch_color", "hatch_spacing_mm", "hatch_width_mm",
                                       NULL};
    static const char *const hatches[] = {"none",       "diagonal", "back-diagonal", "cross",
                                          "horizontal", "vertical", "dots",          NULL};
    if (o == NULL)
        return d;
    sp_keys(p, o, path, keys);
    bh_style_paint r;
    r.fill = sp_color(p, o, path, "fill", d.fill);
    r.stroke = sp_color(p, o, path, "stroke", d.stroke);
    r.stroke_width_mm = sp_num(p, o, path, "stroke_width_mm", d.stroke_width_mm, 0, 20);
    r.dash_mm = sp_num(p, o, path, "dash_mm", d.dash_mm, 0, 100);
    r.hatch = (bh_hatch)sp_enum(p, o, path, "hatch", hatches, (int)d.hatch);
    r.hatch_color = sp_color(p, o, path, "hatch_color", d.hatch_color);
    r.hatch_spacing_mm = sp_num(p, o, path, "hatch_spacing_mm", d.hatch_spacing_mm, 0.2, 50);
    r.hatch_width_mm = sp_num(p, o, path, "hatch_width_mm", d.hatch_width_mm, 0.01, 5);
    return r;
}

static bh_style_paint paint_default(void)
{
    bh_style_paint d = {NONE, BLACK, 0.2, 0, BH_HATCH_NONE, BLACK, 1.5, 0.15};
    return d;
}

static bh_style_symbol sp_symbol(sp *p, json_object *o, const char *path)
{
    static const char *const keys[] = {"shape",  "size_mm",         "fill",
                                       "stroke", "stroke_width_mm", NULL};
    static const char *const shapes[] = {"none",    "circle", "square", "triangle",
                                         "diamond", "cross",  NULL};
    bh_style_symbol s = {BH_SYMBOL_NONE, 1.5, BLACK, NONE, 0.15};
    if (o == NULL)
        return s;
    sp_keys(p, o, path, keys);
    s.shape = (bh_symbol_shape)sp_enum(p, o, path, "shape", shapes, BH_SYMBOL_CIRCLE);
    s.size_mm = sp_num(p, o, path, "size_mm", s.size_mm, 0.1, 50);
    s.fill = sp_color(p, o, path, "fill", s.fill);
    s.stroke = sp_color(p, o, path, "stroke", s.stroke);
    s.stroke_width_mm = sp_num(p, o, path, "stroke_width_mm", s.stroke_width_mm, 0, 5);
    return s;
}

/* Appends ptr to the NULL-terminated list *list (for freeing); -1 on failure. */
static int own(void ***list, void *ptr)
{
    size_t n = 0;
    while (*list && (*list)[n])
        n++;
    void **l = bh_realloc(*list, (n + 2) * sizeof *l);
    if (l == NULL)
        return -1;
    l[n] = ptr;
    l[n + 1] = NULL;
    *list = l;
    return 0;
}

/* An array of crime type names joined with commas (owned by s); NULL when absent. */
static const char *sp_types(sp *p, bh_style *s, json_object *o, const char *path, const char *key)
{
    json_object *types = sp_get(o, key);
    if (types == NULL)
        return NULL;
    if (!json_object_is_type(types, json_type_array) || json_object_array_length(types) == 0) {
        sp_fail(p, path, key, "expected a non-empty array of crime type names");
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
            sp_fail(p, sub, NULL, "expected a crime type name");
            break;
        }
        bh_strbuf_printf(&sb, "%s%s", i ? "," : "", json_object_get_string(t));
    }
    char *joined = bh_strbuf_take(&sb);
    if (joined && own((void ***)&s->break_arrays, joined) == 0)
        return joined;
    bh_free(joined);
    if (p->st == BH_OK)
        p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
    return NULL;
}

/* The chart object of an areas layer: size, types, colours, values and bar outlines. */
static void sp_chart(sp *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    char sub[128];
    json_object *ch = sp_obj(p, o, path, "chart");
    snprintf(sub, sizeof sub, "%s.chart", path);
    static const char *const chkeys[] = {"show",   "width_mm", "height_mm", "colors",     "types",
                                         "values", "value_pt", "outline",   "outline_mm", NULL};
    if (ch)
        sp_keys(p, ch, sub, chkeys);
    L->charts = sp_bool(p, ch, sub, "show", ch != NULL);
    L->chart_w_mm = sp_num(p, ch, sub, "width_mm", 7, 1, 100);
    L->chart_h_mm = sp_num(p, ch, sub, "height_mm", 4, 1, 100);
    L->chart_values = sp_bool(p, ch, sub, "values", 1);
    L->chart_value_pt = sp_num(p, ch, sub, "value_pt", 4.5, 2, 12);
    L->chart_outline = sp_color(p, ch, sub, "outline", (bh_rgba){0});
    L->chart_outline_mm = sp_num(p, ch, sub, "outline_mm", 0.1, 0.01, 2);
    if (ch)
        L->chart_types = sp_types(p, s, ch, sub, "types");
    json_object *cc = sp_arr(p, ch, sub, "colors");
    size_t ncc = cc ? json_object_array_length(cc) : 0;
    if (ncc > 0) {
        unsigned *u = bh_calloc(ncc, sizeof *u);
        if (u == NULL || own((void ***)&s->color_arrays, u) != 0) {
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
                sp_fail(p, cp, NULL, "expected colour");
            else
                u[i] = bh_rgba_hex(&c);
        }
        L->chart_colors = u;
        L->n_chart_colors = ncc;
    }
}

static void sp_areas(sp *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    static const char *const fills[] = {"risk", "count", "per_1000", "none", NULL};
    static const char *const methods[] = {"quantile", "equal",  "jenks", "pretty",
                                          "stddev",   "manual", NULL};
    char sub[128];
    L->fill_by = (bh_fill_by)sp_enum(p, o, path, "fill_by", fills, BH_FILL_RISK);
    L->types = sp_types(p, s, o, path, "types");
    json_object *cls = sp_obj(p, o, path, "classification");
    snprintf(sub, sizeof sub, "%s.classification", path);
    static const char *const ckeys[] = {"method", "classes", "breaks", NULL};
    if (cls)
        sp_keys(p, cls, sub, ckeys);
    L->method = methods[sp_enum(p, cls, sub, "method", methods, 2)];
    L->n_classes_wanted = (int)sp_num(p, cls, sub, "classes", 5, 1, STYLE_MAX_CLASSES);
    json_object *br = sp_arr(p, cls, sub, "breaks");
    if (br && json_object_array_length(br) > 0) {
        size_t n = json_object_array_length(br);
        double *b = bh_calloc(n, sizeof *b);
        if (b == NULL || own((void ***)&s->break_arrays, b) != 0) {
            bh_free(b);
            p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
            return;
        }
        for (size_t i = 0; i < n; i++) {
            json_object *v = json_object_array_get_idx(br, i);
            char bp[160];
            snprintf(bp, sizeof bp, "%s.breaks[%zu]", sub, i);
            if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
                sp_fail(p, bp, NULL, "expected a number");
            b[i] = json_object_get_double(v);
            if (i > 0 && !(b[i] > b[i - 1]))
                sp_fail(p, bp, NULL, "breaks must be strictly increasing");
        }
        L->breaks = b;
        L->n_breaks = n;
    }
    json_object *classes = sp_arr(p, o, path, "classes");
    size_t nc = classes ? json_object_array_length(classes) : 0;
    if (nc == 0 && L->fill_by != BH_FILL_NONE)
        sp_fail(p, path, "classes", "expected a non-empty array of class paints");
    if (nc > STYLE_MAX_CLASSES)
        sp_fail(p, path, "classes", "too many classes (at most 64)");
    if (L->fill_by == BH_FILL_RISK && nc != 5 && nc != 0)
        sp_fail(p, path, "classes", "fill_by risk needs exactly 5 classes (危険度 1..5)");
    if (nc > 0 && nc <= STYLE_MAX_CLASSES && p->st == BH_OK) {
        bh_style_class *c = bh_calloc(nc, sizeof *c);
        if (c == NULL || own((void ***)&s->class_arrays, c) != 0) {
            bh_free(c);
            p->st = bh_error(p->ctx, BH_E_NOMEM, "out of memory");
            return;
        }
        static const char *const keys[] = {"paint", "label", NULL};
        for (size_t i = 0; i < nc; i++) {
            json_object *ci = json_object_array_get_idx(classes, i);
            snprintf(sub, sizeof sub, "%s.classes[%zu]", path, i);
            if (!json_object_is_type(ci, json_type_object)) {
                sp_fail(p, sub, NULL, "expected an object");
                continue;
            }
            sp_keys(p, ci, sub, keys);
            char pp[160];
            snprintf(pp, sizeof pp, "%s.paint", sub);
            c[i].paint = sp_paint(p, sp_obj(p, ci, sub, "paint"), pp, L->paint);
            c[i].label = sp_str(p, ci, sub, "label", NULL);
        }
        L->classes = c;
        L->n_classes = nc;
    }
    snprintf(sub, sizeof sub, "%s.no_data", path);
    bh_style_paint nd = L->paint;
    nd.fill.set = 0;
    L->no_data = sp_paint(p, sp_obj(p, o, path, "no_data"), sub, nd);
    L->label_names = sp_bool(p, o, path, "label_names", 1);
    L->label_counts = sp_bool(p, o, path, "label_counts", 1);
    sp_chart(p, s, o, path, L);
}

static void sp_layer(sp *p, bh_style *s, json_object *o, const char *path, bh_style_layer *L)
{
    static const char *const keys[] = {"type",           "id",      "title",         "table",
                                       "where",          "edition", "legend",        "paint",
                                       "symbol",         "label",   "fill_by",       "types",
                                       "classification", "classes", "no_data",       "label_names",
                                       "label_counts",   "chart",   "public_counts", NULL};
    static const char *const types[] = {"areas", "table", NULL};
    static const char *const editions[] = {"any", "internal", NULL};
    sp_keys(p, o, path, keys);
    char sub[128];
    L->type = (bh_layer_type)sp_enum(p, o, path, "type", types, BH_LAYER_TABLE);
    if (sp_get(o, "type") == NULL)
        sp_fail(p, path, "type", "required: \"areas\" or \"table\"");
    L->table = sp_str(p, o, path, "table", NULL);
    if (L->type == BH_LAYER_TABLE) {
        if (L->table == NULL)
            sp_fail(p, path, "table", "required for a table layer");
        for (const char *c = L->table; c && *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_') {
                sp_fail(p, path, "table", "expected a table name ([A-Za-z0-9_])");
                break;
            }
    }
    L->id = sp_str(p, o, path, "id", L->type == BH_LAYER_AREAS ? "areas" : L->table);
    L->title = sp_str(p, o, path, "title", NULL);
    L->where = sp_str(p, o, path, "where", NULL);
    L->edition = (bh_edition_rule)sp_enum(p, o, path, "edition", editions, BH_SHOW_ALWAYS);
    L->legend = sp_bool(p, o, path, "legend", 1);
    snprintf(sub, sizeof sub, "%s.paint", path);
    L->paint = sp_paint(p, sp_obj(p, o, path, "paint"), sub, paint_default());
    snprintf(sub, sizeof sub, "%s.symbol", path);
    L->symbol = sp_symbol(p, sp_obj(p, o, path, "symbol"), sub);
    json_object *lab = sp_obj(p, o, path, "label");
    snprintf(sub, sizeof sub, "%s.label", path);
    static const char *const lkeys[] = {"field", "size_pt", NULL};
    if (lab) {
        sp_keys(p, lab, sub, lkeys);
        L->label_field = sp_str(p, lab, sub, "field", NULL);
        for (const char *c = L->label_field; c && *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_') {
                sp_fail(p, sub, "field", "expected a column name ([A-Za-z0-9_])");
                break;
            }
    }
    L->label_pt = sp_num(p, lab, sub, "size_pt", 6, 2, 72);
    L->public_counts = sp_str(p, o, path, "public_counts", NULL);
    if (L->public_counts && (L->type != BH_LAYER_TABLE || L->edition != BH_SHOW_INTERNAL))
        sp_fail(p, path, "public_counts", "only for a table layer with \"edition\": \"internal\"");
    if (L->type == BH_LAYER_AREAS) {
        sp_areas(p, s, o, path, L);
    } else {
        static const char *const area_only[] = {"fill_by",      "types",   "classification",
                                                "classes",      "no_data", "label_names",
                                                "label_counts", "chart",   NULL};
        for (size_t i = 0; area_only[i]; i++)
            if (sp_get(o, area_only[i]))
                sp_fail(p, path, area_only[i], "only allowed in a layer of type \"areas\"");
    }
}

static bh_style_item sp_item(sp *p, json_object *o, const char *path, const char *key,
                             bh_corner dflt)
{
    static const char *const keys[] = {"show", "corner", NULL};
    static const char *const corners[] = {"top-left", "top-right", "bottom-left", "bottom-right",
                                          NULL};
    char sub[64];
    snprintf(sub, sizeof sub, "%s.%s", path, key);
    json_object *v = sp_get(o, key);
    bh_style_item it = {1, dflt};
    if (v && json_object_is_type(v, json_type_boolean)) {
        it.show = json_object_get_boolean(v);
        return it;
    }
    if (v && !json_object_is_type(v, json_type_object)) {
        sp_fail(p, path, key, "expected true, false or an object");
        return it;
    }
    if (v) {
        sp_keys(p, v, sub, keys);
        it.show = sp_bool(p, v, sub, "show", 1);
        it.corner = (bh_corner)sp_enum(p, v, sub, "corner", corners, (int)dflt);
    }
    return it;
}

static void sp_page(sp *p, json_object *root, bh_style_page *pg)
{
    static const char *const keys[] = {"paper", "orientation", "margin_mm", "title", NULL};
    static const char *const papers[] = {"A4", "A3", "B4", "B3", NULL};
    static const char *const orient[] = {"portrait", "landscape", NULL};
    static const char *const fkeys[] = {"family",   "title_pt", "text_pt",       "legend_pt",
                                        "label_pt", "small_pt", "label_halo_mm", NULL};
    static const char *const furn[] = {"legend",  "scalebar", "north", "title_block",
                                       "credits", "stamp",    NULL};
    json_object *page = sp_obj(p, root, "", "page");
    if (page)
        sp_keys(p, page, "page", keys);
    pg->paper = papers[sp_enum(p, page, "page", "paper", papers, 1)];
    pg->landscape = sp_enum(p, page, "page", "orientation", orient, 1) == 1;
    pg->margin_mm = sp_num(p, page, "page", "margin_mm", 10, 0, 100);
    pg->title = sp_str(p, page, "page", "title", "{city} 犯罪発生マップ");
    json_object *fonts = sp_obj(p, root, "", "fonts");
    if (fonts)
        sp_keys(p, fonts, "fonts", fkeys);
    pg->font_family = sp_str(p, fonts, "fonts", "family", BH_TEXT_DEFAULT_FAMILY);
    pg->title_pt = sp_num(p, fonts, "fonts", "title_pt", 20, 4, 96);
    pg->text_pt = sp_num(p, fonts, "fonts", "text_pt", 9, 3, 48);
    pg->legend_pt = sp_num(p, fonts, "fonts", "legend_pt", 8, 3, 48);
    pg->label_pt = sp_num(p, fonts, "fonts", "label_pt", 6, 2, 48);
    pg->small_pt = sp_num(p, fonts, "fonts", "small_pt", 6, 2, 48);
    pg->label_halo_mm = sp_num(p, fonts, "fonts", "label_halo_mm", 0.5, 0, 3);
    json_object *f = sp_obj(p, root, "", "furniture");
    if (f)
        sp_keys(p, f, "furniture", furn);
    pg->legend = sp_item(p, f, "furniture", "legend", BH_CORNER_TOP_LEFT);
    pg->scalebar = sp_item(p, f, "furniture", "scalebar", BH_CORNER_BOTTOM_LEFT);
    pg->north = sp_item(p, f, "furniture", "north", BH_CORNER_TOP_RIGHT);
    pg->title_block = sp_bool(p, f, "furniture", "title_block", 1);
    pg->credits = sp_bool(p, f, "furniture", "credits", 1);
    pg->stamp = sp_bool(p, f, "furniture", "stamp", 1);
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
    sp p = {ctx, origin, BH_OK};
    static const char *const keys[] = {"name",   "description", "page",  "fonts",
                                       "layers", "furniture",   "atlas", NULL};
    if (!json_object_is_type(root, json_type_object)) {
        sp_fail(&p, "", NULL, "expected a JSON object at the top");
    } else {
        sp_keys(&p, root, "", keys);
        s->name = sp_str(&p, root, "", "name", origin);
        sp_str(&p, root, "", "description", NULL);
        sp_page(&p, root, &s->page);
        json_object *layers = sp_arr(&p, root, "", "layers");
        size_t n = layers ? json_object_array_length(layers) : 0;
        if (n == 0)
            sp_fail(&p, "", "layers", "expected a non-empty array of layers");
        else if (n > STYLE_MAX_LAYERS)
            sp_fail(&p, "", "layers", "too many layers (at most 64)");
        else if ((s->layers = bh_calloc(n, sizeof *s->layers)) == NULL)
            p.st = bh_error(ctx, BH_E_NOMEM, "out of memory");
        for (size_t i = 0; s->layers && i < n && p.st == BH_OK; i++) {
            char path[32];
            snprintf(path, sizeof path, "layers[%zu]", i);
            json_object *lo = json_object_array_get_idx(layers, i);
            if (!json_object_is_type(lo, json_type_object))
                sp_fail(&p, path, NULL, "expected an object");
            else
                sp_layer(&p, s, lo, path, &s->layers[i]);
            s->n_layers = i + 1;
        }
        json_object *atlas = sp_get(root, "atlas");
        if (atlas && !json_object_is_type(atlas, json_type_object))
            sp_fail(&p, "", "atlas", "expected an object");
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

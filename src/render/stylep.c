/* The style parser's JSON readers (render/style.c, render/style_kinds.c): typed getters that
 * record the first error with its JSON path ("crime-map.json: layers[2].paint.fill: expected
 * colour") and return the default, so a parse runs on and reports one precise message. */
#include "render/stylep.h"
#include "core/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

void bh_stylep_fail(bh_stylep *p, const char *path, const char *key, const char *what)
{
    if (p->st != BH_OK)
        return;
    p->st = bh_error(p->ctx, BH_E_STYLE, "%s: %s%s%s: %s", p->origin, path, *path && key ? "." : "",
                     key ? key : "", what);
}

/* Rejects keys not in allowed (NULL-terminated): typos must not pass silently. */
void bh_stylep_keys(bh_stylep *p, json_object *o, const char *path, const char *const *allowed)
{
    json_object_object_foreach(o, key, val)
    {
        (void)val;
        int ok = 0;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], key) == 0;
        if (!ok)
            bh_stylep_fail(p, path, key, "unknown key");
    }
}

json_object *bh_stylep_get(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o == NULL || !json_object_object_get_ex(o, key, &v))
        return NULL;
    return v;
}

const char *bh_stylep_str(bh_stylep *p, json_object *o, const char *path, const char *key,
                          const char *dflt)
{
    json_object *v = bh_stylep_get(o, key);
    if (v == NULL || json_object_is_type(v, json_type_null))
        return dflt;
    if (!json_object_is_type(v, json_type_string)) {
        bh_stylep_fail(p, path, key, "expected a string");
        return dflt;
    }
    return json_object_get_string(v);
}

double bh_stylep_num(bh_stylep *p, json_object *o, const char *path, const char *key, double dflt,
                     double lo, double hi)
{
    json_object *v = bh_stylep_get(o, key);
    if (v == NULL)
        return dflt;
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double)) {
        bh_stylep_fail(p, path, key, "expected a number");
        return dflt;
    }
    double d = json_object_get_double(v);
    if (!(d >= lo && d <= hi)) {
        char msg[96];
        snprintf(msg, sizeof msg, "expected a number from %g to %g", lo, hi);
        bh_stylep_fail(p, path, key, msg);
        return dflt;
    }
    return d;
}

int bh_stylep_bool(bh_stylep *p, json_object *o, const char *path, const char *key, int dflt)
{
    json_object *v = bh_stylep_get(o, key);
    if (v == NULL)
        return dflt;
    if (!json_object_is_type(v, json_type_boolean)) {
        bh_stylep_fail(p, path, key, "expected true or false");
        return dflt;
    }
    return json_object_get_boolean(v);
}

/* One of names[] (NULL-terminated) → its index; dflt when absent. */
int bh_stylep_enum(bh_stylep *p, json_object *o, const char *path, const char *key,
                   const char *const *names, int dflt)
{
    const char *s = bh_stylep_str(p, o, path, key, NULL);
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
    bh_stylep_fail(p, path, key, sb.data ? sb.data : "expected a known name");
    bh_strbuf_free(&sb);
    return dflt;
}

json_object *bh_stylep_obj(bh_stylep *p, json_object *o, const char *path, const char *key)
{
    json_object *v = bh_stylep_get(o, key);
    if (v != NULL && !json_object_is_type(v, json_type_object)) {
        bh_stylep_fail(p, path, key, "expected an object");
        return NULL;
    }
    return v;
}

json_object *bh_stylep_arr(bh_stylep *p, json_object *o, const char *path, const char *key)
{
    json_object *v = bh_stylep_get(o, key);
    if (v != NULL && !json_object_is_type(v, json_type_array)) {
        bh_stylep_fail(p, path, key, "expected an array");
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

bh_rgba bh_stylep_color(bh_stylep *p, json_object *o, const char *path, const char *key,
                        bh_rgba dflt)
{
    json_object *v = bh_stylep_get(o, key);
    if (v == NULL)
        return dflt;
    bh_rgba c;
    if (!json_object_is_type(v, json_type_string) ||
        bh_style_parse_color(json_object_get_string(v), &c) != 0) {
        bh_stylep_fail(p, path, key, "expected colour (\"#rrggbb\", \"#rrggbbaa\" or \"none\")");
        return dflt;
    }
    return c;
}

static const bh_rgba NONE = {0, 0, 0, 0, 0};
static const bh_rgba BLACK = {0, 0, 0, 1, 1};

bh_style_paint bh_stylep_paint(bh_stylep *p, json_object *o, const char *path, bh_style_paint d)
{
    static const char *const keys[] = {"fill",  "stroke",      "stroke_width_mm",  "dash_mm",
                                       "hatch", "hatch_color", "hatch_spacing_mm", "hatch_width_mm",
                                       NULL};
    static const char *const hatches[] = {"none",       "diagonal", "back-diagonal", "cross",
                                          "horizontal", "vertical", "dots",          NULL};
    if (o == NULL)
        return d;
    bh_stylep_keys(p, o, path, keys);
    bh_style_paint r;
    r.fill = bh_stylep_color(p, o, path, "fill", d.fill);
    r.stroke = bh_stylep_color(p, o, path, "stroke", d.stroke);
    r.stroke_width_mm = bh_stylep_num(p, o, path, "stroke_width_mm", d.stroke_width_mm, 0, 20);
    r.dash_mm = bh_stylep_num(p, o, path, "dash_mm", d.dash_mm, 0, 100);
    r.hatch = (bh_hatch)bh_stylep_enum(p, o, path, "hatch", hatches, (int)d.hatch);
    r.hatch_color = bh_stylep_color(p, o, path, "hatch_color", d.hatch_color);
    r.hatch_spacing_mm = bh_stylep_num(p, o, path, "hatch_spacing_mm", d.hatch_spacing_mm, 0.2, 50);
    r.hatch_width_mm = bh_stylep_num(p, o, path, "hatch_width_mm", d.hatch_width_mm, 0.01, 5);
    return r;
}

bh_style_paint bh_stylep_paint_default(void)
{
    bh_style_paint d = {NONE, BLACK, 0.2, 0, BH_HATCH_NONE, BLACK, 1.5, 0.15};
    return d;
}

bh_style_symbol bh_stylep_symbol(bh_stylep *p, json_object *o, const char *path)
{
    static const char *const keys[] = {"shape",  "size_mm",         "fill",
                                       "stroke", "stroke_width_mm", NULL};
    static const char *const shapes[] = {"none",    "circle", "square", "triangle",
                                         "diamond", "cross",  NULL};
    bh_style_symbol s = {BH_SYMBOL_NONE, 1.5, BLACK, NONE, 0.15};
    if (o == NULL)
        return s;
    bh_stylep_keys(p, o, path, keys);
    s.shape = (bh_symbol_shape)bh_stylep_enum(p, o, path, "shape", shapes, BH_SYMBOL_CIRCLE);
    s.size_mm = bh_stylep_num(p, o, path, "size_mm", s.size_mm, 0.1, 50);
    s.fill = bh_stylep_color(p, o, path, "fill", s.fill);
    s.stroke = bh_stylep_color(p, o, path, "stroke", s.stroke);
    s.stroke_width_mm = bh_stylep_num(p, o, path, "stroke_width_mm", s.stroke_width_mm, 0, 5);
    return s;
}

/* Appends ptr to the NULL-terminated list *list (for freeing); -1 on failure. */
int bh_stylep_own(void ***list, void *ptr)
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
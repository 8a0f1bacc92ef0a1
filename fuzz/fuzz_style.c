/* libFuzzer: the map style parser (bh_style_parse, styles/<name>.json, docs/styles.md) and the
 * colour parser on arbitrary bytes. Invariants: the error contract (fuzz_common.h); a parsed
 * style has 1..64 layers whose every array (classes, breaks, chart colours, categories) is
 * readable to its stated length, raster layers have a value column and classes, a change fill
 * one class more than breaks, colours in [0,1], finite positive sizes; bh_style_areas is the first
 * "areas" layer; a parsed colour's hex form parses back to the same colour. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "render/style.h"

static volatile double sink;

static void check_rgba(const bh_rgba *c)
{
    if (!c->set)
        return;
    const double v[4] = {c->r, c->g, c->b, c->a};
    for (int i = 0; i < 4; i++)
        if (!(v[i] >= 0.0 && v[i] <= 1.0))
            abort();
    sink += bh_rgba_hex(c);
}

static void check_paint(const bh_style_paint *p)
{
    check_rgba(&p->fill);
    check_rgba(&p->stroke);
    check_rgba(&p->hatch_color);
    if (!isfinite(p->stroke_width_mm) || p->stroke_width_mm < 0 || !isfinite(p->dash_mm) ||
        !isfinite(p->hatch_spacing_mm) || !isfinite(p->hatch_width_mm))
        abort();
}

static void check_layer(const bh_style_layer *L)
{
    if (L->type != BH_LAYER_AREAS && L->type != BH_LAYER_TABLE && L->type != BH_LAYER_RASTER)
        abort();
    if (L->type != BH_LAYER_AREAS && L->table == NULL)
        abort();
    if (L->type == BH_LAYER_RASTER &&
        (L->value == NULL || L->n_classes == 0 || !(L->opacity >= 0 && L->opacity <= 1) ||
         !(L->threshold_share >= 0 && L->threshold_share <= 1) || !isfinite(L->threshold)))
        abort();
    if (L->fill_by == BH_FILL_CHANGE && L->n_classes != L->n_breaks + 1)
        abort();
    if ((L->categories == NULL) != (L->n_categories == 0) || L->n_categories > 64)
        abort();
    for (size_t i = 0; i < L->n_categories; i++) {
        if (L->categories[i].where == NULL || L->categories[i].label == NULL)
            abort();
        check_paint(&L->categories[i].paint);
    }
    check_paint(&L->paint);
    check_paint(&L->no_data);
    check_paint(&L->new_paint);
    check_rgba(&L->symbol.fill);
    check_rgba(&L->symbol.stroke);
    if (!isfinite(L->symbol.size_mm) || !isfinite(L->label_pt))
        abort();
    for (size_t i = 0; i < L->n_breaks; i++)
        sink += L->breaks[i];
    for (size_t i = 0; i < L->n_classes; i++) {
        check_paint(&L->classes[i].paint);
        if (L->classes[i].label)
            sink += (double)strlen(L->classes[i].label);
    }
    for (size_t i = 0; i < L->n_chart_colors; i++)
        sink += L->chart_colors[i];
    const char *strs[] = {L->id,     L->title,  L->where, L->label_field, L->types,
                          L->method, L->credit, L->clip,  L->legend_note};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        if (strs[i])
            sink += (double)strlen(strs[i]);
}

static void check_style(const bh_style *s)
{
    size_t n = bh_style_n_layers(s);
    if (n < 1 || n > 64 || bh_style_layer_at(s, n) != NULL || bh_style_json(s) == NULL)
        abort();
    const bh_style_layer *first_areas = NULL;
    for (size_t i = 0; i < n; i++) {
        const bh_style_layer *L = bh_style_layer_at(s, i);
        if (L == NULL)
            abort();
        check_layer(L);
        if (first_areas == NULL && L->type == BH_LAYER_AREAS)
            first_areas = L;
    }
    if (bh_style_areas(s) != first_areas)
        abort();
    const bh_style_page *pg = bh_style_page_of(s);
    if (pg == NULL || !isfinite(pg->margin_mm) || !isfinite(pg->title_pt))
        abort();
    (void)bh_style_name(s);
    if (bh_style_origin(s) == NULL)
        abort();
}

/* The colour parser on the first line of the input (cut at 16 bytes). */
static void check_color(const char *text)
{
    char buf[17];
    size_t n = strcspn(text, "\n");
    n = n < 16 ? n : 16;
    memcpy(buf, text, n);
    buf[n] = '\0';
    bh_rgba c;
    if (bh_style_parse_color(buf, &c) != 0 || !c.set)
        return;
    check_rgba(&c);
    char hex[16];
    snprintf(hex, sizeof hex, "#%06x", bh_rgba_hex(&c));
    bh_rgba d;
    if (bh_style_parse_color(hex, &d) != 0 || bh_rgba_hex(&d) != bh_rgba_hex(&c))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    char *text = bh_fuzz_cstr(data, size);
    bh_style *s = NULL;
    bh_status st = bh_style_parse(ctx, text, (size & 1) ? "fuzz.json" : NULL, &s);
    bh_fuzz_check_result(ctx, st, s);
    if (s != NULL)
        check_style(s);
    bh_style_destroy(s);
    bh_style_destroy(NULL);
    check_color(text);
    free(text);
    return 0;
}

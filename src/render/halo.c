#include "render/halo.h"
#include "core/alloc.h"
#include "render/text_layout.h"

#include <stdlib.h>
#include <string.h>
#include <pango/pangocairo.h>

typedef struct {
    cairo_scaled_font_t *font; /* referenced */
    unsigned long glyph;
    double width, rgb[3];
    cairo_surface_t *form; /* recording surface: the stroked outline at the glyph origin */
} halo_form;

typedef struct {
    halo_form *v;
    size_t n, cap;
} halo_cache;

/* Key of the cache kept on each cairo_t (its address is the key). */
static const cairo_user_data_key_t cache_key;

static void cache_free(void *p)
{
    halo_cache *c = p;
    for (size_t i = 0; i < c->n; i++) {
        cairo_scaled_font_destroy(c->v[i].font);
        cairo_surface_destroy(c->v[i].form);
    }
    bh_free(c->v);
    bh_free(c);
}

static halo_cache *cache_for(cairo_t *cr)
{
    halo_cache *c = cairo_get_user_data(cr, &cache_key);
    if (c)
        return c;
    c = bh_calloc(1, sizeof *c);
    if (c && cairo_set_user_data(cr, &cache_key, c, cache_free) != CAIRO_STATUS_SUCCESS) {
        bh_free(c);
        c = NULL;
    }
    return c;
}

/* The stroked outline of one glyph, recorded in the font's space with the glyph origin at 0,0. */
static cairo_surface_t *form_make(cairo_scaled_font_t *font, unsigned long glyph, double width,
                                  const double rgb[3])
{
    cairo_glyph_t g = {glyph, 0, 0};
    cairo_text_extents_t te;
    cairo_scaled_font_glyph_extents(font, &g, 1, &te);
    double pad = width / 2 + 1;
    cairo_rectangle_t ext = {te.x_bearing - pad, te.y_bearing - pad, te.width + 2 * pad,
                             te.height + 2 * pad};
    cairo_surface_t *form = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *rc = cairo_create(form);
    cairo_set_scaled_font(rc, font);
    cairo_glyph_path(rc, &g, 1);
    cairo_set_source_rgb(rc, rgb[0], rgb[1], rgb[2]);
    cairo_set_line_width(rc, width);
    cairo_set_line_join(rc, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(rc, CAIRO_LINE_CAP_ROUND);
    /* Tolerance only shapes the polygon cairo's PDF analysis builds to bound every use of the
     * form (the form's box is ext, the PDF keeps the exact curves): 1 pt writes the same bytes
     * as the default 0.1 and saves 22 M of the A3 city map's 920 M instructions. */
    cairo_set_tolerance(rc, 1.0);
    cairo_stroke(rc);
    cairo_status_t st = cairo_status(rc);
    cairo_destroy(rc);
    if (st != CAIRO_STATUS_SUCCESS || cairo_surface_status(form) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(form);
        return NULL;
    }
    return form;
}

/* The cached form of glyph in font (made on first use); borrowed, NULL when out of memory. */
static cairo_surface_t *form_get(halo_cache *c, cairo_scaled_font_t *font, unsigned long glyph,
                                 double width, const double rgb[3])
{
    for (size_t i = 0; i < c->n; i++) {
        const halo_form *f = &c->v[i];
        if (f->font == font && f->glyph == glyph && f->width == width && f->rgb[0] == rgb[0] &&
            f->rgb[1] == rgb[1] && f->rgb[2] == rgb[2])
            return f->form;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        halo_form *v = bh_realloc(c->v, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        c->v = v;
        c->cap = cap;
    }
    cairo_surface_t *form = form_make(font, glyph, width, rgb);
    if (form == NULL)
        return NULL;
    halo_form *f = &c->v[c->n++];
    f->font = cairo_scaled_font_reference(font);
    f->glyph = glyph;
    f->width = width;
    memcpy(f->rgb, rgb, sizeof f->rgb);
    f->form = form;
    return form;
}

typedef struct {
    cairo_t *cr;
    halo_cache *cache;
    double line_width;
    const double *rgb;
} halo_draw;

/* bh_text_run_fn: one form per glyph of the run, at the glyph's origin. */
static int run_draw(void *user, const PangoLayoutRun *run, cairo_scaled_font_t *font, int x,
                    int baseline)
{
    const halo_draw *d = user;
    for (int i = 0; font && i < run->glyphs->num_glyphs; i++) {
        const PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
        cairo_surface_t *form = gi->glyph == PANGO_GLYPH_EMPTY
                                    ? NULL
                                    : form_get(d->cache, font, gi->glyph, d->line_width, d->rgb);
        if (form) {
            cairo_set_source_surface(d->cr, form, (double)(x + gi->geometry.x_offset) / PANGO_SCALE,
                                     (double)(baseline + gi->geometry.y_offset) / PANGO_SCALE);
            cairo_paint(d->cr);
        }
        x += gi->geometry.width;
    }
    return 0;
}

int bh_halo_draw_forms(cairo_t *cr, PangoLayout *layout, double line_width, const double rgb[3])
{
    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_PDF)
        return 0;
    halo_cache *c = cache_for(cr);
    if (c == NULL || !bh_text_layout_glyphs_ok(layout, 0))
        return 0;
    halo_draw d = {cr, c, line_width, rgb};
    (void)bh_text_layout_each_run(layout, run_draw, &d);
    return 1;
}

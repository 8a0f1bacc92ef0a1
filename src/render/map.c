/* bh_map_render: summary → map page → output file → editions row. */
#include "render/map.h"
#include "core/alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/strbuf.h"
#include "db/city.h"
#include "crimes/period.h"
#include "crimes/summary.h"
#include "render/edition.h"
#include "render/text.h"

void bh_map_opts_init(bh_map_opts *o)
{
    memset(o, 0, sizeof *o);
    o->record = 1;
}

bh_status bh_map_parse_edition(bh_ctx *ctx, const char *text, bh_map_edition *e)
{
    if (text && strcmp(text, "public") == 0) {
        *e = BH_MAP_PUBLIC;
        return BH_OK;
    }
    if (text && strcmp(text, "internal") == 0) {
        *e = BH_MAP_INTERNAL;
        return BH_OK;
    }
    return bh_error(ctx, BH_E_ARG, "--edition '%s': expected public or internal", text ? text : "");
}

/* The city profile of the database (bh_db_city). *out owned by the caller. */
bh_status bh_map_city(bh_db *db, bh_city **out)
{
    return bh_db_city(db, out);
}

static bh_status map_summary(bh_db *db, const bh_map_opts *o, const bh_style_layer *areas,
                             const double *risk_breaks, bh_summary **md)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_summary_opts so;
    memset(&so, 0, sizeof so);
    bh_status st = bh_summary_parse_by(ctx, o->by ? o->by : "koban", &so);
    if (st != BH_OK)
        return st;
    so.from_ym = o->from_ym;
    so.to_ym = o->to_ym;
    if (so.from_ym == 0 && so.to_ym == 0 && !o->all_periods) {
        st = bh_summary_latest_year(db, &so.from_ym, &so.to_ym);
        if (st != BH_OK)
            return st;
    }
    so.types = o->types ? o->types : (areas ? areas->types : NULL);
    so.risk_breaks = risk_breaks;
    st = bh_summary_compute(db, &so, md);
    if (st == BH_OK && bh_crimes_db_is_sample(db))
        bh_summary_set_sample(*md, 1); /* the stamp whatever the period holds */
    return st;
}

/* Font loading on the second core while the database computes the summary: the page's fonts
 * (labels, legend, title block, stamp as bh_map_draw uses them) laid out once on the page's own
 * cairo_t, so fontconfig's start-up and candidate sorts, font files and shaping caches are ready
 * when drawing starts. The main thread does not touch cr (or pango) until it joins. */
typedef struct font_warm {
    const bh_style *style;
    cairo_t *cr;
} font_warm;

static void *map_font_warm(void *arg)
{
    const font_warm *fw = arg;
    const bh_style_page *pg = bh_style_page_of(fw->style);
    const struct {
        double pt;
        int bold;
    } f[] = {{pg->label_pt, 0},         {pg->legend_pt, 0}, {pg->legend_pt, 1},
             {pg->legend_pt * 1.15, 1}, {pg->text_pt, 0},   {pg->text_pt * 1.2, 1},
             {pg->text_pt * 1.3, 1},    {pg->small_pt, 0},  {pg->small_pt, 1},
             {pg->title_pt, 1}};
    bh_text_style st[sizeof f / sizeof *f];
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        st[i] = bh_text_style_default(f[i].pt);
        st[i].family = pg->font_family;
        st[i].bold = f[i].bold;
    }
    bh_text_preload(fw->cr, st, sizeof f / sizeof *f);
    return NULL;
}

/* The editions row of a drawn map: what it showed and how its classes were cut. */
static bh_status map_record(bh_db *db, const bh_map_opts *o, const bh_style *style,
                            const bh_summary *md, bh_map_result *res)
{
    const bh_style_layer *areas = bh_style_areas(style);
    bh_edition_row row = {0};
    row.by = o->by ? o->by : "koban";
    row.from_ym = bh_summary_from_ym(md) ? bh_summary_from_ym(md) : o->from_ym;
    row.to_ym = bh_summary_to_ym(md) ? bh_summary_to_ym(md) : o->to_ym;
    row.types = o->types ? o->types : (areas ? areas->types : NULL);
    row.style = bh_style_name(style);
    row.edition = o->edition == BH_MAP_INTERNAL ? "internal" : "public";
    row.risk_method = bh_summary_risk_method(md);
    row.risk_breaks = bh_summary_risk_breaks(md);
    row.class_bounds = res->n_class_bounds ? res->class_bounds : NULL;
    row.n_class_bounds = res->n_class_bounds;
    row.output = o->surface ? NULL : o->out;
    return bh_edition_record(db, &row, &res->edition_id);
}

bh_status bh_map_render(bh_db *db, const bh_map_opts *opts, bh_map_result *result)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_map_result local;
    bh_map_result *res = result ? result : &local;
    memset(res, 0, sizeof *res);
    bh_map_opts o = *opts;
    bh_city *city = NULL;
    bh_style *style = NULL;
    bh_summary *md = NULL;
    bh_surface *own = NULL;
    char *styles_dir = NULL;
    double risk[4], bounds[65];
    int has_risk = 0;
    size_t n_bounds = 0;
    if (!o.surface && (o.out == NULL || !*o.out))
        return bh_error(ctx, BH_E_USAGE, "map: an output file is required (--out FILE)");
    bh_status st = o.surface ? BH_OK : bh_db_check_output(db, o.out);
    /* Recording the edition writes: a read-only database fails here, before any output. */
    if (st == BH_OK && o.record && bh_db_readonly(db))
        st = bh_error(ctx, BH_E_DB,
                      "%s: database is read-only: the map cannot be recorded in its editions "
                      "(use --no-record)",
                      bh_db_path(db));
    /* One snapshot for everything the map reads (PostgreSQL, with imports committing meanwhile);
     * ended before the edition is recorded. */
    int reading = 0;
    if (st == BH_OK)
        st = bh_db_read_begin(db, &reading);
    if (st == BH_OK)
        st = bh_map_city(db, &city);
    if (st == BH_OK) {
        styles_dir = o.styles_dir ? bh_strdup(o.styles_dir) : bh_city_styles_dir(city);
        st = bh_style_load(ctx, o.style ? o.style : "crime-map", styles_dir, &style);
    }
    if (st == BH_OK && o.breaks_from > 0) {
        st = bh_edition_breaks(db, o.breaks_from, risk, &has_risk, bounds, 65, &n_bounds);
        if (st == BH_OK && n_bounds >= 2 && !o.class_bounds) {
            o.class_bounds = bounds;
            o.n_class_bounds = n_bounds;
        }
    }
    /* A period without data is refused before any output is opened (crimes/period.h); the
     * default period (the newest year) always has data. */
    if (st == BH_OK)
        st = bh_crimes_period_check(db, o.from_ym, o.to_ym, o.allow_empty);
    bh_surface *surface = o.surface;
    if (st == BH_OK && surface == NULL) {
        double w, h;
        st = bh_map_page_size(ctx, &o, style, &w, &h);
        if (st == BH_OK)
            st = bh_surface_create(ctx, o.out, w, h, o.dpi, &own);
        surface = own;
    }
    pthread_t warm;
    font_warm fw = {style, st == BH_OK ? bh_surface_cairo(surface) : NULL};
    int warming = st == BH_OK && pthread_create(&warm, NULL, map_font_warm, &fw) == 0;
    if (st == BH_OK)
        st = map_summary(db, &o, bh_style_areas(style), has_risk ? risk : NULL, &md);
    if (warming)
        pthread_join(warm, NULL);
    if (st == BH_OK)
        st = bh_map_draw(ctx, db, md, style, city, &o, surface, res);
    if (own) {
        if (st == BH_OK)
            st = bh_surface_finish(own);
        bh_surface_destroy(own); /* unfinished: an existing output stays untouched */
    }
    bh_db_read_end(db, reading);
    if (st == BH_OK && o.record)
        st = map_record(db, &o, style, md, res);
    bh_summary_destroy(md);
    bh_style_destroy(style);
    bh_city_destroy(city);
    bh_free(styles_dir);
    return st;
}

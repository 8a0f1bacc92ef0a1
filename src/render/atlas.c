/* The atlas driver: loads the style and city profile, computes the two summaries (page areas
 * and their sub-areas), finds which sub-areas lie in which area (SQL), classifies the sub-area
 * totals, then draws the cover and one page per area. */
#include "render/atlas.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/strbuf.h"
#include "core/month.h"
#include "db/city.h"
#include "crimes/period.h"
#include "render/atlas_internal.h"
#include "render/credits.h"
#include "render/labels.h"
#include "render/map.h"
#include "render/mapview.h"
#include "render/page.h"
#include "render/table.h"
#include "render/text.h"

bh_status bh_atlas_parse_by(bh_ctx *ctx, const char *text, bh_area_kind *by)
{
    if (text && strcmp(text, "koban") == 0)
        *by = BH_AREA_KOBAN;
    else if (text && strcmp(text, "oaza") == 0)
        *by = BH_AREA_OAZA;
    else if (text && strcmp(text, "school-district") == 0)
        *by = BH_AREA_SCHOOL_DISTRICT;
    else
        return bh_error(ctx, BH_E_USAGE, "--by '%s': expected koban, oaza or school-district",
                        text ? text : "");
    return BH_OK;
}

bh_status bh_atlas_parse_ym(bh_ctx *ctx, const char *what, const char *text, int *ym)
{
    return bh_month_parse(ctx, what, text, ym);
}

const char *bh_atlas_kind_label(bh_area_kind k)
{
    switch (k) {
    case BH_AREA_KOBAN:
        return "交番";
    case BH_AREA_OAZA:
        return "大字";
    case BH_AREA_SCHOOL_DISTRICT:
        return "小学校区";
    case BH_AREA_CHOME:
        return "町丁目";
    default:
        return "区域";
    }
}

static const char *kind_key(bh_area_kind k)
{
    return k == BH_AREA_KOBAN ? "koban" : k == BH_AREA_OAZA ? "oaza" : "school-district";
}

double bh_atlas_cfg_num(const bh_atlas *a, const char *key, double dflt)
{
    json_object *v = NULL;
    if (a->cfg && json_object_object_get_ex(a->cfg, key, &v) &&
        (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
        return json_object_get_double(v);
    return dflt;
}

int bh_atlas_cfg_bool(const bh_atlas *a, const char *key, int dflt)
{
    json_object *v = NULL;
    if (a->cfg && json_object_object_get_ex(a->cfg, key, &v) &&
        json_object_is_type(v, json_type_boolean))
        return json_object_get_boolean(v);
    return dflt;
}

const char *bh_atlas_cfg_str(const bh_atlas *a, const char *key, const char *dflt)
{
    json_object *v = NULL;
    if (a->cfg && json_object_object_get_ex(a->cfg, key, &v) &&
        json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    return dflt;
}

const char *bh_atlas_type_short(const bh_atlas *a, const char *type)
{
    json_object *m = NULL, *v = NULL;
    if (a->cfg && json_object_object_get_ex(a->cfg, "type_short", &m) &&
        json_object_object_get_ex(m, type, &v) && json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    return type;
}

/* The sub-area kind of a page kind: "sub_by" in the atlas section, else 町丁目 (大字 rows are
 * only whole places on 大字 pages; bh_summary_assign refuses them elsewhere). */
static bh_area_kind sub_kind_of(const bh_atlas *a)
{
    json_object *m = NULL, *v = NULL;
    if (a->cfg && json_object_object_get_ex(a->cfg, "sub_by", &m) &&
        json_object_object_get_ex(m, kind_key(a->o->by), &v) &&
        json_object_is_type(v, json_type_string)) {
        if (strcmp(json_object_get_string(v), "oaza") == 0)
            return BH_AREA_OAZA;
        return BH_AREA_CHOME;
    }
    return BH_AREA_CHOME;
}

/* The numbers and colours of the atlas section. */
static bh_status check_cfg_scalars(bh_atlas *a, const char *origin)
{
    static const struct {
        const char *key;
        double lo, hi;
    } nums[] = {{"map_fraction", 0.3, 0.85},
                {"table_pt", 3, 20},
                {"label_pt", 3, 20},
                {"label_halo_mm", 0, 3},
                {"classes", 1, 16}};
    static const char *const colours[] = {"neighbour_fill", "area_stroke"};
    json_object *v = NULL;
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        if (!json_object_object_get_ex(a->cfg, nums[i].key, &v))
            continue;
        double d = json_object_get_double(v);
        if ((!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int)) ||
            d < nums[i].lo || d > nums[i].hi)
            return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.%s: expected a number from %g to %g",
                            origin, nums[i].key, nums[i].lo, nums[i].hi);
    }
    for (size_t i = 0; i < sizeof colours / sizeof *colours; i++) {
        bh_rgba c;
        if (json_object_object_get_ex(a->cfg, colours[i], &v) &&
            (!json_object_is_type(v, json_type_string) ||
             bh_style_parse_color(json_object_get_string(v), &c) != 0))
            return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.%s: expected colour", origin,
                            colours[i]);
    }
    if (json_object_object_get_ex(a->cfg, "labels_inside", &v) &&
        !json_object_is_type(v, json_type_boolean))
        return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.labels_inside: expected true or false",
                        origin);
    if (json_object_object_get_ex(a->cfg, "ramp", &v) &&
        (!json_object_is_type(v, json_type_array) || json_object_array_length(v) == 0 ||
         json_object_array_length(v) > 16))
        return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.ramp: expected 1 to 16 colours", origin);
    return BH_OK;
}

/* 1 when key is absent or one of the two words. */
static int cfg_word_ok(json_object *cfg, const char *key, const char *w1, const char *w2)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(cfg, key, &v))
        return 1;
    return json_object_is_type(v, json_type_string) &&
           (strcmp(json_object_get_string(v), w1) == 0 ||
            strcmp(json_object_get_string(v), w2) == 0);
}

/* The words of the atlas section: pages, cover, method. */
static bh_status check_cfg_words(bh_atlas *a, const char *origin)
{
    if (!cfg_word_ok(a->cfg, "pages", "area", "map"))
        return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.pages: expected \"area\" or \"map\"",
                        origin);
    if (!cfg_word_ok(a->cfg, "cover", "map", "index"))
        return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.cover: expected \"map\" or \"index\"",
                        origin);
    json_object *v = NULL;
    bh_classify_method m;
    if (json_object_object_get_ex(a->cfg, "method", &v) &&
        (!json_object_is_type(v, json_type_string) ||
         bh_classify_parse_method(a->ctx, json_object_get_string(v), &m) != BH_OK)) {
        return bh_error_replace(
            a->ctx, BH_E_STYLE,
            "%s: atlas.method: expected quantile, equal, jenks, pretty or stddev", origin);
    }
    return BH_OK;
}

/* The objects of the atlas section: sub_by and type_short. */
static bh_status check_cfg_maps(bh_atlas *a, const char *origin)
{
    json_object *v = NULL;
    if (json_object_object_get_ex(a->cfg, "sub_by", &v)) {
        if (!json_object_is_type(v, json_type_object))
            return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.sub_by: expected an object", origin);
        json_object_object_foreach(v, key, val)
        {
            const char *t =
                json_object_is_type(val, json_type_string) ? json_object_get_string(val) : "";
            if (strcmp(t, "chome") != 0 && strcmp(t, "oaza") != 0)
                return bh_error(a->ctx, BH_E_STYLE,
                                "%s: atlas.sub_by.%s: expected \"chome\" or \"oaza\"", origin, key);
            if (strcmp(t, "oaza") == 0 && strcmp(key, "oaza") != 0)
                return bh_error(a->ctx, BH_E_STYLE,
                                "%s: atlas.sub_by.%s: \"oaza\" rows are whole 大字, which cut "
                                "across these areas; use \"chome\"",
                                origin, key);
        }
    }
    if (json_object_object_get_ex(a->cfg, "type_short", &v)) {
        if (!json_object_is_type(v, json_type_object))
            return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.type_short: expected an object", origin);
        json_object_object_foreach(v, key, val)
        {
            if (!json_object_is_type(val, json_type_string))
                return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.type_short.%s: expected a string",
                                origin, key);
        }
    }
    return BH_OK;
}

/* Checks the atlas section; errors name the JSON path ("atlas.map_fraction: ..."). */
static bh_status check_cfg(bh_atlas *a)
{
    if (!a->cfg)
        return BH_OK;
    const char *origin = bh_style_origin(a->style);
    bh_status st = check_cfg_scalars(a, origin);
    if (st == BH_OK)
        st = check_cfg_words(a, origin);
    if (st == BH_OK)
        st = check_cfg_maps(a, origin);
    return st;
}

static bh_status load_city_and_style(bh_atlas *a)
{
    bh_status st = bh_db_city(a->db, &a->city);
    bh_strbuf cr;
    bh_strbuf_init(&cr);
    if (st == BH_OK)
        st = bh_credits_append(a->db, a->city, "／", &cr);
    a->credits = bh_strbuf_take(&cr);
    if (st != BH_OK)
        return st;
    char *styles = bh_city_styles_dir(a->city);
    st = bh_style_load(a->ctx, a->o->style ? a->o->style : "atlas-page", styles, &a->style);
    bh_free(styles);
    if (st != BH_OK)
        return st;
    json_object *root = bh_style_json(a->style), *cfg = NULL;
    if (root && json_object_object_get_ex(root, "atlas", &cfg) &&
        json_object_is_type(cfg, json_type_object))
        a->cfg = cfg;
    else if (cfg)
        return bh_error(a->ctx, BH_E_STYLE, "%s: atlas: expected an object",
                        bh_style_origin(a->style));
    return check_cfg(a);
}

static bh_status page_size(bh_atlas *a)
{
    const bh_style_page *pg = bh_style_page_of(a->style);
    const char *paper = a->o->paper ? a->o->paper : (pg && pg->paper ? pg->paper : "A4");
    double w, h;
    bh_status st = bh_page_paper_size(a->ctx, paper, &w, &h);
    if (st != BH_OK)
        return st;
    int landscape = a->o->orientation == 2   ? 1
                    : a->o->orientation == 1 ? 0
                                             : (pg ? pg->landscape : 1);
    a->pw = landscape ? h : w;
    a->ph = landscape ? w : h;
    a->margin = pg && pg->margin_mm > 0 ? pg->margin_mm : 10;
    return BH_OK;
}

static void envelopes(bh_summary *s, double (*env)[4])
{
    for (size_t i = 0; i < bh_summary_n_areas(s); i++) {
        size_t len = 0;
        const unsigned char *wkb = bh_summary_area_wkb(s, i, &len);
        if (!wkb || bh_mapview_wkb_envelope(wkb, len, env[i]) != 0)
            env[i][0] = env[i][1] = env[i][2] = env[i][3] = NAN;
    }
}

/* Which sub-area lies in which area: crimes/summary.h's bh_summary_assign, the rule that
 * counts the areas' totals, so a page's rows always add up to its 計. */
typedef struct pair {
    size_t area, sub;
    long total;
    const char *name;
} pair;

static int cmp_pair(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->area != q->area)
        return p->area < q->area ? -1 : 1;
    if (p->total != q->total)
        return p->total > q->total ? -1 : 1;
    return strcmp(p->name, q->name);
}

static bh_status membership(bh_atlas *a)
{
    size_t na = bh_summary_n_areas(a->areas), nb = bh_summary_n_areas(a->subs), np = 0;
    a->member_off = bh_calloc(na + 1, sizeof *a->member_off);
    long *area_of = bh_malloc((nb ? nb : 1) * sizeof *area_of);
    pair *pairs = bh_malloc((nb ? nb : 1) * sizeof *pairs);
    a->members = bh_malloc((nb ? nb : 1) * sizeof *a->members);
    bh_status st = BH_OK;
    if (!a->member_off || !area_of || !pairs || !a->members)
        st = bh_error(a->ctx, BH_E_NOMEM, "atlas: out of memory");
    if (st == BH_OK)
        st = bh_summary_assign(a->db, a->areas, a->subs, area_of);
    for (size_t j = 0; st == BH_OK && j < nb; j++) {
        /* rows with crimes but no block (大字のみ, 交番単位) are listed when they have any */
        if (area_of[j] < 0 ||
            (!bh_summary_area_wkb(a->subs, j, &(size_t){0}) && bh_summary_total(a->subs, j) == 0))
            continue;
        const char *nm = bh_summary_area_name(a->subs, j);
        pairs[np++] = (pair){(size_t)area_of[j], j, bh_summary_total(a->subs, j), nm ? nm : ""};
    }
    if (st == BH_OK) {
        qsort(pairs, np, sizeof *pairs, cmp_pair);
        for (size_t k = 0; k < np; k++) {
            a->members[k] = pairs[k].sub;
            a->member_off[pairs[k].area + 1]++;
        }
        for (size_t i = 0; i < na; i++)
            a->member_off[i + 1] += a->member_off[i];
    }
    bh_free(area_of);
    bh_free(pairs);
    return st;
}

static const char *const default_ramp[] = {"#ffffcc", "#fed976", "#fd8d3c", "#e31a1c", "#800026"};

static bh_status classify_subs(bh_atlas *a)
{
    size_t n = bh_summary_n_areas(a->subs);
    double *v = bh_malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return bh_error(a->ctx, BH_E_NOMEM, "atlas: out of memory");
    size_t nv = 0;
    for (size_t i = 0; i < n; i++)
        if (bh_summary_area_wkb(a->subs, i, &(size_t){0}))
            v[nv++] = (double)bh_summary_total(a->subs, i);
    json_object *ramp = NULL;
    a->n_ramp = 0;
    if (a->cfg && json_object_object_get_ex(a->cfg, "ramp", &ramp) &&
        json_object_is_type(ramp, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(ramp) && a->n_ramp < 16; i++) {
            const char *c = json_object_get_string(json_object_array_get_idx(ramp, i));
            if (!c || bh_style_parse_color(c, &a->ramp[a->n_ramp]) != 0) {
                bh_free(v);
                return bh_error(a->ctx, BH_E_STYLE, "%s: atlas.ramp[%zu]: expected colour",
                                bh_style_origin(a->style), i);
            }
            a->n_ramp++;
        }
    }
    if (a->n_ramp == 0)
        for (size_t i = 0; i < 5; i++)
            if (bh_style_parse_color(default_ramp[i], &a->ramp[a->n_ramp]) == 0)
                a->n_ramp++;
    bh_classify_method m = BH_CLASSIFY_JENKS;
    bh_status st = bh_classify_parse_method(a->ctx, bh_atlas_cfg_str(a, "method", "jenks"), &m);
    int k = (int)bh_atlas_cfg_num(a, "classes", (double)a->n_ramp);
    if (k < 1 || k > (int)a->n_ramp)
        k = (int)a->n_ramp;
    if (st == BH_OK && nv > 0)
        st = bh_classify(a->ctx, m, v, nv, k, NULL, 0, &a->classes);
    bh_free(v);
    return st;
}

void bh_atlas_class_color(const bh_atlas *a, double total, bh_rgba *out)
{
    int c = a->classes ? bh_classes_assign(a->classes, total) : 0;
    int k = a->classes ? bh_classes_count(a->classes) : 1;
    if (c < 0)
        c = 0;
    /* Spread k classes over the ramp (fewer classes than colours keep both ends). */
    size_t idx = k > 1 ? (size_t)((double)c * (double)(a->n_ramp - 1) / (k - 1) + 0.5) : 0;
    *out = a->ramp[idx < a->n_ramp ? idx : a->n_ramp - 1];
}

static bh_status compute(bh_atlas *a)
{
    bh_summary_opts so = {0};
    so.by = a->o->by;
    so.from_ym = a->o->from_ym;
    so.to_ym = a->o->to_ym;
    if (so.from_ym == 0 && so.to_ym == 0 && !a->o->all_periods) {
        bh_status ls = bh_summary_latest_year(a->db, &so.from_ym, &so.to_ym);
        if (ls != BH_OK)
            return ls;
    }
    so.types = a->o->types;
    bh_status st = bh_crimes_period_check(a->db, so.from_ym, so.to_ym, a->o->allow_empty);
    if (st == BH_OK)
        st = bh_summary_compute(a->db, &so, &a->areas);
    if (st != BH_OK)
        return st;
    a->sub_kind = sub_kind_of(a);
    so.by = a->sub_kind;
    st = bh_summary_compute(a->db, &so, &a->subs);
    if (st != BH_OK)
        return st;
    size_t na = bh_summary_n_areas(a->areas), nb = bh_summary_n_areas(a->subs);
    a->env = bh_malloc((na ? na : 1) * sizeof *a->env);
    a->sub_env = bh_malloc((nb ? nb : 1) * sizeof *a->sub_env);
    if (!a->env || !a->sub_env)
        return bh_error(a->ctx, BH_E_NOMEM, "atlas: out of memory");
    envelopes(a->areas, a->env);
    envelopes(a->subs, a->sub_env);
    st = membership(a);
    if (st == BH_OK)
        st = classify_subs(a);
    a->sample = bh_summary_is_sample(a->areas) || bh_summary_is_sample(a->subs) ||
                bh_crimes_db_is_sample(a->db);
    bh_page_wareki_period(bh_summary_from_ym(a->areas), bh_summary_to_ym(a->areas), a->period,
                          sizeof a->period);
    int y, m, d;
    char tail;
    if (a->o->printed_date == NULL ||
        sscanf(a->o->printed_date, "%d-%d-%d%c", &y, &m, &d, &tail) != 3) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        y = tm.tm_year + 1900;
        m = tm.tm_mon + 1;
        d = tm.tm_mday;
    }
    bh_page_wareki_date(y, m, d, a->printed, sizeof a->printed);
    return st;
}

static void atlas_free(bh_atlas *a)
{
    bh_surface_destroy(a->surf);
    bh_summary_destroy(a->areas);
    bh_summary_destroy(a->subs);
    bh_classes_destroy(a->classes);
    bh_style_destroy(a->style);
    bh_city_destroy(a->city);
    bh_free(a->env);
    bh_free(a->sub_env);
    bh_free(a->member_off);
    bh_free(a->members);
    bh_free(a->credits);
}

int bh_atlas_has_page(const bh_atlas *a, size_t i)
{
    return !isnan(a->env[i][0]);
}

/* Cover: the city map of render-core (bh_map_draw, what bh_map_render draws) on the atlas's
 * first page, with the atlas style, from the same summary (areas, period, types, edition). */
/* The style's map on the current page: the whole city (area NULL, the cover) or zoomed to one
 * area (atlas.pages "map": every area page is the style's map, e.g. refuge-coverage). */
static bh_status style_map(bh_atlas *a, const char *area)
{
    bh_map_opts mo;
    bh_map_opts_init(&mo);
    mo.surface = a->surf;
    mo.by = kind_key(a->o->by);
    mo.style = a->o->style ? a->o->style : "atlas-page";
    mo.from_ym = bh_summary_from_ym(a->areas);
    mo.to_ym = bh_summary_to_ym(a->areas);
    mo.types = a->o->types;
    mo.edition = a->o->internal ? BH_MAP_INTERNAL : BH_MAP_PUBLIC;
    mo.record = 0; /* the atlas only reads the database */
    mo.printed_date = a->o->printed_date;
    mo.area = area;
    bh_map_result mr;
    /* The numbers are the atlas's own summary: computed once, drawn by render-core. */
    if (a->sample) /* a sample database: stamped whatever the period */
        bh_summary_set_sample(a->areas, 1);
    bh_status st = bh_map_draw(a->ctx, a->db, a->areas, a->style, a->city, &mo, a->surf, &mr);
    if (st == BH_OK) {
        a->dropped += (long)mr.labels_dropped;
        a->sample |= mr.sample;
    }
    return st;
}

/* Area i gets a page: it has a polygon, and it is the --area asked for (when one is). */
static int wanted(const bh_atlas *a, size_t i)
{
    const char *want = a->o->area;
    return bh_atlas_has_page(a, i) &&
           (!want || strcmp(want, bh_summary_area_id(a->areas, i)) == 0 ||
            strcmp(want, bh_summary_area_name(a->areas, i)) == 0);
}

bh_status bh_atlas_render(bh_db *db, const bh_atlas_opts *o, bh_atlas_result *res)
{
    bh_atlas a;
    memset(&a, 0, sizeof a);
    a.ctx = bh_db_ctx(db);
    a.db = db;
    a.o = o;
    if (res)
        memset(res, 0, sizeof *res);
    if (o->by != BH_AREA_KOBAN && o->by != BH_AREA_OAZA && o->by != BH_AREA_SCHOOL_DISTRICT)
        return bh_error(a.ctx, BH_E_USAGE, "atlas: --by must be koban, oaza or school-district");
    if (!o->out || !*o->out)
        return bh_error(a.ctx, BH_E_USAGE, "atlas: --out FILE is required");
    bh_surface_format fmt;
    bh_status st = bh_db_check_output(db, o->out);
    if (st == BH_OK)
        st = bh_surface_parse_format(a.ctx, o->out, &fmt);
    if (st == BH_OK && fmt == BH_SURFACE_SVG)
        st = bh_error(a.ctx, BH_E_USAGE, "%s: an atlas has many pages; use .pdf (or .png)", o->out);
    int reading = 0; /* one snapshot for every page (PostgreSQL: imports may commit meanwhile) */
    if (st == BH_OK)
        st = bh_db_read_begin(db, &reading);
    if (st == BH_OK)
        st = load_city_and_style(&a);
    if (st == BH_OK)
        st = page_size(&a);
    if (st == BH_OK)
        st = compute(&a);
    size_t na = a.areas ? bh_summary_n_areas(a.areas) : 0;
    int n_pages = 0;
    for (size_t i = 0; st == BH_OK && i < na; i++)
        n_pages += wanted(&a, i);
    if (st == BH_OK && n_pages == 0 && o->area)
        st = bh_error(a.ctx, BH_E_UNKNOWN_AREA, "atlas: --area '%s': no %s with that id or name",
                      o->area, bh_atlas_kind_label(o->by));
    if (st == BH_OK && n_pages == 0)
        st = bh_error(a.ctx, BH_E_EMPTY, "atlas: no %s areas with a polygon in the database",
                      bh_atlas_kind_label(o->by));
    if (st == BH_OK)
        st = bh_surface_create(a.ctx, o->out, a.pw, a.ph, o->dpi > 0 ? o->dpi : 150, &a.surf);
    a.pages = n_pages + !o->area;
    a.page = !o->area;
    if (st == BH_OK && !o->area) {
        bh_log(a.ctx, BH_LOG_INFO, "page 1/%d cover", a.pages);
        if (strcmp(bh_atlas_cfg_str(&a, "cover", "map"), "index") == 0)
            st = bh_atlas_cover_index(&a);
        else
            st = style_map(&a, NULL);
    }
    int done = 0;
    for (size_t i = 0; st == BH_OK && i < na; i++) {
        if (!wanted(&a, i))
            continue;
        st = a.page > 0 ? bh_surface_next_page(a.surf) : BH_OK;
        if (st != BH_OK)
            break;
        a.page++;
        bh_log(a.ctx, BH_LOG_INFO, "page %d/%d %s", a.page, a.pages,
               bh_summary_area_name(a.areas, i));
        st = strcmp(bh_atlas_cfg_str(&a, "pages", "area"), "map") == 0
                 ? style_map(&a, bh_summary_area_id(a.areas, i))
                 : bh_atlas_area_page(&a, i);
        done++;
    }
    if (st == BH_OK)
        st = bh_surface_finish(a.surf);
    if (st == BH_OK && res) {
        res->pages = bh_surface_pages(a.surf);
        res->areas = done;
        res->labels_dropped = a.dropped;
        res->sample = a.sample;
    }
    atlas_free(&a); /* unfinished: an existing output stays untouched */
    bh_db_read_end(db, reading);
    return st;
}

/* render map: the city map drawn from a fixture (104 大字 polygons, sample counts by a fixed
 * formula): golden PNG, PDF text, empty period, editions, public vs internal asset points,
 * small-count suppression, plus the page helpers (和暦, scale bar lengths, legend). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gdal.h>
#include <ogr_api.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "render/legend.h"
#include "render/map.h"
#include "render/mapclass.h"
#include "render/page.h"
#include "render/scalebar.h"
#include "render/text.h"
#include "support.h"

#define N_TYPES 7
static const char *const TYPES[N_TYPES] = {"ひったくり",       "車上・部品ねらい", "電話de詐欺",
                                           "自動販売機ねらい", "自動車盗",         "オートバイ盗",
                                           "自転車盗"};

typedef struct fx {
    bh_ctx *ctx;
    char *dir;
    bh_city *city;
    bh_style *style;
    bh_summary *md;
} fx;

/* The fixture areas with counts count[t] = (7 i + 5 t) mod 9 (zeros allowed) unless zero is
 * set, and 危険度 1 + (3 i mod 5), 0 for every 13th area. */
static bh_summary *load_areas(bh_ctx *ctx, int zero)
{
    char *path = bh_test_data("render/areas.geojson");
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    free(path);
    if (ds == NULL)
        return NULL;
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    bh_summary *md = NULL;
    if (bh_summary_create(N_TYPES, TYPES, &md) != BH_OK)
        return NULL;
    OGRFeatureH f;
    size_t i = 0;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int len = OGR_G_WkbSize(g);
        unsigned char *wkb = malloc((size_t)len);
        OGR_G_ExportToWkb(g, wkbNDR, wkb);
        long counts[N_TYPES];
        for (size_t t = 0; t < N_TYPES; t++)
            counts[t] = zero ? 0 : (long)((7 * i + 5 * t) % 9);
        int risk = i % 13 == 0 ? 0 : 1 + (int)((3 * i) % 5);
        bh_status st =
            bh_summary_add(md, OGR_F_GetFieldAsString(f, 0), OGR_F_GetFieldAsString(f, 1),
                           OGR_F_GetFieldAsDouble(f, 2), counts, risk, wkb, (size_t)len);
        free(wkb);
        OGR_F_Destroy(f);
        if (st != BH_OK)
            break;
        i++;
    }
    GDALClose(ds);
    bh_summary_set_period(md, zero ? 0 : 202301, zero ? 0 : 202312);
    bh_summary_set_sample(md, 1);
    return md;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("map");
    char *city = bh_test_source("data/matsudo");
    char *styles = bh_test_source("styles");
    bh_status st = bh_city_load(f->ctx, city, &f->city);
    if (st == BH_OK)
        st = bh_style_load(f->ctx, "crime-map", styles, &f->style);
    free(city);
    free(styles);
    f->md = load_areas(f->ctx, 0);
    *state = f;
    return st == BH_OK && f->md ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    bh_summary_destroy(f->md);
    bh_style_destroy(f->style);
    bh_city_destroy(f->city);
    bh_test_rmtree(f->dir);
    free(f->dir);
    bh_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

static bh_map_opts opts_for(const char *out)
{
    bh_map_opts o;
    bh_map_opts_init(&o);
    o.out = out;
    o.by = "oaza";
    o.printed_date = "2024-02-01";
    o.record = 0;
    return o;
}

/* Draws md with style on a new surface at path (PNG at dpi). */
static bh_status draw_to(fx *f, bh_db *db, const bh_summary *md, const bh_style *style,
                         const bh_map_opts *o, const char *path, double dpi, bh_map_result *r)
{
    double w, h;
    bh_status st = bh_map_page_size(f->ctx, o, style, &w, &h);
    bh_surface *s = NULL;
    if (st == BH_OK)
        st = bh_surface_create(f->ctx, path, w, h, dpi, &s);
    if (st == BH_OK)
        st = bh_map_draw(f->ctx, db, md, style, f->city, o, s, r);
    if (st == BH_OK)
        st = bh_surface_finish(s);
    bh_surface_destroy(s);
    return st;
}

static char *pdftotext(const char *pdf)
{
    char *cmd = bh_asprintf("pdftotext -layout '%s' -", pdf);
    char *out = NULL;
    int rc = bh_test_run(cmd, &out);
    free(cmd);
    if (rc != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void test_city_map_png_matches_the_golden_image(void **state)
{
    fx *f = *state;
    char *out = bh_asprintf("%s/city.png", f->dir);
    bh_map_opts o = opts_for(out);
    bh_map_result r;
    bh_status st = draw_to(f, NULL, f->md, f->style, &o, out, 60, &r);
    assert_int_equal(st, BH_OK);
    assert_int_equal(r.n_areas, 104);
    assert_true(r.sample);
    char *golden = bh_test_data("golden/city-map-a3-60dpi.png");
    if (getenv("BH_UPDATE_GOLDEN"))
        assert_int_equal(bh_test_copy(out, golden), 0);
    double d = bh_test_png_diff(out, golden);
    printf("# golden: %.4f %% of pixels differ by more than 16 levels\n", d * 100);
    assert_true(d <= 0.005);
    /* A map with the colours of another class layout is not "close": the test can fail. */
    bh_map_opts o2 = o;
    o2.suppress_below = 5;
    char *other = bh_asprintf("%s/other.png", f->dir);
    bh_style *plain = NULL;
    char *styles = bh_test_source("styles");
    assert_int_equal(bh_style_load(f->ctx, "plain", styles, &plain), BH_OK);
    o2.paper = "A3";
    o2.orientation = 2;
    assert_int_equal(draw_to(f, NULL, f->md, plain, &o2, other, 60, NULL), BH_OK);
    assert_true(bh_test_png_diff(other, golden) > 0.05);
    bh_style_destroy(plain);
    free(styles);
    free(other);
    free(golden);
    free(out);
}

static void test_pdf_text_has_title_period_legend_and_area_names(void **state)
{
    fx *f = *state;
    char *out = bh_asprintf("%s/city.pdf", f->dir);
    bh_map_opts o = opts_for(out);
    bh_map_result r;
    assert_int_equal(draw_to(f, NULL, f->md, f->style, &o, out, 0, &r), BH_OK);
    char *text = pdftotext(out);
    assert_non_null(text);
    assert_non_null(strstr(text, "松戸市 犯罪発生マップ"));
    assert_non_null(strstr(text, "令和5年1月〜令和5年12月"));
    assert_non_null(strstr(text, "作成日 令和6年2月1日"));
    assert_non_null(strstr(text, "凡例"));
    assert_non_null(strstr(text, "危険度5（高い）"));
    assert_non_null(strstr(text, "危険度1（低い）"));
    assert_non_null(strstr(text, "松戸警察署・松戸東警察署提供（速報値）"));
    assert_non_null(strstr(text, "国土数値情報"));
    assert_non_null(strstr(text, "SAMPLE DATA"));
    assert_non_null(strstr(text, "車上・部品ねらい")); /* chart key: the type group */
    assert_null(strstr(text, "オートバイ盗"));         /* not among the charted types */
    /* Area names: most labels fit at A3 (some small areas are dropped, never drawn outside). */
    size_t found = 0;
    for (size_t i = 0; i < bh_summary_n_areas(f->md); i++)
        found += strstr(text, bh_summary_area_name(f->md, i)) != NULL;
    printf("# %zu of %zu area names in the PDF text, %zu labels placed, %zu dropped\n", found,
           bh_summary_n_areas(f->md), r.labels_placed, r.labels_dropped);
    assert_true(found >= r.labels_placed);
    assert_true(r.labels_placed >= bh_summary_n_areas(f->md) * 6 / 10);
    assert_int_equal(r.labels_placed + r.labels_dropped, bh_summary_n_areas(f->md));
    free(text);
    free(out);
}

static void test_empty_period_renders_zero_counts(void **state)
{
    fx *f = *state;
    bh_summary *zero = load_areas(f->ctx, 1);
    assert_non_null(zero);
    bh_style *bike = NULL;
    char *styles = bh_test_source("styles");
    assert_int_equal(bh_style_load(f->ctx, "bicycle-theft", styles, &bike), BH_OK);
    char *out = bh_asprintf("%s/empty.pdf", f->dir);
    bh_map_opts o = opts_for(out);
    o.from_ym = 203001;
    o.to_ym = 203003;
    bh_map_result r;
    assert_int_equal(draw_to(f, NULL, zero, bike, &o, out, 0, &r), BH_OK);
    assert_int_equal(r.total, 0);
    assert_int_equal(r.n_classes, 1); /* all zero: one class, not a failure */
    char *text = pdftotext(out);
    assert_non_null(text);
    assert_non_null(strstr(text, "0件"));
    assert_non_null(strstr(text, "令和12年1月〜令和12年3月"));
    free(text);
    free(out);
    free(styles);
    bh_style_destroy(bike);
    bh_summary_destroy(zero);
}

/* A database with refuge houses and cameras inside the fixture's extent. */
static bh_db *asset_db(fx *f)
{
    char *path = bh_asprintf("%s/assets.sqlite", f->dir);
    bh_db *db = bh_test_new_db(f->ctx, path, 6677);
    free(path);
    if (db == NULL)
        return NULL;
    static const char *const tables[] = {"refuge_houses", "cameras", "network_cameras"};
    for (int t = 0; t < 3; t++) {
        if (bh_db_execf(db,
                        "CREATE TABLE %s (id INTEGER PRIMARY KEY, sample INTEGER NOT NULL "
                        "DEFAULT 1);"
                        "SELECT AddGeometryColumn('%s', 'geom', 6677, 'POINT', 'XY');"
                        "INSERT INTO layers (name, title, kind, table_name, credit) VALUES "
                        "('%s', '%s title', 'sample', '%s', 'credit of %s');",
                        tables[t], tables[t], tables[t], tables[t], tables[t], tables[t]) != BH_OK)
            return NULL;
        for (int i = 0; i < 40; i++)
            if (bh_db_execf(db, "INSERT INTO %s (geom) VALUES (MakePoint(%d, %d, 6677))", tables[t],
                            6000 + i * 200 + t * 50, -26000 + i * 200) != BH_OK)
                return NULL;
    }
    return db;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_public_edition_has_no_asset_points_internal_has(void **state)
{
    fx *f = *state;
    bh_db *db = asset_db(f);
    assert_non_null(db);
    char *pub = bh_asprintf("%s/public.svg", f->dir), *in = bh_asprintf("%s/internal.svg", f->dir);
    bh_map_opts o = opts_for(pub);
    bh_map_result rp, ri;
    assert_int_equal(draw_to(f, db, f->md, f->style, &o, pub, 0, &rp), BH_OK);
    o.edition = BH_MAP_INTERNAL;
    o.out = in;
    assert_int_equal(draw_to(f, db, f->md, f->style, &o, in, 0, &ri), BH_OK);
    assert_int_equal(rp.points_drawn, 0);
    assert_int_equal(rp.hidden_layers, 3);
    assert_int_equal(ri.points_drawn, 120);
    assert_int_equal(ri.hidden_layers, 0);
    /* The symbol fills of the three layers (crime-map.json: #f6c700, #0a8f3c, #7b2fbf) as
     * cairo writes them in SVG. */
    static const char *const fills[] = {"rgb(96.470588%,78.039216%,0%)",
                                        "rgb(3.921569%,56.078431%,23.529412%)",
                                        "rgb(48.235294%,18.431373%,74.901961%)"};
    char *ps = bh_test_slurp(pub, NULL), *is = bh_test_slurp(in, NULL);
    assert_non_null(ps);
    assert_non_null(is);
    for (int i = 0; i < 3; i++) {
        printf("# %s: public %zu, internal %zu\n", fills[i], count_of(ps, fills[i]),
               count_of(is, fills[i]));
        assert_int_equal(count_of(ps, fills[i]), 0);
        assert_true(count_of(is, fills[i]) >= 40); /* 40 symbols (+1 legend key) */
    }
    free(ps);
    free(is);
    free(pub);
    free(in);
    bh_db_close(db);
}

static void test_suppress_below_prints_n_miman(void **state)
{
    fx *f = *state;
    char *out = bh_asprintf("%s/supp.pdf", f->dir);
    bh_map_opts o = opts_for(out);
    o.suppress_below = 3;
    assert_int_equal(draw_to(f, NULL, f->md, f->style, &o, out, 0, NULL), BH_OK);
    char *text = pdftotext(out);
    assert_non_null(text);
    assert_non_null(strstr(text, "3未満"));
    assert_non_null(strstr(text, "「3未満」：1〜2件"));
    free(text);
    free(out);
}

static void test_unknown_area_names_the_area(void **state)
{
    fx *f = *state;
    char *out = bh_asprintf("%s/x.pdf", f->dir);
    bh_map_opts o = opts_for(out);
    o.area = "どこにもない町";
    assert_int_equal(draw_to(f, NULL, f->md, f->style, &o, out, 0, NULL), BH_E_UNKNOWN_AREA);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "どこにもない町"));
    bh_ctx_clear_error(f->ctx);
    o.area = "稔台";
    bh_map_result r;
    assert_int_equal(draw_to(f, NULL, f->md, f->style, &o, out, 0, &r), BH_OK);
    assert_true(r.scale_denominator < 20000); /* zoomed in: the city alone is ~1:40,000 */
    free(out);
}

static void test_legend_lists_only_classes_present(void **state)
{
    fx *f = *state;
    /* Every area at level 2 or no data: the legend has level 2 and no data, no other level. */
    bh_summary *md = NULL;
    assert_int_equal(bh_summary_create(N_TYPES, TYPES, &md), BH_OK);
    for (size_t i = 0; i < bh_summary_n_areas(f->md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(f->md, i, &len);
        long c[N_TYPES] = {1, 0, 0, 0, 0, 0, 0};
        assert_int_equal(bh_summary_add(md, bh_summary_area_id(f->md, i),
                                        bh_summary_area_name(f->md, i), 100, c, i < 3 ? 0 : 2, wkb,
                                        len),
                         BH_OK);
    }
    char *out = bh_asprintf("%s/legend.pdf", f->dir);
    bh_map_opts o = opts_for(out);
    assert_int_equal(draw_to(f, NULL, md, f->style, &o, out, 0, NULL), BH_OK);
    char *text = pdftotext(out);
    assert_non_null(strstr(text, "危険度2（やや低い）"));
    assert_null(strstr(text, "危険度5"));
    assert_null(strstr(text, "危険度1"));
    assert_non_null(strstr(text, "算出対象外"));
    free(text);
    free(out);
    bh_summary_destroy(md);
}

static int meets(const unsigned char *wkb, size_t len, const double ext[4])
{
    OGRGeometryH g = NULL;
    if (OGR_G_CreateFromWkb(wkb, NULL, &g, (int)len) != OGRERR_NONE)
        return 0;
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    OGR_G_DestroyGeometry(g);
    return e.MinX <= ext[2] && e.MaxX >= ext[0] && e.MinY <= ext[3] && e.MaxY >= ext[1];
}

/* Zoomed to one area, the legend lists the 危険度 levels of exactly the areas whose envelope
 * meets the extent shown (computed here with OGR): level 5 is given only to areas out of view. */
static void test_zoomed_legend_lists_only_levels_in_view(void **state)
{
    fx *f = *state;
    char *out = bh_asprintf("%s/zoom.pdf", f->dir);
    bh_map_opts o = opts_for(out);
    o.area = "稔台";
    bh_map_result r;
    assert_int_equal(draw_to(f, NULL, f->md, f->style, &o, out, 0, &r), BH_OK);
    bh_summary *md = NULL;
    assert_int_equal(bh_summary_create(N_TYPES, TYPES, &md), BH_OK);
    for (size_t i = 0; i < bh_summary_n_areas(f->md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(f->md, i, &len);
        long c[N_TYPES] = {1, 2, 0, 0, 0, 0, 0};
        int level = meets(wkb, len, r.extent) ? 1 + (int)(i % 4) : 5;
        assert_int_equal(bh_summary_add(md, bh_summary_area_id(f->md, i),
                                        bh_summary_area_name(f->md, i), 100, c, level, wkb, len),
                         BH_OK);
    }
    assert_int_equal(draw_to(f, NULL, md, f->style, &o, out, 0, &r), BH_OK);
    int want[6] = {0};
    size_t in_view = 0;
    for (size_t i = 0; i < bh_summary_n_areas(md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(md, i, &len);
        if (meets(wkb, len, r.extent)) {
            want[bh_summary_risk_level(md, i)] = 1;
            in_view++;
        }
    }
    assert_true(in_view > 1 && in_view < bh_summary_n_areas(md));
    char *text = pdftotext(out);
    assert_non_null(text);
    for (int lv = 1; lv <= 5; lv++) {
        char needle[32];
        snprintf(needle, sizeof needle, "危険度%d（", lv);
        int has = strstr(text, needle) != NULL;
        printf("# level %d: in view %d, in legend %d\n", lv, want[lv], has);
        assert_int_equal(has, want[lv]);
    }
    assert_false(want[5]); /* the zoom really leaves level 5 out */
    free(text);
    free(out);
    bh_summary_destroy(md);
}

static void test_wareki_months_dates_and_periods(void **state)
{
    (void)state;
    char b[96];
    bh_page_wareki_ym(202301, b, sizeof b);
    assert_string_equal(b, "令和5年1月");
    bh_page_wareki_ym(201905, b, sizeof b);
    assert_string_equal(b, "令和元年5月");
    bh_page_wareki_ym(201904, b, sizeof b);
    assert_string_equal(b, "平成31年4月");
    bh_page_wareki_ym(202313, b, sizeof b);
    assert_string_equal(b, "");
    bh_page_wareki_period(202301, 202312, b, sizeof b);
    assert_string_equal(b, "令和5年1月〜令和5年12月");
    bh_page_wareki_period(202306, 202306, b, sizeof b);
    assert_string_equal(b, "令和5年6月");
    bh_page_wareki_date(1989, 1, 7, b, sizeof b);
    assert_string_equal(b, "昭和64年1月7日");
    bh_page_wareki_date(1989, 1, 8, b, sizeof b);
    assert_string_equal(b, "平成元年1月8日");
}

static void test_scalebar_lengths_are_round_and_fit(void **state)
{
    (void)state;
    /* 1:40,000 → 0.025 mm per m; 60 mm holds 2,400 m → 2 km. */
    assert_true(fabs(bh_scalebar_length_m(0.025, 60) - 2000) < 1e-9);
    assert_true(fabs(bh_scalebar_length_m(0.025, 40) - 1000) < 1e-9);
    assert_true(fabs(bh_scalebar_length_m(1, 60) - 50) < 1e-9);
    assert_true(fabs(bh_scalebar_length_m(0.001, 60) - 50000) < 1e-9);
    for (double k = 0.0007; k < 3; k *= 1.37) {
        double len = bh_scalebar_length_m(k, 50);
        double lead = len / pow(10, floor(log10(len) + 1e-12));
        assert_true(len * k <= 50 + 1e-9);
        assert_true(len * k > 50 / 2.5 - 1e-9); /* never less than 40 % of the room */
        assert_true(fabs(lead - 1) < 1e-9 || fabs(lead - 2) < 1e-9 || fabs(lead - 5) < 1e-9);
    }
    char b[32];
    bh_scalebar_format(500, b, sizeof b);
    assert_string_equal(b, "500 m");
    bh_scalebar_format(2000, b, sizeof b);
    assert_string_equal(b, "2 km");
}

static void test_paper_sizes_are_iso_and_jis(void **state)
{
    fx *f = *state;
    double w, h;
    assert_int_equal(bh_page_paper_size(f->ctx, "a3", &w, &h), BH_OK);
    assert_true(w == 297 && h == 420);
    assert_int_equal(bh_page_paper_size(f->ctx, "B4", &w, &h), BH_OK);
    assert_true(w == 257 && h == 364);
    assert_int_equal(bh_page_paper_size(f->ctx, "Letter", &w, &h), BH_E_ARG);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "Letter"));
    bh_ctx_clear_error(f->ctx);
}

/* 前年比 labels: signs, rounding half away from zero, new, no year before, suppression. */
static void test_change_labels_follow_the_count_rule(void **state)
{
    (void)state;
    bh_map_opts o;
    bh_map_opts_init(&o);
    char b[64];
    bh_mapclass_change_text(&o, 47, 35, b, sizeof b);
    assert_string_equal(b, "+12件 (+34%)");
    bh_mapclass_change_text(&o, 3, 2, b, sizeof b);
    assert_string_equal(b, "+1件 (+50%)");
    bh_mapclass_change_text(&o, 1, 2, b, sizeof b);
    assert_string_equal(b, "-1件 (-50%)");
    bh_mapclass_change_text(&o, 200, 201, b, sizeof b);
    assert_string_equal(b, "-1件 (±0%)");
    bh_mapclass_change_text(&o, 5, 5, b, sizeof b);
    assert_string_equal(b, "±0件 (±0%)");
    bh_mapclass_change_text(&o, 4, 0, b, sizeof b);
    assert_string_equal(b, "+4件（新規）");
    bh_mapclass_change_text(&o, 0, 0, b, sizeof b);
    assert_string_equal(b, "±0件");
    bh_mapclass_change_text(&o, 9, -1, b, sizeof b);
    assert_string_equal(b, "9件");
    o.suppress_below = 5;
    bh_mapclass_change_text(&o, 3, 20, b, sizeof b);
    assert_string_equal(b, "5未満");
    bh_mapclass_change_text(&o, 20, 3, b, sizeof b);
    assert_string_equal(b, "20件");
    bh_mapclass_change_text(&o, 20, 10, b, sizeof b);
    assert_string_equal(b, "+10件 (+100%)");
    o.suppress_hide = 1;
    bh_mapclass_change_text(&o, 3, 20, b, sizeof b);
    assert_string_equal(b, "");
}

/* Bounding box (x0, y0, x1, y1 pixels) of the pixels of colour rgb; -1 when none. */
static void colour_box(const unsigned char *px, unsigned w, unsigned h, unsigned rgb, long box[4])
{
    box[0] = box[1] = -1;
    box[2] = box[3] = -1;
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            const unsigned char *p = px + 3 * ((size_t)y * w + x);
            if ((unsigned)(p[0] << 16 | p[1] << 8 | p[2]) != rgb)
                continue;
            if (box[0] < 0 || x < (unsigned)box[0])
                box[0] = x;
            if (box[1] < 0)
                box[1] = y;
            if ((long)x > box[2])
                box[2] = x;
            box[3] = y;
        }
}

/* A raster layer puts each cell where it lies, north up, at the map's scale: a 3 × 3 grid of
 * 100 m cells with the north-west cell high (red) and the south-east cell lower (blue). */
static void test_raster_cells_are_placed_north_up(void **state)
{
    fx *f = *state;
    char *path = bh_asprintf("%s/raster.sqlite", f->dir), *png = bh_asprintf("%s/r.png", f->dir);
    bh_db *db = bh_test_new_db(f->ctx, path, 6677);
    assert_non_null(db);
    assert_int_equal(bh_db_exec(db, "CREATE TABLE g (v REAL, geom BLOB)"), BH_OK);
    for (int c = 0; c < 3; c++)
        for (int r = 0; r < 3; r++) {
            char *sql = bh_asprintf("INSERT INTO g VALUES (%d, BuildMbr(%d, %d, %d, %d, 6677))",
                                    c == 0 && r == 2   ? 100
                                    : c == 2 && r == 0 ? 50
                                                       : 0,
                                    1000 + 100 * c, 2000 + 100 * r, 1100 + 100 * c, 2100 + 100 * r);
            assert_int_equal(bh_db_exec(db, sql), BH_OK);
            free(sql);
        }
    bh_style *style = NULL;
    assert_int_equal(
        bh_style_parse(f->ctx,
                       "{\"furniture\": {\"legend\": false, \"scalebar\": false, \"north\": false, "
                       "\"title_block\": false, \"credits\": false, \"stamp\": false}, \"layers\": "
                       "[{\"type\": \"areas\", \"fill_by\": \"none\", \"paint\": {\"stroke\": "
                       "\"none\"}, \"label_names\": false, \"label_counts\": false}, {\"type\": "
                       "\"raster\", \"table\": \"g\", \"value\": \"v\", \"threshold\": 1, "
                       "\"smooth\": false, \"classification\": {\"method\": \"equal\", "
                       "\"classes\": 2}, \"classes\": [{\"paint\": {\"fill\": \"#0000ff\"}}, "
                       "{\"paint\": {\"fill\": \"#ff0000\"}}]}]}",
                       "raster-test", &style),
        BH_OK);
    unsigned char sq[93];
    size_t n = 0;
    bh_summary *md = NULL;
    assert_int_equal(bh_summary_create(0, NULL, &md), BH_OK);
    /* the grid's square as the one area (WKB polygon, little endian) */
    const double ring[10] = {1000, 2000, 1300, 2000, 1300, 2300, 1000, 2300, 1000, 2000};
    sq[n++] = 1;
    const uint32_t hdr[3] = {3, 1, 5};
    memcpy(sq + n, hdr, sizeof hdr);
    n += sizeof hdr;
    memcpy(sq + n, ring, sizeof ring);
    n += sizeof ring;
    assert_int_equal(bh_summary_add(md, "a", "a", 0, NULL, 0, sq, n), BH_OK);
    bh_map_opts o = opts_for(png);
    bh_map_result r;
    assert_int_equal(draw_to(f, db, md, style, &o, png, 100, &r), BH_OK);
    unsigned w, h;
    unsigned char *px = bh_test_read_png(png, &w, &h);
    assert_non_null(px);
    long red[4], blue[4];
    colour_box(px, w, h, 0xff0000, red);
    colour_box(px, w, h, 0x0000ff, blue);
    assert_true(red[0] >= 0 && blue[0] >= 0);
    assert_true(red[2] < blue[0] && red[3] < blue[1]);                /* NW above and left of SE */
    double cell_px = 100.0 * 1000 / r.scale_denominator / 25.4 * 100; /* 100 m at 100 dpi */
    assert_true(fabs((double)(red[2] - red[0] + 1) - cell_px) <= 2);
    assert_true(fabs((double)(blue[3] - blue[1] + 1) - cell_px) <= 2);
    assert_true(fabs((double)(blue[0] - red[0]) - 2 * cell_px) <= 2); /* two cells apart */
    free(px);
    bh_summary_destroy(md);
    bh_style_destroy(style);
    bh_db_close(db);
    free(path);
    free(png);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_city_map_png_matches_the_golden_image),
        cmocka_unit_test(test_pdf_text_has_title_period_legend_and_area_names),
        cmocka_unit_test(test_empty_period_renders_zero_counts),
        cmocka_unit_test(test_public_edition_has_no_asset_points_internal_has),
        cmocka_unit_test(test_suppress_below_prints_n_miman),
        cmocka_unit_test(test_unknown_area_names_the_area),
        cmocka_unit_test(test_legend_lists_only_classes_present),
        cmocka_unit_test(test_zoomed_legend_lists_only_levels_in_view),
        cmocka_unit_test(test_wareki_months_dates_and_periods),
        cmocka_unit_test(test_scalebar_lengths_are_round_and_fit),
        cmocka_unit_test(test_paper_sizes_are_iso_and_jis),
        cmocka_unit_test(test_change_labels_follow_the_count_rule),
        cmocka_unit_test(test_raster_cells_are_placed_north_up),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

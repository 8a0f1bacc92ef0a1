/* The default typeface covers the city: every name the maps, atlas pages and plan report can print
 * (the default city database's 町丁目, 大字, schools, 交番, stations, facilities, layer titles,
 * crime types, plan items and categories, and every non-ASCII string of the city profile, the
 * layer files and the default styles) is laid out by pango in BIZ UDPゴシック with font fallback
 * off and has no unknown glyph (no hex box, no silent switch to another face). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "core/city.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "db/db.h"
#include "io/init.h"
#include "render/style.h"
#include "render/text_layout.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir, *path;
    cairo_surface_t *s;
    cairo_t *cr;
    long checked;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("glyphs");
    f->path = bh_asprintf("%s/city.sqlite", f->dir);
    char *city_dir = bh_test_source("data/matsudo");
    bh_city *city = NULL;
    int ok = bh_city_load(f->ctx, city_dir, &city) == BH_OK &&
             bh_init(f->ctx, city, f->path, 0) == BH_OK;
    if (!ok)
        fprintf(stderr, "setup: %s\n", bh_ctx_error(f->ctx));
    bh_city_destroy(city);
    free(city_dir);
    f->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 16, 16);
    f->cr = cairo_create(f->s);
    cairo_scale(f->cr, BH_TEXT_MM_PER_PT, BH_TEXT_MM_PER_PT); /* as bh_text_layout_new needs */
    *state = f;
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->s);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

/* 1 when every run of the layout is set in family (case-insensitive, as fontconfig compares). */
static int runs_in_family(PangoLayout *layout, const char *family)
{
    int ok = 1;
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (run == NULL)
            continue;
        PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
        const char *got = pango_font_description_get_family(d);
        ok = got != NULL && g_ascii_strcasecmp(got, family) == 0;
        pango_font_description_free(d);
    } while (ok && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return ok;
}

/* 1 when text, regular and bold, has a real glyph for every character in family alone. */
static int covered(cairo_t *cr, const char *family, const char *text)
{
    int ok = 1;
    for (int bold = 0; ok && bold < 2; bold++) {
        bh_text_style st = bh_text_style_default(10);
        st.family = family;
        st.bold = bold;
        PangoLayout *layout = bh_text_layout_new(cr, &st, text);
        PangoAttrList *attrs = pango_layout_get_attributes(layout);
        attrs = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_fallback_new(FALSE));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
        ok = bh_text_layout_glyphs_ok(layout, 0) && runs_in_family(layout, family);
        g_object_unref(layout);
    }
    return ok;
}

static void check(fixture *f, const char *origin, const char *text)
{
    if (text == NULL || *text == '\0')
        return;
    f->checked++;
    if (!covered(f->cr, BH_TEXT_DEFAULT_FAMILY, text))
        fail_msg("%s: '%s' has a character without a glyph in %s", origin, text,
                 BH_TEXT_DEFAULT_FAMILY);
}

static int has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* Every non-ASCII string value (and key) anywhere in the JSON value v. */
static void check_json(fixture *f, const char *origin, json_object *v)
{
    if (json_object_is_type(v, json_type_string)) {
        if (has_non_ascii(json_object_get_string(v)))
            check(f, origin, json_object_get_string(v));
    } else if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v); i++)
            check_json(f, origin, json_object_array_get_idx(v, i));
    } else if (json_object_is_type(v, json_type_object)) {
        json_object_object_foreach(v, key, val)
        {
            if (has_non_ascii(key))
                check(f, origin, key);
            check_json(f, origin, val);
        }
    }
}

static void check_json_file(fixture *f, const char *path)
{
    char *text = bh_file_slurp(path, NULL);
    assert_non_null(text);
    json_object *root = NULL;
    assert_int_equal(bh_json_parse(f->ctx, text, path, BH_E_FORMAT, &root), BH_OK);
    check_json(f, path, root);
    json_object_put(root);
    free(text);
}

/* Every .json file of the source directory rel. */
static void check_json_dir(fixture *f, const char *rel)
{
    char *dir = bh_test_source(rel);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0) {
            char *path = bh_asprintf("%s/%s", dir, e->d_name);
            check_json_file(f, path);
            free(path);
        }
    }
    closedir(d);
    free(dir);
}

static void test_every_name_of_the_city_has_glyphs_in_the_default_face(void **state)
{
    fixture *f = *state;
    static const char *const sql[] = {
        "SELECT name FROM town_blocks UNION SELECT oaza FROM town_blocks",
        "SELECT name FROM oaza",
        "SELECT name FROM schools UNION SELECT school_name FROM school_districts",
        "SELECT name FROM koban_areas UNION SELECT police_station FROM koban_areas",
        "SELECT koban FROM crime_profiles UNION SELECT police_station FROM crime_profiles",
        "SELECT name FROM police_stations UNION SELECT name FROM railway_stations",
        "SELECT name FROM safety_facilities UNION SELECT name FROM shelters",
        "SELECT name FROM council_areas UNION SELECT name FROM city_boundary",
        "SELECT station FROM station_patrol_zones UNION SELECT name FROM box_activity_area",
        "SELECT title FROM layers UNION SELECT name FROM crime_types",
        "SELECT project FROM plan_items UNION SELECT name FROM plan_categories",
        "SELECT name FROM departments UNION SELECT label FROM plan_metrics",
    };
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, f->path, BH_DB_READONLY, &db), BH_OK);
    long before = f->checked;
    for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
        sqlite3_stmt *stmt = NULL;
        assert_int_equal(bh_db_prepare(db, sql[q], &stmt), BH_OK);
        while (sqlite3_step(stmt) == SQLITE_ROW)
            check(f, sql[q], (const char *)sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
    }
    bh_db_close(db);
    /* 251 町丁目 + 104 大字 + 45 schools + 18 交番 + 66 plan items at least */
    assert_true(f->checked - before > 251 + 104 + 45 + 18 + 66);
    before = f->checked;
    char *profile = bh_test_source("data/matsudo/city.json");
    check_json_file(f, profile);
    free(profile);
    check_json_dir(f, "layers");
    check_json_dir(f, "styles");
    assert_true(f->checked - before > 50);
}

static void test_default_styles_name_the_default_face(void **state)
{
    fixture *f = *state;
    static const char *const names[] = {"crime-map", "plain", "atlas-page", "bicycle-theft"};
    char *styles = bh_test_source("styles");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        bh_style *style = NULL;
        assert_int_equal(bh_style_load(f->ctx, names[i], styles, &style), BH_OK);
        assert_string_equal(bh_style_page_of(style)->font_family, BH_TEXT_DEFAULT_FAMILY);
        bh_style_destroy(style);
    }
    free(styles);
}

static void test_the_check_finds_a_missing_glyph(void **state)
{
    fixture *f = *state;
    /* Hangul is not in BIZ UDPゴシック (a Japanese face); Noto Sans CJK JP has it. */
    assert_true(covered(f->cr, BH_TEXT_DEFAULT_FAMILY, "松戸市 12件"));
    assert_false(covered(f->cr, BH_TEXT_DEFAULT_FAMILY, "松戸市 한"));
    assert_true(covered(f->cr, "Noto Sans CJK JP", "松戸市 한"));
    /* A family that is not installed: fontconfig substitutes another face, which is caught. */
    assert_false(covered(f->cr, "No Such Face Anywhere", "松戸市"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_name_of_the_city_has_glyphs_in_the_default_face),
        cmocka_unit_test(test_default_styles_name_the_default_face),
        cmocka_unit_test(test_the_check_finds_a_missing_glyph),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

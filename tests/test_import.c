/* import: OGR sources into layers — field mapping, reprojection (checked against PROJ directly),
 * CSV coordinate columns, encodings, and every bad input leaving the database file unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <gdal.h>
#include <ogr_api.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "io/import.h"
#include "db/layer.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir, *path, *before;
} fixture;

static const char places_def[] =
    "{\"name\": \"places\", \"kind\": \"real\", \"geometry\": \"POINT\", \"fields\": ["
    "{\"name\": \"name\", \"type\": \"TEXT\", \"unique\": true},"
    "{\"name\": \"pop\", \"type\": \"INTEGER\", \"from\": \"POP\"},"
    "{\"name\": \"src\", \"type\": \"TEXT\", \"value\": \"test\"}]}";
static const char zones_def[] = "{\"name\": \"zones\", \"kind\": \"sample\", \"geometry\": "
                                "\"MULTIPOLYGON\", \"fields\": [{\"name\": \"name\"}]}";

static const char places_geojson[] =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"松戸駅\", \"POP\": 10}, "
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [139.9, 35.78]}},"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"北小金駅\", \"POP\": 20}, "
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [139.93, 35.83]}},"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"六実駅\", \"POP\": null}, "
    "\"geometry\": null}]}";

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = bh_asprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static void add_layer(fixture *f, bh_db *db, const char *json)
{
    bh_layer_def *def = NULL;
    assert_int_equal(bh_layer_def_parse(f->ctx, json, "test.json", &def), BH_OK);
    assert_int_equal(bh_db_begin(db), BH_OK);
    assert_int_equal(bh_layer_create_table(db, def), BH_OK);
    assert_int_equal(bh_layer_catalogue_put(db, def, NULL, NULL, NULL), BH_OK);
    assert_int_equal(bh_db_commit(db), BH_OK);
    bh_layer_def_destroy(def);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("import");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->before = bh_asprintf("%s/before.sqlite", f->dir);
    bh_db *db = bh_test_new_db(f->ctx, f->path, 6677);
    if (db == NULL)
        return -1;
    add_layer(f, db, places_def);
    add_layer(f, db, zones_def);
    bh_db_close(db);
    write_file(f->dir, "places.geojson", places_geojson);
    write_file(f->dir, "places.csv",
               "name,POP,lon,lat\n松戸駅,10,139.9,35.78\n"
               "常盤平駅,5,139.95,35.80\n未定,1,,\n");
    write_file(f->dir, "places_cp932.csv", "name,POP,lon,lat\n\x8f\xbc\x8c\xcb,3,139.9,35.78\n");
    write_file(f->dir, "places_badint.csv",
               "name,POP,lon,lat\na,1,139.9,35.78\nb,abc,139.9,35.7\n");
    write_file(f->dir, "places_dup.csv", "name,POP,lon,lat\na,1,139.9,35.78\na,2,139.9,35.7\n");
    write_file(f->dir, "empty.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}");
    write_file(f->dir, "bowtie.geojson",
               "{\"type\": \"FeatureCollection\", \"features\": ["
               "{\"type\": \"Feature\", \"properties\": {\"name\": \"ok\"}, \"geometry\": "
               "{\"type\": \"Polygon\", \"coordinates\": [[[139.9,35.78],[139.91,35.78],"
               "[139.91,35.79],[139.9,35.79],[139.9,35.78]]]}},"
               "{\"type\": \"Feature\", \"properties\": {\"name\": \"bowtie\"}, \"geometry\": "
               "{\"type\": \"Polygon\", \"coordinates\": [[[139.9,35.78],[139.91,35.79],"
               "[139.91,35.78],[139.9,35.79],[139.9,35.78]]]}}]}");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f->before);
    free(f);
    return 0;
}

/* Runs one import on the fixture database; snapshot first so failures can be compared. */
static bh_status import(fixture *f, const char *layer, const char *file, bh_import_opts o,
                        bh_import_result *res)
{
    assert_int_equal(bh_test_copy(f->path, f->before), 0);
    char *src = bh_asprintf("%s/%s", f->dir, file);
    o.src.path = src;
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &db), BH_OK);
    bh_ctx_clear_error(f->ctx);
    bh_status st = bh_import_run(db, layer, &o, res);
    bh_db_close(db);
    free(src);
    return st;
}

static long long scalar(fixture *f, const char *sql)
{
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, f->path, BH_DB_READONLY, &db), BH_OK);
    long long v = bh_db_scalar_int(db, sql, -999);
    bh_db_close(db);
    return v;
}

/* A failed import: the status, a one-line message containing each needle, unchanged bytes. */
static void expect_refused(fixture *f, bh_status got, bh_status want, const char *needle1,
                           const char *needle2)
{
    const char *msg = bh_ctx_error(f->ctx);
    if (got != want)
        fail_msg("status %d, want %d: %s", got, want, msg);
    assert_null(strchr(msg, '\n'));
    if (needle1 && strstr(msg, needle1) == NULL)
        fail_msg("'%s' not in: %s", needle1, msg);
    if (needle2 && strstr(msg, needle2) == NULL)
        fail_msg("'%s' not in: %s", needle2, msg);
    assert_true(bh_test_same_bytes(f->path, f->before));
}

static void test_geojson_points_are_reprojected_exactly_as_proj_does(void **state)
{
    fixture *f = *state;
    bh_import_result res;
    assert_int_equal(import(f, "places", "places.geojson", (bh_import_opts){0}, &res), BH_OK);
    assert_int_equal(res.read, 3);
    assert_int_equal(res.stored, 3);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places WHERE geom IS NULL"), 1);
    assert_int_equal(scalar(f, "SELECT sum(pop) FROM places"), 30);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places WHERE src = 'test'"), 3);
    assert_int_equal(scalar(f, "SELECT feature_count FROM layers WHERE name = 'places'"), 3);
    /* Independent transformation with PROJ. */
    PJ *p = proj_create_crs_to_crs(NULL, "EPSG:4326", "EPSG:6677", NULL);
    assert_non_null(p);
    PJ *norm = proj_normalize_for_visualization(NULL, p);
    PJ_COORD c = proj_trans(norm, PJ_FWD, proj_coord(139.9, 35.78, 0, 0));
    proj_destroy(norm);
    proj_destroy(p);
    char *sql = bh_asprintf("SELECT CAST(round(abs(X(geom) - %.6f) * 1000) + round(abs(Y(geom) - "
                            "%.6f) * 1000) AS INTEGER) FROM places WHERE name = '松戸駅'",
                            c.xy.x, c.xy.y);
    assert_int_equal(scalar(f, sql), 0); /* within a millimetre */
    free(sql);
    assert_int_equal(scalar(f, "SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                               "'places' AND srid = 6677"),
                     1);
}

static void test_csv_coordinate_columns_need_and_use_srs(void **state)
{
    fixture *f = *state;
    bh_import_opts o = {.src = {.x = "lon", .y = "lat"}};
    expect_refused(f, import(f, "places", "places.csv", o, NULL), BH_E_CRS, "places.csv", "--srs");
    o.src.srs = "EPSG:6668";
    bh_import_result res;
    assert_int_equal(import(f, "places", "places.csv", o, &res), BH_OK);
    assert_int_equal(res.stored, 3);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places WHERE geom IS NOT NULL"), 2);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places WHERE name = '常盤平駅' AND "
                               "X(geom) BETWEEN 0 AND 20000 AND Y(geom) BETWEEN -30000 AND -20000"),
                     1);
}

static void test_unknown_srs_is_refused(void **state)
{
    fixture *f = *state;
    bh_import_opts o = {.src = {.x = "lon", .y = "lat", .srs = "EPSG:999999"}};
    expect_refused(f, import(f, "places", "places.csv", o, NULL), BH_E_CRS, "places.csv",
                   "EPSG:999999");
}

static void test_cp932_text_read_as_utf8_is_refused_naming_feature_and_field(void **state)
{
    fixture *f = *state;
    bh_import_opts o = {.src = {.x = "lon", .y = "lat", .srs = "EPSG:6668"}};
    expect_refused(f, import(f, "places", "places_cp932.csv", o, NULL), BH_E_ENCODING,
                   "places_cp932.csv: feature", "field 'name'");
    o.src.encoding = "CP932";
    assert_int_equal(import(f, "places", "places_cp932.csv", o, NULL), BH_OK);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places WHERE name = '松戸'"), 1);
}

static void test_missing_file_unknown_layer_and_empty_source_are_refused(void **state)
{
    fixture *f = *state;
    expect_refused(f, import(f, "places", "nope.geojson", (bh_import_opts){0}, NULL),
                   BH_E_NOT_FOUND, "nope.geojson", NULL);
    expect_refused(f, import(f, "no_such_layer", "places.geojson", (bh_import_opts){0}, NULL),
                   BH_E_UNKNOWN_LAYER, "no_such_layer", NULL);
    expect_refused(f, import(f, "places", "empty.geojson", (bh_import_opts){0}, NULL), BH_E_EMPTY,
                   "empty.geojson", "no features");
    write_file(f->dir, "garbage.geojson", "this is not geojson");
    expect_refused(f, import(f, "places", "garbage.geojson", (bh_import_opts){0}, NULL),
                   BH_E_FORMAT, "garbage.geojson", NULL);
}

static void test_invalid_geometry_is_refused_not_fixed(void **state)
{
    fixture *f = *state;
    expect_refused(f, import(f, "zones", "bowtie.geojson", (bh_import_opts){0}, NULL),
                   BH_E_GEOMETRY, "bowtie.geojson: feature 1", "invalid");
    assert_int_equal(scalar(f, "SELECT count(*) FROM zones"), 0);
}

static void test_wrong_geometry_type_is_refused(void **state)
{
    fixture *f = *state;
    expect_refused(f, import(f, "zones", "places.geojson", (bh_import_opts){0}, NULL),
                   BH_E_GEOMETRY, "feature 0", "POINT");
}

static void test_bad_number_and_missing_field_are_refused(void **state)
{
    fixture *f = *state;
    bh_import_opts o = {.src = {.x = "lon", .y = "lat", .srs = "EPSG:6668"}};
    expect_refused(f, import(f, "places", "places_badint.csv", o, NULL), BH_E_FORMAT, "feature 2",
                   "field 'POP': 'abc'");
    write_file(f->dir, "nopop.csv", "name,lon,lat\na,139.9,35.78\n");
    expect_refused(f, import(f, "places", "nopop.csv", o, NULL), BH_E_FORMAT, "nopop.csv",
                   "field 'POP': not in the source");
}

static void test_nonempty_layer_needs_replace_or_append(void **state)
{
    fixture *f = *state;
    assert_int_equal(import(f, "places", "places.geojson", (bh_import_opts){0}, NULL), BH_OK);
    expect_refused(f, import(f, "places", "places.geojson", (bh_import_opts){0}, NULL),
                   BH_E_DUPLICATE, "places.geojson", "--replace");
    /* --append of the same names breaks the unique column: refused, naming feature and field */
    expect_refused(
        f, import(f, "places", "places.geojson", (bh_import_opts){.mode = BH_IMPORT_APPEND}, NULL),
        BH_E_DUPLICATE, "feature 0", "field 'name'");
    assert_int_equal(
        import(f, "places", "places.geojson", (bh_import_opts){.mode = BH_IMPORT_REPLACE}, NULL),
        BH_OK);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places"), 3);
    bh_import_opts o = {.src = {.x = "lon", .y = "lat", .srs = "EPSG:6668"},
                        .mode = BH_IMPORT_APPEND};
    expect_refused(f, import(f, "places", "places_dup.csv", o, NULL), BH_E_DUPLICATE, "feature 2",
                   "field 'name': 'a'");
    assert_int_equal(
        import(f, "places", "places_badint.csv",
               (bh_import_opts){
                   .src = {.x = "lon", .y = "lat", .srs = "EPSG:6668", .where = "name = 'a'"},
                   .mode = BH_IMPORT_APPEND},
               NULL),
        BH_OK);
    assert_int_equal(scalar(f, "SELECT count(*) FROM places"), 4);
    assert_int_equal(scalar(f, "SELECT feature_count FROM layers WHERE name = 'places'"), 4);
}

static void test_sample_layer_rows_are_flagged_and_kind_can_change(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        import(f, "zones", "bowtie.geojson", (bh_import_opts){.src.where = "name = 'ok'"}, NULL),
        BH_OK);
    assert_int_equal(scalar(f, "SELECT sum(sample) FROM zones"), 1);
    assert_int_equal(
        import(
            f, "zones", "bowtie.geojson",
            (bh_import_opts){.src.where = "name = 'ok'", .kind = "real", .mode = BH_IMPORT_REPLACE},
            NULL),
        BH_OK);
    assert_int_equal(scalar(f, "SELECT sum(sample) FROM zones"), 0);
    assert_int_equal(scalar(f, "SELECT count(*) FROM layers WHERE name = 'zones' AND kind = "
                               "'real'"),
                     1);
    assert_int_equal(scalar(f, "SELECT CAST(ST_Area(geom) / 1000 AS INTEGER) FROM zones") > 500, 1);
}

/* An XLSX sheet written with GDAL's own XLSX driver, read back through the import. */
static void test_xlsx_rows_with_coordinate_columns_are_imported(void **state)
{
    fixture *f = *state;
    GDALDriverH drv = GDALGetDriverByName("XLSX");
    if (drv == NULL)
        skip();
    char *path = bh_asprintf("%s/places.xlsx", f->dir);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "places", NULL, wkbNone, NULL);
    assert_non_null(lyr);
    const char *names[] = {"name", "POP", "lon", "lat"};
    const OGRFieldType types[] = {OFTString, OFTInteger, OFTReal, OFTReal};
    for (int i = 0; i < 4; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[i], types[i]);
        assert_int_equal(OGR_L_CreateField(lyr, fd, 1), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    const char *rows[] = {"松戸駅", "八柱駅"};
    for (int i = 0; i < 2; i++) {
        OGRFeatureH ft = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        OGR_F_SetFieldString(ft, 0, rows[i]);
        OGR_F_SetFieldInteger(ft, 1, 7 + i);
        OGR_F_SetFieldDouble(ft, 2, 139.9 + 0.05 * i);
        OGR_F_SetFieldDouble(ft, 3, 35.78);
        assert_int_equal(OGR_L_CreateFeature(lyr, ft), OGRERR_NONE);
        OGR_F_Destroy(ft);
    }
    GDALClose(ds);
    free(path);
    bh_import_opts o = {.src = {.x = "lon", .y = "lat", .srs = "EPSG:6668"}};
    bh_import_result res;
    assert_int_equal(import(f, "places", "places.xlsx", o, &res), BH_OK);
    assert_int_equal(res.stored, 2);
    assert_int_equal(scalar(f, "SELECT sum(pop) FROM places WHERE geom IS NOT NULL"), 15);
    /* 0.05 degrees of longitude at 35.78°N is about 4.5 km */
    assert_int_equal(scalar(f, "SELECT CAST(round(ST_Distance(a.geom, b.geom) / 100) AS INTEGER) "
                               "FROM places a, places b WHERE a.name = '松戸駅' AND b.name = "
                               "'八柱駅'"),
                     45);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_geojson_points_are_reprojected_exactly_as_proj_does,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_coordinate_columns_need_and_use_srs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unknown_srs_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_cp932_text_read_as_utf8_is_refused_naming_feature_and_field, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_missing_file_unknown_layer_and_empty_source_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_geometry_is_refused_not_fixed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wrong_geometry_type_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_number_and_missing_field_are_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_nonempty_layer_needs_replace_or_append, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_rows_with_coordinate_columns_are_imported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sample_layer_rows_are_flagged_and_kind_can_change,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* estat: the REAL e-Stat 小地域 shapefile of 鳥取市 (677 pieces, CP932, no .cpg) imported into
 * town_blocks — merged per KEY_CODE, totals kept, names decoded, oaza re-derived; areas checked
 * against an independent OGR computation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "db/estat.h"
#include "io/import.h"
#include "io/init.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir, *path, *before, *shp;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("estat");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->before = bh_asprintf("%s/before.sqlite", f->dir);
    f->shp = bh_test_data("tottori/tottori_city_31201_h27.shp");
    char *city_dir = bh_test_data("tottori-city");
    bh_city *city = NULL;
    int ok = bh_city_load(f->ctx, city_dir, &city) == BH_OK &&
             bh_init(f->ctx, city, f->path, 0) == BH_OK;
    if (!ok)
        fprintf(stderr, "setup: %s\n", bh_ctx_error(f->ctx));
    bh_city_destroy(city);
    free(city_dir);
    *state = f;
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f->before);
    free(f->shp);
    free(f);
    return 0;
}

static bh_status import(fixture *f, const char *encoding, bh_import_mode mode,
                        bh_import_result *res)
{
    assert_int_equal(bh_test_copy(f->path, f->before), 0);
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &db), BH_OK);
    bh_ctx_clear_error(f->ctx);
    bh_import_opts o = {.src = {.path = f->shp, .encoding = encoding}, .mode = mode};
    bh_status st = bh_import_run(db, "town_blocks", &o, res);
    bh_db_close(db);
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

static void test_real_shapefile_merges_677_pieces_into_666_blocks_keeping_totals(void **state)
{
    fixture *f = *state;
    bh_import_result res;
    assert_int_equal(import(f, "CP932", BH_IMPORT_NEW, &res), BH_OK);
    assert_int_equal(res.read, 677);
    assert_int_equal(res.stored, 666);
    assert_true(res.estat);
    assert_int_equal(res.rederived, 1);
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks"), 666);
    assert_int_equal(scalar(f, "SELECT count(DISTINCT key_code) FROM town_blocks"), 666);
    assert_int_equal(scalar(f, "SELECT sum(population) FROM town_blocks"), 193717);
    assert_int_equal(scalar(f, "SELECT sum(households) FROM town_blocks"), 75941);
    /* KEY_CODE read as is: 9- and 11-character codes (PROVENANCE Q4) */
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks WHERE length(key_code) = 9"), 293);
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks WHERE length(key_code) = 11"),
                     373);
    /* Population on E1 even when E1 is not the largest piece (Q3: 賀露町 E1 has 18) */
    assert_int_equal(scalar(f, "SELECT population FROM town_blocks WHERE key_code = '312012224'"),
                     18);
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks WHERE ST_IsValid(geom) = 1"), 666);
    assert_int_equal(scalar(f, "SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                               "'town_blocks' AND srid = 6673 AND spatial_index_enabled = 1"),
                     1);
    assert_int_equal(scalar(f, "SELECT count(*) FROM layers WHERE name = 'town_blocks' AND kind "
                               "= 'real' AND feature_count = 666"),
                     1);
}

static void test_japanese_names_are_decoded_from_cp932(void **state)
{
    fixture *f = *state;
    assert_int_equal(import(f, "CP932", BH_IMPORT_NEW, NULL), BH_OK);
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks WHERE name = '立川町３丁目' AND "
                               "oaza = '立川町'"),
                     1);
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks WHERE key_code = '312012130' "
                               "AND name = '伏野' AND oaza = '伏野'"),
                     1);
}

/* Independent: the pieces read straight from the shapefile with OGR, projected to EPSG:6673. */
static double fushino_piece_area(int *pieces)
{
    char *shp = bh_test_data("tottori/tottori_city_31201_h27.shp");
    GDALDatasetH ds = GDALOpenEx(shp, GDAL_OF_VECTOR, NULL, NULL, NULL);
    free(shp);
    assert_non_null(ds);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    assert_int_equal(OGR_L_SetAttributeFilter(lyr, "KEY_CODE = '312012130'"), OGRERR_NONE);
    OGRSpatialReferenceH to = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRImportFromEPSG(to, 6673), OGRERR_NONE);
    OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
    double sum = 0;
    *pieces = 0;
    OGRFeatureH feat;
    while ((feat = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_G_Clone(OGR_F_GetGeometryRef(feat));
        assert_int_equal(OGR_G_TransformTo(g, to), OGRERR_NONE);
        sum += OGR_G_Area(g);
        (*pieces)++;
        OGR_G_DestroyGeometry(g);
        OGR_F_Destroy(feat);
    }
    OSRDestroySpatialReference(to);
    GDALClose(ds);
    return sum;
}

static void test_fushino_is_merged_from_four_pieces_and_keeps_their_area(void **state)
{
    fixture *f = *state;
    assert_int_equal(import(f, "CP932", BH_IMPORT_NEW, NULL), BH_OK);
    int pieces = 0;
    double want = fushino_piece_area(&pieces);
    assert_int_equal(pieces, 4);
    assert_true(want > 100000.0);
    assert_int_equal(scalar(f, "SELECT ST_NumGeometries(geom) FROM town_blocks WHERE key_code = "
                               "'312012130'"),
                     4);
    char *sql = bh_asprintf("SELECT CAST(round(abs(ST_Area(geom) - %.3f)) AS INTEGER) FROM "
                            "town_blocks WHERE key_code = '312012130'",
                            want);
    assert_true(scalar(f, sql) <= 1); /* within 1 m² of the sum of the pieces */
    free(sql);
}

static void test_oaza_layer_is_rederived_from_the_imported_blocks(void **state)
{
    fixture *f = *state;
    assert_int_equal(scalar(f, "SELECT count(*) FROM oaza"), 0);
    assert_int_equal(import(f, "CP932", BH_IMPORT_NEW, NULL), BH_OK);
    long long n = scalar(f, "SELECT count(*) FROM oaza");
    assert_int_equal(n, scalar(f, "SELECT count(DISTINCT oaza) FROM town_blocks"));
    assert_true(n > 400 && n < 666);
    assert_int_equal(scalar(f, "SELECT sum(population) FROM oaza"), 193717);
    assert_int_equal(scalar(f, "SELECT population FROM oaza WHERE name = '立川町'"),
                     scalar(f, "SELECT sum(population) FROM town_blocks WHERE oaza = '立川町'"));
    assert_int_equal(scalar(f, "SELECT feature_count FROM layers WHERE name = 'oaza'"), n);
    assert_int_equal(scalar(f, "SELECT count(*) FROM oaza WHERE ST_IsValid(geom) = 1"), n);
    /* A dissolve of real blocks is real ("kind_follows"); the blocks became real with the import.
     */
    assert_int_equal(scalar(f, "SELECT count(*) FROM layers WHERE kind = 'real' AND name IN "
                               "('town_blocks', 'oaza')"),
                     2);
}

static void test_duplicate_import_is_refused_and_replace_works(void **state)
{
    fixture *f = *state;
    assert_int_equal(import(f, "CP932", BH_IMPORT_NEW, NULL), BH_OK);
    assert_int_equal(import(f, "CP932", BH_IMPORT_NEW, NULL), BH_E_DUPLICATE);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "tottori_city_31201_h27.shp"));
    assert_true(bh_test_same_bytes(f->path, f->before));
    /* --append: every KEY_CODE is already there */
    assert_int_equal(import(f, "CP932", BH_IMPORT_APPEND, NULL), BH_E_DUPLICATE);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "field 'KEY_CODE'"));
    assert_true(bh_test_same_bytes(f->path, f->before));
    bh_import_result res;
    assert_int_equal(import(f, "CP932", BH_IMPORT_REPLACE, &res), BH_OK);
    assert_int_equal(res.stored, 666);
    assert_int_equal(scalar(f, "SELECT count(*) FROM town_blocks"), 666);
    assert_int_equal(scalar(f, "SELECT sum(population) FROM oaza"), 193717);
}

static void test_cp932_dbf_without_encoding_is_refused_naming_feature_and_field(void **state)
{
    fixture *f = *state;
    assert_int_equal(import(f, NULL, BH_IMPORT_NEW, NULL), BH_E_ENCODING);
    const char *msg = bh_ctx_error(f->ctx);
    assert_non_null(strstr(msg, "tottori_city_31201_h27.shp: feature 0: field 'MOJI'"));
    assert_null(strchr(msg, '\n'));
    assert_true(bh_test_same_bytes(f->path, f->before));
    assert_int_equal(import(f, "UTF-8", BH_IMPORT_NEW, NULL), BH_E_ENCODING);
    assert_true(bh_test_same_bytes(f->path, f->before));
}

static void test_estat_sources_are_recognised_by_their_attributes(void **state)
{
    (void)state;
    const char *estat[] = {"AREA", "KEY_CODE", "KIGO_E", "MOJI", "JINKO", "SETAI", "HCODE"};
    const char *other[] = {"KEY_CODE", "MOJI", "JINKO", "SETAI"};
    assert_true(bh_estat_is_source(estat, 7));
    assert_false(bh_estat_is_source(other, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_real_shapefile_merges_677_pieces_into_666_blocks_keeping_totals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_japanese_names_are_decoded_from_cp932, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_fushino_is_merged_from_four_pieces_and_keeps_their_area, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oaza_layer_is_rederived_from_the_imported_blocks,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_import_is_refused_and_replace_works, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_cp932_dbf_without_encoding_is_refused_naming_feature_and_field, setup, teardown),
        cmocka_unit_test(test_estat_sources_are_recognised_by_their_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

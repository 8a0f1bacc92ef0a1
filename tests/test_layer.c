/* layer: definition files (parse, defaults, every malformed field named), the layer table
 * (registered geometry, spatial index, sample flag), derived layers, the catalogue, and bh_init
 * (refuses an existing file, --force rebuilds atomically, failures leave the old file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "io/init.h"
#include "db/layer.h"
#include "support.h"

typedef struct {
    bh_ctx *ctx;
    char *dir, *path;
    bh_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("layer");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->db = bh_test_new_db(f->ctx, f->path, 6677);
    *state = f;
    return f->db ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

static bh_layer_def *parse_ok(fixture *f, const char *json)
{
    bh_layer_def *def = NULL;
    bh_status st = bh_layer_def_parse(f->ctx, json, "x.json", &def);
    if (st != BH_OK)
        fail_msg("%s", bh_ctx_error(f->ctx));
    return def;
}

static void test_definition_defaults_table_type_and_source_attribute(void **state)
{
    fixture *f = *state;
    bh_layer_def *d = parse_ok(f, "{\"name\": \"shops\", \"kind\": \"real\", \"geometry\": "
                                  "\"POINT\", \"source\": {\"path\": \"s.csv\", \"x\": \"lon\", "
                                  "\"y\": \"lat\"}, \"fields\": [{\"name\": \"label\"}, "
                                  "{\"name\": \"n\", \"type\": \"INTEGER\", \"from\": \"N\"}]}");
    assert_string_equal(bh_layer_def_table(d), "shops");
    assert_int_equal(bh_layer_def_nfields(d), 2);
    assert_string_equal(bh_layer_def_field(d, 0)->type, "TEXT");
    assert_string_equal(bh_layer_def_field(d, 0)->from, "label");
    assert_string_equal(bh_layer_def_field(d, 1)->from, "N");
    assert_string_equal(bh_layer_def_source(d)->x, "lon");
    assert_string_equal(bh_layer_def_cast(d), "CastToPoint");
    assert_null(bh_layer_def_derive(d));
    bh_layer_def_destroy(d);
    bh_layer_def_destroy(NULL);
}

static void test_field_aliases_weights_and_import_section_are_data(void **state)
{
    fixture *f = *state;
    bh_layer_def *d = parse_ok(
        f, "{\"name\": \"districts\", \"kind\": \"approximate\", \"geometry\": "
           "\"MULTIPOLYGON\", \"derive\": \"SELECT 1\", \"fields\": [{\"name\": \"school_name\", "
           "\"aliases\": [\"A27_004\", \"A27_003\"]}, {\"name\": \"population\", \"type\": "
           "\"INTEGER\", \"area_weighted\": \"town_blocks.population\"}], \"import\": "
           "{\"city_code_from\": [\"A27_001\", \"CODE\"], \"merge_by\": \"school_name\", "
           "\"credit\": \"c\"}}");
    const bh_layer_field *name = bh_layer_def_field(d, 0), *pop = bh_layer_def_field(d, 1);
    assert_int_equal(name->naliases, 2);
    assert_string_equal(name->aliases[1], "A27_003");
    assert_null(name->area_weighted_table);
    assert_string_equal(pop->area_weighted_table, "town_blocks");
    assert_string_equal(pop->area_weighted_column, "population");
    assert_string_equal(bh_layer_def_import_item(d, "city_code_from", 1), "CODE");
    assert_null(bh_layer_def_import_item(d, "city_code_from", 2));
    assert_string_equal(bh_layer_def_import_str(d, "merge_by"), "school_name");
    assert_string_equal(bh_layer_def_import_str(d, "credit"), "c");
    assert_null(bh_layer_def_import_item(d, "credit", 1));
    assert_null(bh_layer_def_import_str(d, "title"));
    bh_layer_def_destroy(d);
}

static void test_malformed_definitions_name_file_and_field(void **state)
{
    fixture *f = *state;
    static const char *const cases[][2] = {
        {"{\"name\": \"a\", \"kind\": \"guess\"}", "field 'kind'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"geometry\": \"CIRCLE\"}", "field 'geometry'"},
        {"{\"name\": \"a b\", \"kind\": \"real\"}", "field 'table'"},
        {"{\"kind\": \"real\"}", "field 'name'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"x\", \"type\": "
         "\"BLOB\"}]}",
         "field 'type'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"geom\"}]}",
         "field 'name'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"x\"}, {\"name\": "
         "\"x\"}]}",
         "repeated"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"source\": {\"path\": \"p\"}, \"derive\": \"S\"}",
         "field 'derive'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"source\": {\"path\": \"p\", \"x\": \"lon\"}}",
         "field 'source'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"source\": {\"layer\": \"p\"}}", "field 'path'"},
        {"{\"name\": \"a\", ", "x.json: byte"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"x\", \"aliases\": "
         "\"X\"}]}",
         "field 'aliases'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"x\", \"area_weighted\": "
         "\"blocks\"}]}",
         "field 'area_weighted'"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"x\", \"area_weighted\": "
         "\"t.c\"}]}",
         "a TEXT field"},
        {"{\"name\": \"a\", \"kind\": \"real\", \"fields\": [{\"name\": \"x\"}], \"import\": "
         "{\"merge_by\": \"y\"}}",
         "field 'import.merge_by'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bh_layer_def *d = NULL;
        bh_ctx_clear_error(f->ctx);
        assert_int_equal(bh_layer_def_parse(f->ctx, cases[i][0], "x.json", &d), BH_E_FORMAT);
        assert_null(d);
        const char *msg = bh_ctx_error(f->ctx);
        if (strstr(msg, "x.json") == NULL || strstr(msg, cases[i][1]) == NULL)
            fail_msg("case %zu: '%s' lacks '%s'", i, msg, cases[i][1]);
    }
}

static void test_table_registers_geometry_index_and_sample_flag(void **state)
{
    fixture *f = *state;
    bh_layer_def *d = parse_ok(f, "{\"name\": \"zones\", \"kind\": \"sample\", \"geometry\": "
                                  "\"MULTIPOLYGON\", \"fields\": [{\"name\": \"name\", \"unique\": "
                                  "true}]}");
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    assert_int_equal(bh_layer_create_table(f->db, d), BH_OK);
    assert_int_equal(bh_db_exec(f->db, "INSERT INTO zones(name, geom) VALUES ('a', "
                                       "CastToMultiPolygon(BuildMbr(0, 0, 10, 20, 6677)))"),
                     BH_OK);
    assert_int_equal(bh_layer_catalogue_put(f->db, d, NULL, NULL, NULL), BH_OK);
    assert_int_equal(bh_db_commit(f->db), BH_OK);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT count(*) FROM geometry_columns WHERE "
                                      "f_table_name = 'zones' AND srid = 6677 AND "
                                      "geometry_type = 6 AND spatial_index_enabled = 1",
                                      0),
                     1);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT sample FROM zones", 0), 1);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT count(*) FROM idx_zones_geom", 0), 1);
    /* geometry of the wrong type or SRID is refused by SpatiaLite's triggers */
    assert_int_equal(bh_db_exec(f->db, "INSERT INTO zones(name, geom) VALUES ('b', "
                                       "MakePoint(1, 2, 6677))"),
                     BH_E_DB);
    assert_int_equal(bh_db_exec(f->db, "INSERT INTO zones(name, geom) VALUES ('a', NULL)"),
                     BH_E_DB); /* unique */
    bh_layer_info *rows = NULL;
    size_t n = 0;
    assert_int_equal(bh_layer_list(f->db, &rows, &n), BH_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].kind, "sample");
    assert_int_equal(rows[0].features, 1);
    assert_int_equal(rows[0].srid, 6677);
    assert_null(rows[0].source);
    bh_layer_list_free(rows, n);
    bh_layer_def_destroy(d);
}

static void test_derived_layer_follows_its_input_table(void **state)
{
    fixture *f = *state;
    bh_layer_def *base = parse_ok(f, "{\"name\": \"blocks\", \"kind\": \"real\", \"geometry\": "
                                     "\"MULTIPOLYGON\", \"fields\": [{\"name\": \"grp\"}, "
                                     "{\"name\": \"pop\", \"type\": \"INTEGER\"}]}");
    bh_layer_def *der = parse_ok(
        f, "{\"name\": \"groups\", \"kind\": \"approximate\", \"geometry\": \"MULTIPOLYGON\", "
           "\"derive\": \"SELECT grp AS name, sum(pop) AS pop, ST_Union(geom) AS geom FROM blocks "
           "GROUP BY grp;\", \"fields\": [{\"name\": \"name\"}, {\"name\": \"pop\", \"type\": "
           "\"INTEGER\"}]}");
    assert_true(bh_layer_def_depends_on(der, "blocks"));
    assert_false(bh_layer_def_depends_on(der, "block"));
    assert_false(bh_layer_def_depends_on(base, "blocks"));
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    assert_int_equal(bh_layer_create_table(f->db, base), BH_OK);
    assert_int_equal(bh_layer_create_table(f->db, der), BH_OK);
    assert_int_equal(bh_db_exec(f->db,
                                "INSERT INTO blocks(grp, pop, geom) VALUES "
                                "('a', 1, CastToMultiPolygon(BuildMbr(0, 0, 10, 10, 6677))),"
                                "('a', 2, CastToMultiPolygon(BuildMbr(10, 0, 20, 10, 6677))),"
                                "('b', 4, CastToMultiPolygon(BuildMbr(0, 10, 5, 20, 6677)))"),
                     BH_OK);
    long long n = 0;
    assert_int_equal(bh_layer_derive(f->db, der, &n), BH_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bh_layer_catalogue_put(f->db, base, NULL, "b.geojson", NULL), BH_OK);
    assert_int_equal(bh_layer_catalogue_put(f->db, der, NULL, "derived", NULL), BH_OK);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT CAST(ST_Area(geom) AS INTEGER) FROM groups "
                                      "WHERE name = 'a'",
                                      0),
                     200);
    assert_int_equal(bh_db_exec(f->db, "DELETE FROM blocks WHERE grp = 'b'"), BH_OK);
    int count = 0;
    assert_int_equal(bh_layer_rederive(f->db, "blocks", &count), BH_OK);
    assert_int_equal(count, 1);
    assert_int_equal(bh_db_commit(f->db), BH_OK);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT count(*) FROM groups", 0), 1);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT feature_count FROM layers WHERE name = "
                                      "'groups'",
                                      0),
                     1);
    bh_layer_def_destroy(base);
    bh_layer_def_destroy(der);
}

static void test_broken_derive_sql_names_the_layer_file(void **state)
{
    fixture *f = *state;
    bh_layer_def *der = parse_ok(f, "{\"name\": \"g\", \"kind\": \"real\", \"geometry\": "
                                    "\"MULTIPOLYGON\", \"derive\": \"SELECT nope FROM missing\", "
                                    "\"fields\": [{\"name\": \"name\"}]}");
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    assert_int_equal(bh_layer_create_table(f->db, der), BH_OK);
    assert_int_equal(bh_layer_derive(f->db, der, NULL), BH_E_FORMAT);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "x.json: field 'derive'"));
    bh_db_rollback(f->db);
    bh_layer_def_destroy(der);
}

static void test_derived_invalid_geometry_is_refused(void **state)
{
    fixture *f = *state;
    bh_layer_def *der =
        parse_ok(f, "{\"name\": \"g\", \"kind\": \"real\", \"geometry\": \"MULTIPOLYGON\", "
                    "\"derive\": \"SELECT 'x' AS name, GeomFromText('POLYGON((0 0, 10 10, 10 0, 0 "
                    "10, 0 0))', 6677) AS geom\", \"fields\": [{\"name\": \"name\"}]}");
    assert_int_equal(bh_db_begin(f->db), BH_OK);
    assert_int_equal(bh_layer_create_table(f->db, der), BH_OK);
    assert_int_equal(bh_layer_derive(f->db, der, NULL), BH_E_GEOMETRY);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "x.json: field 'derive': row 1: geometry"));
    bh_db_rollback(f->db);
    bh_layer_def_destroy(der);
}

static void test_init_refuses_existing_file_and_force_rebuilds_it(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    f->db = NULL;
    char *city_dir = bh_test_data("tottori-city");
    bh_city *city = NULL;
    assert_int_equal(bh_city_load(f->ctx, city_dir, &city), BH_OK);
    char *copy = bh_asprintf("%s/copy.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    assert_int_equal(bh_init(f->ctx, city, f->path, 0), BH_E_DUPLICATE);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "already exists"));
    assert_null(strstr(bh_ctx_error(f->ctx), "--force")); /* never advise replacing a file */
    assert_true(bh_test_same_bytes(f->path, copy));
    bh_ctx_clear_error(f->ctx);
    assert_int_equal(bh_init(f->ctx, city, f->path, BH_INIT_FORCE), BH_OK);
    assert_int_equal(bh_db_open(f->ctx, f->path, BH_DB_READONLY, &f->db), BH_OK);
    assert_int_equal(bh_db_srid(f->db), 6673);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT count(*) FROM layers", 0), 2);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT count(*) FROM layers WHERE name = 'oaza' "
                                      "AND source = 'derived'",
                                      0),
                     1);
    char *code = bh_db_meta_get(f->db, "city_code");
    assert_string_equal(code, "31201");
    free(code);
    bh_city_destroy(city);
    free(city_dir);
    free(copy);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_failed_init_leaves_the_old_file_and_no_temporary(void **state)
{
    fixture *f = *state;
    bh_db_close(f->db);
    f->db = NULL;
    char *layers = bh_asprintf("%s/layers", f->dir);
    assert_int_equal(mkdir(layers, 0755), 0);
    char *p = bh_asprintf("%s/city.json", f->dir);
    write_file(p, "{\"name\": \"x\", \"code\": \"00000\", \"prefecture\": \"x\", \"srid\": "
                  "6677, \"layers_dir\": \"layers\", \"layers\": [\"bad\"]}");
    free(p);
    p = bh_asprintf("%s/bad.json", layers);
    write_file(p, "{\"name\": \"bad\", \"kind\": \"real\", \"geometry\": \"POINT\", "
                  "\"source\": {\"path\": \"missing.geojson\"}}");
    free(p);
    char *copy = bh_asprintf("%s/copy.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    bh_city *city = NULL;
    assert_int_equal(bh_city_load(f->ctx, f->dir, &city), BH_OK);
    assert_int_equal(bh_init(f->ctx, city, f->path, BH_INIT_FORCE), BH_E_NOT_FOUND);
    assert_non_null(strstr(bh_ctx_error(f->ctx), "missing.geojson"));
    assert_true(bh_test_same_bytes(f->path, copy));
    char *cmd = bh_asprintf("ls '%s' | grep -c tmp", f->dir);
    char *out = NULL;
    bh_test_run(cmd, &out);
    assert_string_equal(out, "0\n");
    free(out);
    free(cmd);
    bh_city_destroy(city);
    free(copy);
    free(layers);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_definition_defaults_table_type_and_source_attribute,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_aliases_weights_and_import_section_are_data,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_definitions_name_file_and_field, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_table_registers_geometry_index_and_sample_flag, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_derived_layer_follows_its_input_table, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_broken_derive_sql_names_the_layer_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_derived_invalid_geometry_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_refuses_existing_file_and_force_rebuilds_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_init_leaves_the_old_file_and_no_temporary,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

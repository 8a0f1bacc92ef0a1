/* core/normalize: every spelling of a real Matsudo 町丁目 name gives the census name's key; the
 * one 大字 rule, in C and as the SQL function bh_oaza on a library connection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "core/normalize.h"
#include "crimes/matcher.h"
#include "db/db.h"
#include "support.h"

static void key_equal(const char *a, const char *b)
{
    char *ka = bh_norm_chome(a), *kb = bh_norm_chome(b);
    assert_non_null(ka);
    assert_non_null(kb);
    if (strcmp(ka, kb) != 0)
        fail_msg("'%s' -> '%s' but '%s' -> '%s'", a, ka, b, kb);
    free(ka);
    free(kb);
}

static void key_is(const char *name, const char *want)
{
    char *k = bh_norm_chome(name);
    assert_non_null(k);
    assert_string_equal(k, want);
    free(k);
}

static void oaza_is(const char *name, const char *want)
{
    char *k = bh_norm_oaza(name);
    assert_non_null(k);
    assert_string_equal(k, want);
    free(k);
}

static void test_zenkaku_kanji_and_arabic_chome_numbers_are_one_key(void **state)
{
    (void)state;
    key_is("稔台５丁目", "稔台5丁目");
    key_equal("稔台５丁目", "稔台五丁目");
    key_equal("稔台５丁目", "稔台5丁目");
    key_equal("常盤平３丁目", "常盤平三丁目");
    key_equal("六高台９丁目", "六高台九丁目");
    key_equal("小金原９丁目", "小金原九丁目");
    key_equal("新松戸北１丁目", "新松戸北一丁目");
    key_equal("五香南３丁目", "五香南三丁目");
    key_is("日暮十一丁目", "日暮11丁目");
    key_is("日暮二十三丁目", "日暮23丁目");
    key_is("日暮一〇丁目", "日暮10丁目");
    key_is("日暮05丁目", "日暮5丁目");
    key_is("日暮5丁", "日暮5丁目");
}

static void test_small_ke_variants_are_one_key(void **state)
{
    (void)state;
    key_equal("八ケ崎", "八ヶ崎");
    key_equal("八ケ崎", "八ヵ崎");
    key_equal("八ケ崎２丁目", "八ヶ崎二丁目");
    key_equal("古ケ崎", "古ヶ崎");
    key_equal("和名ケ谷", "和名ヶ谷");
    key_equal("二十世紀が丘梨元町", "二十世紀ヶ丘梨元町");
    key_equal("小金きよしケ丘３丁目", "小金きよしヶ丘3丁目");
    key_equal("牧の原１丁目", "牧ノ原1丁目");
}

static void test_spaces_and_zenkaku_ascii_are_ignored(void **state)
{
    (void)state;
    key_equal("稔台５丁目", "稔台　５丁目");
    key_equal("稔台５丁目", " 稔台 5 丁目 ");
    key_equal("江戸川周辺水域（北部）", "江戸川周辺水域(北部)");
    key_is("大字紙敷", "紙敷");
}

static void test_trailing_banchi_is_dropped(void **state)
{
    (void)state;
    key_equal("稔台1丁目2番", "稔台１丁目");
    key_equal("稔台1丁目2番3号", "稔台一丁目");
    key_equal("稔台1丁目2-3", "稔台１丁目");
    key_equal("稔台1-2-3", "稔台１丁目");
    key_is("紙敷1234番地", "紙敷");
    key_is("紙敷１２３４番地の５", "紙敷");
    key_is("松戸新田24番12号", "松戸新田");
}

static void test_names_without_chome_keep_their_kanji_numerals(void **state)
{
    (void)state;
    key_is("五香六実", "五香六実");
    key_is("二ツ木二葉町", "二ツ木二葉町");
    key_is("七右衛門新田", "七右衛門新田");
    key_is("三ケ月", "三ケ月");
    key_is("", "");
}

static void test_oaza_is_the_name_without_its_chome(void **state)
{
    (void)state;
    oaza_is("稔台５丁目", "稔台");
    oaza_is("常盤平三丁目", "常盤平");
    oaza_is("八ケ崎８丁目", "八ケ崎");
    oaza_is("八ケ崎", "八ケ崎");
    oaza_is("八ケ崎緑町", "八ケ崎緑町");
    oaza_is("五香六実", "五香六実");
    oaza_is("紙敷1234番地", "紙敷");
    oaza_is(" 新松戸北　１丁目 ", "新松戸北");
    oaza_is("大字紙敷", "紙敷");
    /* census names (e-Stat MOJI): only a numbered 丁目 ending goes */
    oaza_is("立川町３丁目", "立川町");
    oaza_is("松戸新田１２丁目", "松戸新田");
    oaza_is("伏野", "伏野");
    oaza_is("河原町長瀬", "河原町長瀬");
    oaza_is("丁目", "丁目");
    oaza_is("新町丁目", "新町丁目");
    oaza_is("栄町西1丁目", "栄町西");
    oaza_is("", "");
    assert_int_equal(bh_norm_chome_number("稔台五丁目"), 5);
    assert_int_equal(bh_norm_chome_number("稔台"), 0);
}

static void test_invalid_utf8_and_null_do_not_crash(void **state)
{
    (void)state;
    assert_null(bh_norm_chome(NULL));
    assert_null(bh_norm_oaza(NULL));
    char *k = bh_norm_chome("\xff\xfe\xe7\xa8");
    assert_non_null(k);
    /* ff, fe, a lead byte without its tail, the lone tail byte: four U+FFFD */
    assert_string_equal(k, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    free(k);
}

/* SELECT bh_oaza(name) on a connection of the library. */
static char *sql_oaza(bh_db *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(bh_db_prepare(db, "SELECT bh_oaza(?1)", &st), BH_OK);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *v = (const char *)sqlite3_column_text(st, 0);
    char *out = v ? strdup(v) : NULL;
    sqlite3_finalize(st);
    return out;
}

static void test_sql_oaza_is_the_c_rule_on_every_default_town_block(void **state)
{
    bh_ctx *ctx = *state;
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(ctx, ":memory:", BH_DB_CREATE, &db), BH_OK);
    char *path = bh_test_source("data/matsudo/town_blocks_approx.geojson");
    json_object *root = json_object_from_file(path);
    assert_non_null(root);
    json_object *features = json_object_object_get(root, "features");
    size_t n = json_object_array_length(features);
    assert_int_equal(n, 251);
    for (size_t i = 0; i < n; i++) {
        json_object *props =
            json_object_object_get(json_object_array_get_idx(features, i), "properties");
        const char *name = json_object_get_string(json_object_object_get(props, "name"));
        const char *stored = json_object_get_string(json_object_object_get(props, "oaza"));
        char *c = bh_norm_oaza(name), *sql = sql_oaza(db, name);
        assert_non_null(c);
        assert_non_null(sql);
        if (strcmp(c, sql) != 0 || strcmp(c, stored) != 0) /* the script used the rule too */
            fail_msg("%s: C '%s', SQL '%s', file '%s'", name, c, sql, stored);
        free(c);
        free(sql);
    }
    sqlite3_stmt *st = NULL;
    assert_int_equal(bh_db_prepare(db, "SELECT bh_oaza(NULL) IS NULL", &st), BH_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    json_object_put(root);
    free(path);
    bh_db_close(db);
}

static void area_key_equal(const char *a, const char *b)
{
    char *ka = bh_norm_area(a), *kb = bh_norm_area(b);
    assert_non_null(ka);
    assert_non_null(kb);
    if (strcmp(ka, kb) != 0)
        fail_msg("'%s' -> '%s' but '%s' -> '%s'", a, ka, b, kb);
    free(ka);
    free(kb);
}

static void test_area_names_shortened_by_an_officer_are_one_key(void **state)
{
    (void)state;
    area_key_equal("中部小学校", "中部小");
    area_key_equal("中部小学校", "中部小学校区");
    area_key_equal("中部小学校", "中部小学区");
    area_key_equal("中部小学校", "中部小 ");
    area_key_equal("八ケ崎第二小学校", "八ヶ崎第二小");
    area_key_equal("松戸駅前交番", "松戸駅前交番管内");
    area_key_equal("松戸駅前交番", "松戸駅前");
    area_key_equal("小金地区", "小金");
    area_key_equal("サンプル交番01", "サンプル交番０１");
    char *k = bh_norm_area("中部小学校区");
    assert_string_equal(k, "中部小");
    free(k);
    assert_null(bh_norm_area(NULL));
}

/* A name shared by several blocks is one place: their key_codes ascending, joined by '+'. */
static void test_a_shared_name_matches_the_group_of_its_blocks(void **state)
{
    bh_ctx *ctx = *state;
    bh_matcher *m = NULL;
    assert_int_equal(bh_matcher_create(ctx, "千葉県", "松戸市", &m), BH_OK);
    assert_int_equal(bh_matcher_add(m, "12207122003", "松戸", NULL, 4590), BH_OK);
    assert_int_equal(bh_matcher_add(m, "12207122001", "松戸", NULL, 5631), BH_OK);
    assert_int_equal(bh_matcher_add(m, "12207122002", "松戸", NULL, 6655), BH_OK);
    assert_int_equal(bh_matcher_add(m, "12207122001", "松戸", NULL, 5631), BH_OK); /* again */
    assert_int_equal(bh_matcher_add(m, "12207130005", "稔台５丁目", NULL, 325), BH_OK);
    bh_match mt;
    assert_int_equal(bh_matcher_match(m, "千葉県松戸市松戸", &mt), BH_MATCH_CHOME);
    assert_string_equal(mt.key_code, "12207122001+12207122002+12207122003");
    assert_int_equal(mt.candidates, 3);
    assert_int_equal(bh_matcher_match(m, "稔台五丁目", &mt), BH_MATCH_CHOME);
    assert_string_equal(mt.key_code, "12207130005");
    assert_int_equal(mt.candidates, 1);
    bh_matcher_destroy(m);
    /* SQL groups blocks by the matcher's key */
    bh_db *db = NULL;
    assert_int_equal(bh_db_open(ctx, ":memory:", BH_DB_CREATE, &db), BH_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        bh_db_prepare(db, "SELECT bh_chome_key('稔台 五丁目'), bh_chome_key(NULL)", &st), BH_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "稔台5丁目");
    assert_int_equal(sqlite3_column_type(st, 1), SQLITE_NULL);
    sqlite3_finalize(st);
    bh_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zenkaku_kanji_and_arabic_chome_numbers_are_one_key),
        cmocka_unit_test(test_small_ke_variants_are_one_key),
        cmocka_unit_test(test_spaces_and_zenkaku_ascii_are_ignored),
        cmocka_unit_test(test_trailing_banchi_is_dropped),
        cmocka_unit_test(test_names_without_chome_keep_their_kanji_numerals),
        cmocka_unit_test(test_oaza_is_the_name_without_its_chome),
        cmocka_unit_test(test_invalid_utf8_and_null_do_not_crash),
        cmocka_unit_test_setup_teardown(test_sql_oaza_is_the_c_rule_on_every_default_town_block,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
        cmocka_unit_test(test_area_names_shortened_by_an_officer_are_one_key),
        cmocka_unit_test_setup_teardown(test_a_shared_name_matches_the_group_of_its_blocks,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

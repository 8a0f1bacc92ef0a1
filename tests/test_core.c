/* core: status strings, ctx first-error rule, strbuf escaping, city profile parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/city.h"
#include "core/hash.h"
#include "core/ctx.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "support.h"

static void test_every_status_has_a_string_and_usage_kind(void **state)
{
    (void)state;
    assert_string_equal(bh_status_string(BH_OK), "ok");
    assert_string_equal(bh_status_string(BH_E_CRS),
                        "unknown or missing coordinate reference system");
    assert_true(bh_status_is_usage(BH_E_USAGE));
    assert_true(bh_status_is_usage(BH_E_ARG));
    assert_false(bh_status_is_usage(BH_E_IO));
    assert_string_equal(bh_status_string((bh_status)999), "unknown status");
}

static void test_array_grows_by_doubling_and_refuses_overflow(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_int_equal(bh_array_grow((void **)&v, &cap, 0, sizeof *v, 4), 0);
    assert_null(v);
    assert_int_equal(bh_array_grow((void **)&v, &cap, 3, sizeof *v, 4), 0);
    assert_int_equal(cap, 4);
    v[3] = 7;
    assert_int_equal(bh_array_grow((void **)&v, &cap, 9, sizeof *v, 4), 0);
    assert_int_equal(cap, 16);
    assert_int_equal(v[3], 7);
    assert_int_equal(bh_array_grow((void **)&v, &cap, 16, sizeof *v, 4), 0);
    assert_int_equal(cap, 16); /* enough already: unchanged */
    assert_int_equal(bh_array_grow((void **)&v, &cap, (size_t)-1 / 2, sizeof *v, 4), -1);
    assert_int_equal(cap, 16);
    assert_int_equal(v[3], 7);
    free(v);
}

static void test_hash_depends_on_every_byte_and_the_length(void **state)
{
    (void)state;
    const char *a = "松戸市稔台５丁目,窃盗,自転車盗";
    size_t n = strlen(a);
    assert_true(bh_hash_bytes(a, n) == bh_hash_bytes(a, n));
    char b[64];
    memcpy(b, a, n + 1);
    b[n - 1] ^= 1; /* last byte, past the 8-byte blocks */
    assert_true(bh_hash_bytes(a, n) != bh_hash_bytes(b, n));
    b[n - 1] ^= 1;
    b[3] ^= 1; /* inside the first block */
    assert_true(bh_hash_bytes(a, n) != bh_hash_bytes(b, n));
    assert_true(bh_hash_bytes(a, n) != bh_hash_bytes(a, n - 1));
    assert_true(bh_hash_bytes("", 0) != bh_hash_bytes("\0", 1));
}

static void test_hash_map_finds_every_key_added_across_growth(void **state)
{
    (void)state;
    bh_hash_map m = BH_HASH_MAP_INIT;
    assert_null(bh_hash_map_get(&m, "稔台"));
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        int added = 0;
        bh_hash_entry *e = bh_hash_map_add(&m, key, strlen(key), &added);
        assert_non_null(e);
        assert_int_equal(added, 1);
        assert_int_equal(e->val.num, 0);
        e->val.num = i * 3;
    }
    assert_int_equal(m.n, 5000);
    assert_true(2 * m.n <= m.cap); /* at most half full */
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        const bh_hash_entry *e = bh_hash_map_get(&m, key);
        assert_non_null(e);
        assert_string_equal(e->key, key);
        assert_int_equal(e->val.num, i * 3);
    }
    int added = 1; /* a known key is found, not added */
    assert_int_equal(bh_hash_map_add(&m, "k7", 2, &added)->val.num, 21);
    assert_int_equal(added, 0);
    /* keys are byte strings: a NUL inside counts, a prefix is another key */
    assert_non_null(bh_hash_map_add(&m, "a\0b", 3, NULL));
    assert_null(bh_hash_map_find(&m, "a\0c", 3));
    assert_null(bh_hash_map_find(&m, "a", 1));
    assert_non_null(bh_hash_map_find(&m, "a\0b", 3));
    size_t it = 0, seen = 0;
    while (bh_hash_map_next(&m, &it))
        seen++;
    assert_int_equal(seen, 5001);
    bh_hash_map_free(&m, NULL);
    assert_int_equal(m.n, 0);
    assert_null(bh_hash_map_get(&m, "k1"));
}

static void test_hash_map_frees_values_with_the_given_function(void **state)
{
    (void)state;
    bh_hash_map m = BH_HASH_MAP_INIT;
    for (int i = 0; i < 100; i++) {
        char key[16];
        snprintf(key, sizeof key, "%d", i);
        bh_hash_entry *e = bh_hash_map_add(&m, key, strlen(key), NULL);
        assert_non_null(e);
        e->val.ptr = bh_strdup(key); /* freed by bh_hash_map_free: the leak checker proves it */
    }
    bh_hash_map_free(&m, free);
    bh_hash_map_free(&m, free); /* an empty map again */
}

typedef struct log_capture {
    int level;
    char line[512];
    int n;
} log_capture;

static void capture_log(void *user, int level, const char *msg)
{
    log_capture *c = user;
    c->level = level;
    snprintf(c->line, sizeof c->line, "%s", msg);
    c->n++;
}

static void test_ctx_warn_error_tells_the_user_and_clears(void **state)
{
    bh_ctx *ctx = *state;
    log_capture c = {0};
    bh_ctx_set_log(ctx, capture_log, &c);
    bh_error(ctx, BH_E_GEOMETRY, "unreadable WKB geometry (3 bytes)");
    assert_int_equal(bh_ctx_warn_error(ctx, "atlas: page of %s: %s skipped", "稔台", "稔台５丁目"),
                     BH_E_GEOMETRY);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.level, BH_LOG_WARN);
    assert_string_equal(
        c.line, "atlas: page of 稔台: 稔台５丁目 skipped: unreadable WKB geometry (3 bytes)");
    assert_int_equal(bh_ctx_status(ctx), BH_OK);
    assert_string_equal(bh_ctx_error(ctx), "");
    /* a replaced error is the new one, not the first */
    bh_error(ctx, BH_E_FORMAT, "a.csv: line 1: bad header");
    assert_int_equal(bh_error_replace(ctx, BH_E_ENCODING, "a.csv: looks like UTF-8"),
                     BH_E_ENCODING);
    assert_int_equal(bh_ctx_status(ctx), BH_E_ENCODING);
    assert_string_equal(bh_ctx_error(ctx), "a.csv: looks like UTF-8");
    assert_int_equal(c.n, 1);
}

static void test_ctx_keeps_the_first_error_only(void **state)
{
    bh_ctx *ctx = *state;
    assert_int_equal(bh_error(ctx, BH_E_IO, "a.csv: line %d: cannot read", 3), BH_E_IO);
    assert_int_equal(bh_error(ctx, BH_E_DB, "later"), BH_E_DB);
    assert_string_equal(bh_ctx_error(ctx), "a.csv: line 3: cannot read");
    assert_int_equal(bh_ctx_status(ctx), BH_E_IO);
    bh_ctx_clear_error(ctx);
    assert_string_equal(bh_ctx_error(ctx), "");
    bh_error(ctx, BH_E_FORMAT, "two\nlines");
    assert_string_equal(bh_ctx_error(ctx), "two lines");
}

static void test_destroy_null_is_a_no_op(void **state)
{
    (void)state;
    bh_ctx_destroy(NULL);
    bh_city_destroy(NULL);
    bh_db_close(NULL);
}

static void test_strbuf_csv_and_json_escaping(void **state)
{
    (void)state;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_csv(&sb, "松戸,\"駅\"");
    bh_strbuf_append(&sb, "|");
    bh_strbuf_json(&sb, "a\"b\\c\n\x01");
    bh_strbuf_printf(&sb, "|%d", 42);
    char *s = bh_strbuf_take(&sb);
    assert_string_equal(s, "\"松戸,\"\"駅\"\"\"|\"a\\\"b\\\\c\\n\\u0001\"|42");
    free(s);
    /* bytes that are not UTF-8 (a surrogate, a stray byte, a cut sequence) never reach JSON */
    bh_strbuf_init(&sb);
    bh_strbuf_json(&sb, "稔\xED\xA0\x80台\xFF\xE3\x81");
    s = bh_strbuf_take(&sb);
    assert_string_equal(s, "\"稔\\ufffd\\ufffd\\ufffd台\\ufffd\\ufffd\\ufffd\"");
    free(s);
}

static void test_default_city_profile_is_matsudo(void **state)
{
    bh_ctx *ctx = *state;
    char *dir = bh_test_source("data/matsudo");
    bh_city *city = NULL;
    assert_int_equal(bh_city_load(ctx, dir, &city), BH_OK);
    assert_string_equal(bh_city_name(city), "松戸市");
    assert_string_equal(bh_city_code(city), "12207");
    assert_string_equal(bh_city_prefecture(city), "千葉県");
    assert_int_equal(bh_city_srid(city), 6677);
    char *p = bh_city_path(city, "x.csv");
    assert_non_null(strstr(p, "data/matsudo/x.csv"));
    free(p);
    bh_city_destroy(city);
    free(dir);
}

static void test_city_profile_errors_name_the_field(void **state)
{
    bh_ctx *ctx = *state;
    bh_city *city = NULL;
    assert_int_equal(
        bh_city_parse(ctx, "{\"name\":\"x\",\"code\":\"1\",\"prefecture\":\"p\"}", "d", &city),
        BH_E_FORMAT);
    assert_null(city);
    assert_non_null(strstr(bh_ctx_error(ctx), "'srid'"));
    bh_ctx_clear_error(ctx);
    assert_int_equal(bh_city_parse(ctx, "{\"name\": ", "d", &city), BH_E_FORMAT);
    assert_non_null(strstr(bh_ctx_error(ctx), "d/city.json"));
    bh_ctx_clear_error(ctx);
    assert_int_equal(bh_city_load(ctx, "/nonexistent", &city), BH_E_IO);
    assert_non_null(strstr(bh_ctx_error(ctx), "/nonexistent/city.json"));
}

static size_t bad_at(const char *s)
{
    return bh_utf8_bad_offset((const unsigned char *)s, strlen(s));
}

static void test_utf8_refuses_surrogates_overlongs_and_beyond_u10ffff(void **state)
{
    (void)state;
    assert_int_equal(bad_at("ascii only, long enough for the 8-byte path"), 43);
    assert_int_equal(bad_at("稔台５丁目 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"), 25); /* all valid */
    assert_int_equal(bad_at("ab\xED\xA0\x80"), 2);                                /* U+D800 */
    assert_int_equal(bad_at("ab\xED\xBF\xBF"), 2);                                /* U+DFFF */
    assert_int_equal(bad_at("ab\xED\x9F\xBF"), 5);                                /* U+D7FF ok */
    assert_int_equal(bad_at("x\xC0\xAF"), 1);                                     /* overlong / */
    assert_int_equal(bad_at("x\xE0\x80\xAF"), 1);                                 /* overlong */
    assert_int_equal(bad_at("x\xF0\x80\x80\xAF"), 1);                             /* overlong */
    assert_int_equal(bad_at("x\xF4\x90\x80\x80"), 1);                             /* > U+10FFFF */
    assert_int_equal(bad_at("x\xE3\x81"), 1);                                     /* cut short */
    assert_int_equal(bad_at("12345678\xFF"), 8);
    assert_true(bh_utf8_valid("松戸市"));
    assert_false(bh_utf8_valid("松戸\xED\xA0\x80市"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_status_has_a_string_and_usage_kind),
        cmocka_unit_test(test_array_grows_by_doubling_and_refuses_overflow),
        cmocka_unit_test(test_hash_depends_on_every_byte_and_the_length),
        cmocka_unit_test(test_hash_map_finds_every_key_added_across_growth),
        cmocka_unit_test(test_hash_map_frees_values_with_the_given_function),
        cmocka_unit_test_setup_teardown(test_ctx_keeps_the_first_error_only, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_ctx_warn_error_tells_the_user_and_clears,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
        cmocka_unit_test(test_destroy_null_is_a_no_op),
        cmocka_unit_test(test_strbuf_csv_and_json_escaping),
        cmocka_unit_test(test_utf8_refuses_surrogates_overlongs_and_beyond_u10ffff),
        cmocka_unit_test_setup_teardown(test_default_city_profile_is_matsudo, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_city_profile_errors_name_the_field, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}

/* crimes import: every messy case of the police open-data files (encodings, codes, dates, hours,
 * duplicated columns, blank lines, quoted commas), row states, idempotence, unchanged bytes on a
 * bad file, count tables (CSV/XLSX) and the sample files named by the city profile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/city.h"
#include "bohan/crimes.h"
#include "core/strbuf.h"
#include "crimes/crimes.h"
#include "crimes/reader.h"
#include "crimes/row.h"
#include "support.h"

typedef struct fx {
    bh_ctx *ctx;
    char *dir;
    char *path;
    bh_db *db;
    bh_city *city;
} fx;

/* town_blocks with the real 251 Matsudo KEY_CODEs (tests/data/crimes/town_blocks.csv). */
static int load_town_blocks(fx *f)
{
    if (bh_db_exec(f->db, "CREATE TABLE town_blocks (id INTEGER PRIMARY KEY, key_code TEXT UNIQUE,"
                          " name TEXT, oaza TEXT, population INTEGER)") != BH_OK)
        return -1;
    char *csv = bh_test_data("crimes/town_blocks.csv");
    bh_reader *rd = NULL;
    if (bh_reader_open(f->ctx, csv, "UTF-8", &rd) != BH_OK) {
        free(csv);
        return -1;
    }
    free(csv);
    sqlite3_stmt *st = NULL;
    if (bh_db_prepare(f->db, "INSERT INTO town_blocks (key_code, name, population) VALUES (?,?,?)",
                      &st) != BH_OK)
        return -1;
    char **fields;
    int n;
    long line;
    int rows = 0;
    while (bh_reader_next(rd, &fields, &n, &line)) {
        if (line == 1 || n != 3)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, fields[0], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, fields[1], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, atoi(fields[2]));
        if (sqlite3_step(st) == SQLITE_DONE)
            rows++;
    }
    sqlite3_finalize(st);
    bh_reader_destroy(rd);
    return rows == 251 ? 0 : -1;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f || bh_ctx_create(&f->ctx) != BH_OK)
        return -1;
    f->dir = bh_test_tmpdir("crimes");
    f->path = bh_asprintf("%s/t.sqlite", f->dir);
    f->db = bh_test_new_db(f->ctx, f->path, 6677);
    if (!f->db || load_town_blocks(f) != 0) {
        fprintf(stderr, "setup: %s\n", bh_ctx_error(f->ctx));
        return -1;
    }
    if (bh_city_parse(
            f->ctx,
            "{\"name\":\"松戸市\",\"code\":\"12207\",\"prefecture\":\"千葉県\",\"srid\":6677}",
            NULL, &f->city) != BH_OK) {
        fprintf(stderr, "setup: %s\n", bh_ctx_error(f->ctx));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    bh_db_close(f->db);
    bh_city_destroy(f->city);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

/* Imports fixtures (names under tests/data/crimes) and returns the report (caller destroys). */
static bh_status import_files(fx *f, const char *encoding, bh_crimes_report **rep, int n, ...)
{
    char *paths[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        char *rel = bh_asprintf("crimes/%s", va_arg(ap, const char *));
        paths[i] = bh_test_data(rel);
        free(rel);
    }
    va_end(ap);
    bh_crimes_import_opts opts = {encoding, 0, 0};
    bh_ctx_clear_error(f->ctx);
    bh_status st =
        bh_crimes_import(f->db, f->city, (const char *const *)paths, (size_t)n, &opts, rep);
    for (int i = 0; i < n; i++)
        free(paths[i]);
    return st;
}

static long long q(fx *f, const char *sql)
{
    return bh_db_scalar_int(f->db, sql, -999);
}

static char *q_text(fx *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (bh_db_prepare(f->db, sql, &st) == BH_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        out = bh_strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static void assert_q_text(fx *f, const char *sql, const char *want)
{
    char *got = q_text(f, sql);
    if (want == NULL) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* rows read = Σ states, in the report and in the table */
static void assert_accounted(fx *f, const bh_crimes_report *rep)
{
    long sum = bh_crimes_report_state(rep, "chome") + bh_crimes_report_state(rep, "oaza") +
               bh_crimes_report_state(rep, "outside") + bh_crimes_report_state(rep, "rejected");
    assert_int_equal(sum, bh_crimes_report_rows_read(rep));
    assert_int_equal(q(f, "SELECT count(*) FROM crimes"),
                     q(f, "SELECT sum(rows_read) FROM crime_files WHERE kind = 'open_data'"));
}

static void test_names_match_chome_oaza_or_are_rejected(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "match_cp932.csv"), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 8);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 6);
    assert_int_equal(bh_crimes_report_state(rep, "oaza"), 1);
    assert_int_equal(bh_crimes_report_state(rep, "rejected"), 1);
    assert_int_equal(bh_crimes_report_reason(rep, "unknown_chome"), 1);
    assert_accounted(f, rep);
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 2", "12207130005"); /* 稔台５丁目 */
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 3",
                  "12207067003"); /* 常盤平三丁目 */
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 4",
                  "12207107102"); /* 八ヶ崎２丁目 */
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 5",
                  "12207130001"); /* 稔台1丁目2番 */
    assert_q_text(f, "SELECT state || ':' || oaza FROM crimes WHERE line = 6", "oaza:稔台");
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 6", NULL);
    assert_q_text(f, "SELECT reason FROM crimes WHERE line = 7", "unknown_chome");
    /* 上本郷: three KEY_CODEs share the name; the row lands on the group of all three */
    char *group = q_text(f, "SELECT group_concat(key_code, '+') FROM (SELECT key_code FROM "
                            "town_blocks WHERE name = '上本郷' ORDER BY key_code)");
    assert_non_null(group);
    assert_non_null(strchr(group, '+'));
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 8", group);
    free(group);
    assert_q_text(f, "SELECT key_code FROM crimes WHERE line = 9", "12207154001");
    assert_q_text(f, "SELECT chome_norm FROM crimes WHERE line = 3", "常盤平3丁目");
    bh_crimes_report_destroy(rep);
}

/* The three encodings give the same rows; and since they are the same crimes, a second one is
 * refused as a duplicate (the database unchanged) until the first is removed. */
static void test_cp932_and_utf8_with_or_without_bom_give_the_same_rows(void **state)
{
    fx *f = *state;
    static const char rows[] = "SELECT group_concat(x, ';') FROM (SELECT key_code || crime_type || "
                               "extra || offence AS x FROM crimes ORDER BY x)";
    static const char *const files[] = {"cp932_three.csv", "utf8_bom.csv", "utf8_nobom.csv"};
    static const char *const encodings[] = {"CP932", "UTF-8", "UTF-8"};
    char *first = NULL;
    for (int i = 0; i < 3; i++) {
        bh_crimes_report *rep = NULL;
        if (i > 0) {
            assert_int_equal(import_files(f, "auto", &rep, 1, files[i]), BH_E_DUPLICATE);
            assert_non_null(strstr(bh_ctx_error(f->ctx), "already imported"));
            bh_crimes_report_destroy(rep);
            assert_int_equal(q(f, "SELECT count(*) FROM crimes"), 3);
            long long removed = 0;
            char *id = bh_asprintf("%lld", q(f, "SELECT max(id) FROM crime_files"));
            assert_int_equal(bh_crimes_remove(f->db, id, &removed), BH_OK);
            free(id);
            assert_int_equal(removed, 3);
            assert_int_equal(q(f, "SELECT count(*) FROM crimes"), 0);
            assert_int_equal(q(f, "SELECT count(*) FROM crime_agg"), 0);
        }
        assert_int_equal(import_files(f, "auto", &rep, 1, files[i]), BH_OK);
        assert_int_equal(bh_crimes_report_rows_read(rep), 3);
        assert_int_equal(bh_crimes_report_state(rep, "chome"), 3);
        assert_accounted(f, rep);
        bh_crimes_report_destroy(rep);
        assert_q_text(f, "SELECT encoding FROM crime_files", encodings[i]);
        /* the BOM does not leak into the first header name */
        assert_int_equal(q(f, "SELECT count(*) FROM crimes WHERE offence = '窃盗'"), 3);
        if (first == NULL)
            first = q_text(f, rows);
        else
            assert_q_text(f, rows, first);
    }
    assert_int_equal(q(f, "SELECT count(DISTINCT key_code || crime_type || extra) FROM crimes"), 3);
    free(first);
    bh_crimes_report_destroy(NULL); /* no-op */
}

static void test_municipality_codes_5_or_6_digits_and_lost_leading_zero(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, "CP932", &rep, 1, "codes_cp932.csv"), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 11);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 4); /* 12207, 122076, 全角, no code */
    assert_int_equal(bh_crimes_report_state(rep, "outside"), 3);
    assert_int_equal(bh_crimes_report_reason(rep, "bad_city_code"), 2);
    assert_int_equal(bh_crimes_report_reason(rep, "prefecture_mismatch"), 1);
    assert_int_equal(bh_crimes_report_reason(rep, "empty_chome"), 1);
    assert_accounted(f, rep);
    assert_q_text(f, "SELECT city_code FROM crimes WHERE line = 6", "01210"); /* 北海道 012106 */
    assert_q_text(f, "SELECT city_code FROM crimes WHERE line = 7", "12106"); /* 千葉市美浜区 */
    assert_q_text(f, "SELECT city_code FROM crimes WHERE line = 8", "12203");
    assert_q_text(f, "SELECT state FROM crimes WHERE line = 12", "chome");
    assert_int_equal(bh_city_code_check_digit("12207"), 6);
    assert_int_equal(bh_city_code_check_digit("01210"), 6);
    assert_int_equal(bh_prefecture_code("北海道"), 1);
    assert_int_equal(bh_prefecture_code("千葉県"), 12);
    bh_crimes_report_destroy(rep);
}

static void test_dates_and_hours_in_every_form(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "dates_cp932.csv"), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 7);
    assert_int_equal(bh_crimes_report_reason(rep, "bad_date"), 1);
    assert_int_equal(bh_crimes_report_reason(rep, "bad_hour"), 1);
    assert_accounted(f, rep);
    assert_int_equal(q(f, "SELECT count(*) FROM crimes WHERE occurred_on = '2023-09-06' AND "
                          "occurred_ym = 202309 AND line IN (2, 3, 4)"),
                     3);
    assert_q_text(f, "SELECT occurred_on FROM crimes WHERE line = 5", NULL); /* 不明 */
    assert_int_equal(
        q(f, "SELECT occurred_ym IS NULL AND state = 'chome' FROM crimes WHERE line = 5"), 1);
    assert_int_equal(q(f, "SELECT hour IS NULL FROM crimes WHERE line = 3"), 1); /* 不明 */
    assert_int_equal(q(f, "SELECT hour FROM crimes WHERE line = 4"), 9);         /* 全角 ９ */
    assert_q_text(f, "SELECT occurred_on FROM crimes WHERE line = 8", "2023-12-31");
    char d[11];
    int ym;
    assert_int_equal(bh_crime_parse_date("令和元年5月1日", d, &ym), 1);
    assert_string_equal(d, "2019-05-01");
    assert_int_equal(bh_crime_parse_date("平成30年2月28日", d, &ym), 1);
    assert_string_equal(d, "2018-02-28");
    assert_int_equal(bh_crime_parse_date("2023/2/29", d, &ym), -1);
    assert_int_equal(bh_crime_parse_date("2024/2/29 0:00:00", d, &ym), 1);
    assert_int_equal(bh_crime_parse_date("20230906", d, &ym), 1);
    assert_int_equal(ym, 202309);
    assert_int_equal(bh_crime_parse_hour("不明"), -1);
    assert_int_equal(bh_crime_parse_hour("23時"), 23);
    assert_int_equal(bh_crime_parse_hour("x"), -2);
    bh_crimes_report_destroy(rep);
}

static void test_file_duplicated_side_by_side_reads_one_copy(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "duplicated_cp932.csv"), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 3);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 2);
    assert_int_equal(bh_crimes_report_reason(rep, "duplicate_mismatch"), 1);
    assert_accounted(f, rep);
    assert_int_equal(q(f, "SELECT duplicated_columns FROM crime_files"), 1);
    /* extra holds one copy of the trailing columns, not the second header */
    assert_int_equal(q(f, "SELECT count(*) FROM crimes WHERE extra = "
                          "'{\"施錠関係\":\"施錠せず\",\"備考\":\"サンプル\"}'"),
                     3);
    bh_crimes_report_destroy(rep);
}

static void test_blank_trailing_lines_are_skipped_not_counted(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "blank_tail_cp932.csv"), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 2);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 2);
    assert_int_equal(q(f, "SELECT rows_read FROM crime_files"), 2);
    assert_accounted(f, rep);
    bh_crimes_report_destroy(rep);
}

static void test_quoted_commas_and_multiline_fields_keep_line_numbers(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "quoted_cp932.csv"), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 3);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 3);
    assert_q_text(f, "SELECT place_type FROM crimes WHERE line = 2", "その他（駐車場,空地）");
    assert_q_text(f, "SELECT group_concat(line) FROM (SELECT line FROM crimes ORDER BY line)",
                  "2,3,5");
    char *extra = q_text(f, "SELECT extra FROM crimes WHERE line = 5");
    json_object *o = json_tokener_parse(extra);
    json_object *v;
    assert_non_null(o);
    assert_true(json_object_object_get_ex(o, "施錠関係", &v));
    assert_string_equal(json_object_get_string(v), "施錠せず,チェーン錠");
    json_object_put(o);
    free(extra);
    bh_crimes_report_destroy(rep);
}

static void test_reimporting_the_same_file_is_idempotent(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "match_cp932.csv"), BH_OK);
    bh_crimes_report_destroy(rep);
    assert_int_equal(import_files(f, NULL, &rep, 2, "match_cp932.csv", "match_cp932.csv"), BH_OK);
    assert_string_equal(bh_crimes_report_file_status(rep, 0), "already_imported");
    assert_string_equal(bh_crimes_report_file_status(rep, 1), "already_imported");
    assert_int_equal(bh_crimes_report_rows_read(rep), 0);
    assert_int_equal(q(f, "SELECT count(*) FROM crimes"), 8);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files"), 1);
    bh_crimes_report_destroy(rep);
}

/* A file named twice in one call is imported once (its second reading is undone when its
 * SHA-256 turns out to be known), and a file after it still imports in full. */
static void test_same_file_twice_in_one_call_is_imported_once(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(
        import_files(f, NULL, &rep, 3, "match_cp932.csv", "match_cp932.csv", "cp932_three.csv"),
        BH_OK);
    assert_string_equal(bh_crimes_report_file_status(rep, 0), "imported");
    assert_string_equal(bh_crimes_report_file_status(rep, 1), "already_imported");
    assert_string_equal(bh_crimes_report_file_status(rep, 2), "imported");
    assert_int_equal(bh_crimes_report_rows_read(rep), 8 + 3);
    assert_int_equal(bh_crimes_report_file_rows(rep, 1), 0);
    assert_accounted(f, rep);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files"), 2);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files WHERE length(sha256) <> 64"), 0);
    /* every stored row names a profile, a place and an extra that exist */
    assert_int_equal(q(f, "SELECT count(*) FROM crime_rows"), 11);
    assert_int_equal(q(f, "SELECT count(*) FROM crimes"), 11);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_rows r WHERE NOT EXISTS (SELECT 1 FROM "
                          "crime_extras e WHERE e.id = r.extra_id)"),
                     0);
    assert_q_text(f, "PRAGMA integrity_check", "ok");
    bh_crimes_report_destroy(rep);
}

/* Runs a failing import and proves the file bytes did not change. */
static void assert_bad_import_leaves_bytes(fx *f, const char *enc, bh_status want, const char *a,
                                           const char *b)
{
    bh_db_close(f->db);
    f->db = NULL;
    char *copy = bh_asprintf("%s/before.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &f->db), BH_OK);
    bh_crimes_report *rep = NULL;
    bh_status st = b ? import_files(f, enc, &rep, 2, a, b) : import_files(f, enc, &rep, 1, a);
    assert_int_equal(st, want);
    assert_true(strlen(bh_ctx_error(f->ctx)) > 0);
    assert_null(strchr(bh_ctx_error(f->ctx), '\n'));
    bh_crimes_report_destroy(rep);
    bh_db_close(f->db);
    assert_true(bh_test_same_bytes(f->path, copy));
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &f->db), BH_OK);
    free(copy);
}

static void test_bad_files_leave_the_database_bytes_unchanged(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "cp932_three.csv"), BH_OK);
    bh_crimes_report_destroy(rep);
    assert_bad_import_leaves_bytes(f, NULL, BH_E_FORMAT, "match_cp932.csv", "not_layout_cp932.csv");
    assert_true(strstr(bh_ctx_error(f->ctx), "not_layout_cp932.csv: line 1: field '罪名'") != NULL);
    assert_bad_import_leaves_bytes(f, NULL, BH_E_ENCODING, "match_cp932.csv", "bad_bytes.csv");
    assert_true(strstr(bh_ctx_error(f->ctx), "bad_bytes.csv: line 2:") != NULL);
    assert_bad_import_leaves_bytes(f, "UTF-8", BH_E_ENCODING, "match_cp932.csv", NULL);
    assert_bad_import_leaves_bytes(f, "CP932", BH_E_ENCODING, "utf8_nobom.csv", NULL);
    assert_bad_import_leaves_bytes(f, NULL, BH_E_IO, "match_cp932.csv", "no_such_file.csv");
    assert_int_equal(q(f, "SELECT count(*) FROM crimes"), 3);
}

static bh_status import_counts(fx *f, const char *name, bh_crimes_report **rep)
{
    char *rel = bh_asprintf("crimes/%s", name);
    char *path = bh_test_data(rel);
    bh_ctx_clear_error(f->ctx);
    bh_status st = bh_crimes_import_counts(f->db, f->city, path, NULL, rep);
    free(rel);
    free(path);
    return st;
}

static void test_count_tables_resolve_areas_types_and_periods(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_counts(f, "counts_cp932.csv", &rep), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 9);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 2);
    assert_int_equal(bh_crimes_report_state(rep, "oaza"), 1);
    assert_int_equal(bh_crimes_report_state(rep, "city"), 2);
    assert_int_equal(bh_crimes_report_state(rep, "koban"), 1);
    assert_int_equal(bh_crimes_report_reason(rep, "unknown_area"), 1);
    assert_int_equal(bh_crimes_report_reason(rep, "bad_count"), 1);
    assert_int_equal(bh_crimes_report_reason(rep, "unknown_type"), 1);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_counts"), 9);
    assert_int_equal(q(f, "SELECT sum(count) FROM crime_counts WHERE crime_type = '電話de詐欺'"),
                     357);
    assert_int_equal(q(f, "SELECT from_ym * 1000000 + to_ym FROM crime_counts WHERE line = 4"),
                     202201202212LL);
    assert_int_equal(q(f, "SELECT from_ym * 1000000 + to_ym FROM crime_counts WHERE line = 5"),
                     202301202312LL);
    assert_int_equal(q(f, "SELECT from_ym * 1000000 + to_ym FROM crime_counts WHERE line = 10"),
                     202304202403LL); /* R5年度 */
    assert_q_text(f, "SELECT key_code FROM crime_counts WHERE line = 2", "12207130005");
    assert_q_text(f, "SELECT oaza FROM crime_counts WHERE line = 3", "常盤平");
    assert_int_equal(q(f, "SELECT sample FROM crime_files"), 1);
    bh_crimes_report_destroy(rep);
    /* idempotent too */
    assert_int_equal(import_counts(f, "counts_cp932.csv", &rep), BH_OK);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_counts"), 9);
    bh_crimes_report_destroy(rep);
}

static void test_count_tables_in_xlsx_and_with_english_headers(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_counts(f, "counts_english.csv", &rep), BH_OK);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 1);
    bh_crimes_report_destroy(rep);
    assert_int_equal(import_counts(f, "counts.xlsx", &rep), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 1);
    assert_int_equal(bh_crimes_report_state(rep, "chome"), 1);
    bh_crimes_report_destroy(rep);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_counts WHERE from_ym = 202201 AND "
                          "to_ym = 202206 AND count = 2 AND key_code = '12207130005'"),
                     2);
    assert_int_equal(import_counts(f, "match_cp932.csv", &rep), BH_E_FORMAT);
    bh_crimes_report_destroy(rep);
}

static void test_profile_loads_the_sample_files_of_the_city(void **state)
{
    fx *f = *state;
    bh_city *city = NULL;
    char *dir = bh_test_source("data/matsudo");
    assert_int_equal(bh_city_load(f->ctx, dir, &city), BH_OK);
    free(dir);
    assert_int_equal(bh_db_begin(f->db), BH_OK); /* bh_init calls it inside its transaction */
    assert_int_equal(bh_crimes_load_profile(f->db, city), BH_OK);
    assert_int_equal(bh_db_commit(f->db), BH_OK);
    bh_city_destroy(city);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files"), 15);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files WHERE sample = 1"), 15);
    assert_int_equal(q(f, "SELECT count(*) FROM crimes WHERE sample = 0"), 0);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_counts WHERE sample = 0"), 0);
    assert_int_equal(q(f, "SELECT count(*) FROM crimes"),
                     q(f, "SELECT sum(rows_read) FROM crime_files WHERE kind = 'open_data'"));
    assert_int_equal(q(f, "SELECT count(DISTINCT crime_type) FROM crimes"), 7);
    assert_int_equal(q(f, "SELECT count(DISTINCT koban) FROM crimes WHERE koban LIKE "
                          "'サンプル交番__'"),
                     18);
    assert_int_equal(q(f, "SELECT sum(count) FROM crime_counts WHERE crime_type = '電話de詐欺' "
                          "AND from_ym = 202201"),
                     202);
    assert_int_equal(q(f, "SELECT sum(count) FROM crime_counts WHERE crime_type = '電話de詐欺' "
                          "AND from_ym = 202301"),
                     155);
    /* 窃盗4罪種 R4 in the city: ひったくり + 自動車盗 + 車上ねらい + 部品ねらい rows +
     * 住宅対象侵入盗 */
    long long theft4 =
        q(f, "SELECT count(*) FROM crimes WHERE state IN ('chome', 'oaza') AND occurred_ym "
             "BETWEEN 202201 AND 202212 AND crime_type IN ('ひったくり', '自動車盗', "
             "'車上ねらい', '部品ねらい')") +
        q(f, "SELECT sum(count) FROM crime_counts WHERE crime_type = '住宅対象侵入盗' AND "
             "from_ym = 202201");
    assert_in_range(theft4, 260, 300);
    /* loading twice adds nothing */
    city = NULL;
    dir = bh_test_source("data/matsudo");
    assert_int_equal(bh_city_load(f->ctx, dir, &city), BH_OK);
    free(dir);
    assert_int_equal(bh_crimes_load_profile(f->db, city), BH_OK);
    bh_city_destroy(city);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files"), 15);
}

static void test_bulk_import_keeps_the_indexes_others_add_and_counts_every_row(void **state)
{
    fx *f = *state;
    char *script = bh_test_source("scripts/gen-sample-crimes");
    char *cmd = bh_asprintf("python3 '%s' --out '%s/bulk' --rows 16000", script, f->dir);
    assert_int_equal(bh_test_run(cmd, NULL), 0);
    free(cmd);
    free(script);
    /* an index another room could add: the bulk path drops it and builds it again */
    assert_int_equal(bh_db_exec(f->db, "CREATE INDEX test_rows_place ON crime_rows (place_id)"),
                     BH_OK);
    char *path = bh_asprintf("%s/bulk/bench_jitensha_to.csv", f->dir);
    const char *paths[] = {path};
    bh_crimes_report *rep = NULL;
    assert_int_equal(bh_crimes_import(f->db, f->city, paths, 1, NULL, &rep), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 16000);
    assert_accounted(f, rep);
    assert_int_equal(q(f, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = "
                          "'test_rows_place'"),
                     1);
    assert_q_text(f, "PRAGMA integrity_check", "ok");
    assert_int_equal(
        q(f, "SELECT count(*) FROM crime_rows r INDEXED BY test_rows_place JOIN crime_places c "
             "ON c.id = r.place_id WHERE c.key_code = '12207130005'"),
        q(f, "SELECT count(*) FROM crimes WHERE key_code = '12207130005'"));
    assert_true(q(f, "SELECT count(*) FROM crimes WHERE key_code = '12207130005'") > 0);
    bh_crimes_report_destroy(rep);
    free(path);
}

/* The repeated values of the rows are stored once: a profile per distinct (type, police, koban,
 * code, place type, state, …), a place per distinct 町丁目, an extra per distinct JSON; a second
 * file with the same values adds rows but no new profiles, places or extras. */
static void test_repeated_values_are_stored_once_across_files(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 1, "match_cp932.csv"), BH_OK);
    bh_crimes_report_destroy(rep);
    long profiles = q(f, "SELECT count(*) FROM crime_profiles");
    long places = q(f, "SELECT count(*) FROM crime_places");
    long extras = q(f, "SELECT count(*) FROM crime_extras");
    assert_int_equal(places, q(f, "SELECT count(DISTINCT chome_raw) FROM crimes"));
    assert_int_equal(profiles, q(f, "SELECT count(*) FROM (SELECT DISTINCT crime_type, offence, "
                                    "police_station, koban, city_code, prefecture, city_name, "
                                    "place_type, state, reason, sample FROM crimes)"));
    assert_int_equal(extras, q(f, "SELECT count(DISTINCT extra) FROM crimes"));
    /* the same rows under another name (another SHA-256: a trailing blank line) */
    char *src = bh_test_data("crimes/match_cp932.csv");
    char *copy = bh_asprintf("%s/again.csv", f->dir);
    assert_int_equal(bh_test_copy(src, copy), 0);
    FILE *fp = fopen(copy, "ab");
    assert_non_null(fp);
    fputs("\r\n", fp);
    fclose(fp);
    const char *paths[] = {copy};
    bh_crimes_import_opts dup = {NULL, 0, 0};
    assert_int_equal(bh_crimes_import(f->db, f->city, paths, 1, &dup, &rep), BH_E_DUPLICATE);
    bh_crimes_report_destroy(rep);
    dup.allow_duplicates = 1; /* the same crimes again, on purpose */
    assert_int_equal(bh_crimes_import(f->db, f->city, paths, 1, &dup, &rep), BH_OK);
    assert_int_equal(bh_crimes_report_rows_read(rep), 8);
    bh_crimes_report_destroy(rep);
    assert_int_equal(q(f, "SELECT count(*) FROM crimes"), 16);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_profiles"), profiles);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_places"), places);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_extras"), extras);
    /* both files' rows read back the same through the view */
    assert_int_equal(q(f, "SELECT count(*) FROM (SELECT line, crime_type, koban, key_code, oaza, "
                          "occurred_on, hour, extra, state, reason FROM crimes WHERE file_id = 1 "
                          "EXCEPT SELECT line, crime_type, koban, key_code, oaza, occurred_on, "
                          "hour, extra, state, reason FROM crimes WHERE file_id = 2)"),
                     0);
    free(src);
    free(copy);
}

/* Rows written through the view (INSERT INTO crimes, as the crimes-stats fixtures do) read back
 * column for column. */
static void test_insert_into_the_crimes_view_reads_back(void **state)
{
    fx *f = *state;
    assert_int_equal(
        bh_db_exec(f->db,
                   "INSERT INTO crime_files (path, sha256, encoding, imported_at) VALUES "
                   "('x.csv', 'x', 'UTF-8', 'now');"
                   "INSERT INTO crimes (file_id, line, crime_type, offence, police_station, koban, "
                   "city_code, prefecture, city_name, chome_raw, chome_norm, key_code, oaza, "
                   "occurred_on, occurred_ym, hour, place_type, extra, state, reason, sample) "
                   "VALUES (1, 2, 'ひったくり', '窃盗', 'A署', 'K1', '12207', '千葉県', '松戸市', "
                   "'稔台５丁目', '稔台5丁目', '12207130005', '稔台', '2023-09-06', 202309, 9, "
                   "'道路上', '{\"a\":\"b\"}', 'chome', NULL, 1);"
                   "INSERT INTO crimes (file_id, line, crime_type, key_code, occurred_ym, state, "
                   "reason) VALUES (1, 3, '自転車盗', NULL, 202310, 'rejected', 'bad_date')"),
        BH_OK);
    assert_q_text(f,
                  "SELECT crime_type || offence || police_station || koban || city_code || "
                  "prefecture || city_name || chome_raw || chome_norm || key_code || oaza || "
                  "occurred_on || occurred_ym || hour || place_type || extra || state || sample "
                  "FROM crimes WHERE line = 2",
                  "ひったくり窃盗A署K112207千葉県松戸市稔台５丁目稔台5丁目12207130005稔台2023-09-06"
                  "2023099道路上{\"a\":\"b\"}chome1");
    assert_q_text(f, "SELECT state || reason || occurred_ym || sample FROM crimes WHERE line = 3",
                  "rejectedbad_date2023100");
    assert_q_text(f, "SELECT extra FROM crimes WHERE line = 3", NULL);
    /* the CHECK on state holds for rows written through the view */
    assert_int_not_equal(
        bh_db_exec(f->db, "INSERT INTO crimes (file_id, line, state) VALUES (1, 4, 'nowhere')"),
        BH_OK);
}

/* The crime aggregate that every counting read uses equals an independent GROUP BY over the rows
 * after an import, a re-import, and rows written and deleted through the view; a tampered
 * aggregate is found by bh_crimes_check. */
static void assert_aggregate_is_group_by(fx *f)
{
    static const char rows[] =
        "SELECT state, COALESCE(CASE state WHEN 'chome' THEN key_code WHEN 'oaza' THEN oaza END, "
        "''), COALESCE(crime_type, ''), COALESCE(occurred_ym, 0), count(*), sum(sample) FROM "
        "crimes GROUP BY 1, 2, 3, 4";
    static const char agg[] = "SELECT state, place, crime_type, ym, n, n_sample FROM crime_agg";
    char *a = bh_asprintf("SELECT count(*) FROM (%s EXCEPT %s)", rows, agg);
    char *b = bh_asprintf("SELECT count(*) FROM (%s EXCEPT %s)", agg, rows);
    assert_int_equal(q(f, a), 0);
    assert_int_equal(q(f, b), 0);
    free(a);
    free(b);
    assert_int_equal(q(f, "SELECT sum(n) FROM crime_agg"), q(f, "SELECT count(*) FROM crimes"));
    long n_diff = -1;
    char *text = NULL;
    assert_int_equal(bh_crimes_check(f->db, &n_diff, &text), BH_OK);
    assert_int_equal(n_diff, 0);
    assert_non_null(strstr(text, "matches the rows"));
    free(text);
}

static void test_aggregate_follows_the_rows_and_check_finds_tampering(void **state)
{
    fx *f = *state;
    bh_crimes_report *rep = NULL;
    assert_int_equal(import_files(f, NULL, &rep, 2, "match_cp932.csv", "dates_cp932.csv"), BH_OK);
    bh_crimes_report_destroy(rep);
    assert_true(q(f, "SELECT count(*) FROM crime_agg") > 1);
    assert_aggregate_is_group_by(f);
    /* codes_cp932 repeats rows of match_cp932: refused, nothing changes */
    assert_int_equal(import_files(f, NULL, &rep, 2, "match_cp932.csv", "codes_cp932.csv"),
                     BH_E_DUPLICATE);
    bh_crimes_report_destroy(rep);
    assert_aggregate_is_group_by(f);
    assert_int_equal(q(f, "SELECT count(*) FROM crime_files"), 2);
    assert_int_equal(bh_db_exec(f->db, "INSERT INTO crimes (file_id, line, crime_type, key_code, "
                                       "occurred_ym, state, sample) VALUES (1, 99, '自転車盗', "
                                       "'12207130005', 202309, 'chome', 1)"),
                     BH_OK);
    assert_aggregate_is_group_by(f);
    assert_int_equal(bh_db_exec(f->db, "DELETE FROM crimes WHERE file_id = 1"), BH_OK);
    assert_aggregate_is_group_by(f);
    assert_int_equal(bh_db_exec(f->db, "UPDATE crime_agg SET n = n + 1 WHERE (state, place, "
                                       "crime_type, ym) = (SELECT state, place, crime_type, ym "
                                       "FROM crime_agg LIMIT 1)"),
                     BH_OK);
    long n_diff = 0;
    char *text = NULL;
    assert_int_equal(bh_crimes_check(f->db, &n_diff, &text), BH_OK);
    assert_int_equal(n_diff, 1);
    assert_non_null(strstr(text, "differs: state "));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names_match_chome_oaza_or_are_rejected, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cp932_and_utf8_with_or_without_bom_give_the_same_rows,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_municipality_codes_5_or_6_digits_and_lost_leading_zero,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates_and_hours_in_every_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_duplicated_side_by_side_reads_one_copy, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_blank_trailing_lines_are_skipped_not_counted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_quoted_commas_and_multiline_fields_keep_line_numbers,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimporting_the_same_file_is_idempotent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_same_file_twice_in_one_call_is_imported_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_files_leave_the_database_bytes_unchanged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_count_tables_resolve_areas_types_and_periods, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_count_tables_in_xlsx_and_with_english_headers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_profile_loads_the_sample_files_of_the_city, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_repeated_values_are_stored_once_across_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_aggregate_follows_the_rows_and_check_finds_tampering,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_into_the_crimes_view_reads_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_bulk_import_keeps_the_indexes_others_add_and_counts_every_row, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

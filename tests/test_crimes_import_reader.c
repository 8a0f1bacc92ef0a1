/* crimes import, reading side: the CP932 fields recoded once per value, a large file split in
 * two halves read by two threads, and the row mapper's memo of the last date and code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/reader.h"
#include "crimes/row.h"
#include "support.h"

/* bh_crime_row_map_memo (the last date and code reused) maps a run of rows exactly as
 * bh_crime_row_map does, repeated values, changes and bad values alike. */
static void test_row_map_memo_gives_the_same_rows(void **state)
{
    bh_ctx *ctx = *state;
    const char *header[] = {"罪名",
                            "手口",
                            "管轄警察署（発生地）",
                            "管轄交番・駐在所（発生地）",
                            "市区町村コード（発生地）",
                            "都道府県（発生地）",
                            "市区町村（発生地）",
                            "町丁目（発生地）",
                            "発生年月日（始期）",
                            "発生時（始期）",
                            "発生場所の属性",
                            "備考"};
    char *hdr[12];
    for (int i = 0; i < 12; i++)
        hdr[i] = bh_strdup(header[i]);
    bh_crime_layout *lay = NULL;
    assert_int_equal(bh_crime_layout_parse(ctx, "m.csv", 1, hdr, 12, &lay), BH_OK);
    const char *dates[] = {"2023/9/6", "2023/9/6",   "令和5年9月7日", "不明",
                           "不明",     "2023-02-30", "2023-02-30",    "2023/9/6"};
    const char *codes[] = {"122076", "122076", "12106",  "12106",
                           "12106",  "12207",  "122070", "122076"};
    const char *prefs[] = {"千葉県", "千葉県", "北海道", "千葉県",
                           "千葉県", "",       "千葉県", "千葉県"};
    bh_crime_city city = {"12207", "千葉県", "松戸市"};
    bh_crime_row_memo memo = {0};
    for (int k = 0; k < 8; k++) {
        const char *row[] = {"窃盗",   "自転車盗",   "松戸警察署", "交番", codes[k], prefs[k],
                             "松戸市", "稔台１丁目", dates[k],     "9",    "道路上", "サンプル"};
        char *a[12], *b[12];
        for (int i = 0; i < 12; i++) {
            a[i] = bh_strdup(row[i]);
            b[i] = bh_strdup(row[i]);
        }
        bh_crime_row ra, rb;
        bh_crime_row_map(lay, a, 12, &city, NULL, &ra);
        bh_crime_row_map_memo(lay, b, 12, &city, NULL, &memo, &rb);
        assert_int_equal(ra.where, rb.where);
        assert_true(ra.reason == rb.reason);
        assert_string_equal(ra.date, rb.date);
        assert_int_equal(ra.ym, rb.ym);
        assert_int_equal(ra.hour, rb.hour);
        assert_string_equal(ra.city_code, rb.city_code);
        for (int i = 0; i < 12; i++) {
            free(a[i]);
            free(b[i]);
        }
    }
    bh_crime_layout_destroy(lay);
    for (int i = 0; i < 12; i++)
        free(hdr[i]);
}

/* Reads every record of rd (and of its split-off tail) as "line|field|field…" lines. */
static char *read_all(bh_reader *rd, bh_reader *tail)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_reader *parts[2] = {rd, tail};
    for (int k = 0; k < 2 && parts[k]; k++) {
        char **fields;
        int n;
        long line;
        while (bh_reader_next(parts[k], &fields, &n, &line)) {
            bh_strbuf_printf(&sb, "%ld", line);
            for (int i = 0; i < n; i++)
                bh_strbuf_printf(&sb, "|%s", fields[i]);
            bh_strbuf_append(&sb, "\n");
        }
    }
    return bh_strbuf_take(&sb);
}

/* A large file read by two threads is split at a record boundary even when its middle falls
 * inside a quoted field that spans lines: the two halves give the same records, line numbers
 * and blank lines as one reader. */
static void test_split_reading_gives_the_same_records_as_one_reader(void **state)
{
    bh_ctx *ctx = *state;
    bh_strbuf text;
    bh_strbuf_init(&text);
    bh_strbuf_append(&text, "罪名,備考,番号\r\n");
    for (int i = 0; text.len < (3u << 20); i++) {
        /* most bytes sit inside quoted fields with line breaks, commas and doubled quotes */
        bh_strbuf_printf(&text, "窃盗,\"第%d行,\r\n二行目 \"\"引用\"\"\r\n", i);
        for (int k = 0; k < 20; k++)
            bh_strbuf_append(&text, "ＡＢＣ，ｄｅｆ。");
        bh_strbuf_printf(&text, "\",%d\r\n%s", i, i % 97 == 0 ? "\r\n" : "");
    }
    assert_false(text.failed);
    for (int enc = 0; enc < 2; enc++) {
        const char *encoding = enc ? "UTF-8" : "CP932";
        char *bytes = enc ? NULL : CPLRecode(text.data, CPL_ENC_UTF8, "CP932");
        const char *data = enc ? text.data : bytes;
        bh_reader *one = NULL, *two = NULL;
        assert_int_equal(bh_reader_open_mem(ctx, "big.csv", data, strlen(data), encoding, &one),
                         BH_OK);
        assert_int_equal(bh_reader_open_mem(ctx, "big.csv", data, strlen(data), encoding, &two),
                         BH_OK);
        char **fields;
        int n;
        long line;
        assert_int_equal(bh_reader_next(two, &fields, &n, &line), 1); /* the header */
        bh_reader *tail = bh_reader_split(two);
        assert_non_null(tail);
        assert_null(bh_reader_split(two)); /* once only */
        char *a = read_all(one, NULL);
        char *b = read_all(two, tail);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(strchr(a, '\n') + 1, b); /* one also read the header */
        assert_int_equal(bh_reader_blank_lines(one), bh_reader_blank_lines(two));
        assert_true(bh_reader_blank_lines(one) > 0);
        assert_false(bh_reader_failed(two));
        free(a);
        free(b);
        bh_reader_destroy(one);
        bh_reader_destroy(two);
        CPLFree(bytes);
    }
    bh_strbuf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_row_map_memo_gives_the_same_rows, bh_test_ctx_setup,
                                        bh_test_ctx_teardown),
        cmocka_unit_test_setup_teardown(test_split_reading_gives_the_same_records_as_one_reader,
                                        bh_test_ctx_setup, bh_test_ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

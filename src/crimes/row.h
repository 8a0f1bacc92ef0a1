/* Row mapper for the police open-data layout: header → column roles, and one record → a typed
 * crime row (dates, hour, municipality code, in/outside the city, or the reason it is rejected).
 * Pure functions over strings: no database, no I/O (fuzzed by fuzz/fuzz_crime_row.c). */
#ifndef BH_CRIMES_ROW_H
#define BH_CRIMES_ROW_H

#include "core/ctx.h"

/* The common columns every 手口 file has (plus 備考, optional). */
enum bh_crime_col {
    BH_COL_OFFENCE,    /* 罪名 */
    BH_COL_TYPE,       /* 手口 */
    BH_COL_POLICE,     /* 管轄警察署（発生地） */
    BH_COL_KOBAN,      /* 管轄交番・駐在所（発生地） */
    BH_COL_CITY_CODE,  /* 市区町村コード（発生地） */
    BH_COL_PREFECTURE, /* 都道府県（発生地） */
    BH_COL_CITY_NAME,  /* 市区町村（発生地） */
    BH_COL_CHOME,      /* 町丁目（発生地） */
    BH_COL_DATE,       /* 発生年月日（始期） */
    BH_COL_HOUR,       /* 発生時（始期） */
    BH_COL_PLACE,      /* 発生場所の属性 */
    BH_COL_N
};

typedef struct bh_crime_layout bh_crime_layout;

/* Reads the header record. Missing common columns → BH_E_FORMAT naming file, line and the first
 * missing column. A header whose second half repeats the first (a file duplicated side by side)
 * is accepted; rows are then checked to repeat too. *out is owned by the caller. */
BH_MUST_CHECK bh_status bh_crime_layout_parse(bh_ctx *ctx, const char *file, long line,
                                              char **header, int n, bh_crime_layout **out);
void bh_crime_layout_destroy(bh_crime_layout *lay);
/* 1 when the header was duplicated side by side. */
int bh_crime_layout_duplicated(const bh_crime_layout *lay);
/* Columns of one copy of the header. */
int bh_crime_layout_width(const bh_crime_layout *lay);
/* The trailing (non-common) columns kept in `extra`, including 備考: count and borrowed names. */
int bh_crime_layout_n_extra(const bh_crime_layout *lay);
const char *bh_crime_layout_extra_name(const bh_crime_layout *lay, int k);
int bh_crime_layout_extra_col(const bh_crime_layout *lay, int k);
/* Column index of 備考, or -1. */
int bh_crime_layout_note_col(const bh_crime_layout *lay);
/* English name of a common column (for messages). */
const char *bh_crime_col_name(int col);

/* The city the rows are sorted against. */
typedef struct bh_crime_city {
    const char *code5;      /* 12207 */
    const char *prefecture; /* 千葉県 */
    const char *name;       /* 松戸市 */
} bh_crime_city;

enum bh_row_where { BH_ROW_INSIDE = 0, BH_ROW_OUTSIDE = 1, BH_ROW_REJECTED = 2 };

/* One mapped row. String members point into the record's fields (trimmed in place). */
typedef struct bh_crime_row {
    int where;          /* bh_row_where */
    const char *reason; /* static identifier when rejected (docs/crime-data.md) */
    const char *field;  /* the column the reason is about (Japanese header), or NULL */
    const char *fields[BH_COL_N];
    char city_code[6]; /* resolved 5-digit code, "" when unknown */
    char date[11];     /* YYYY-MM-DD, "" when 不明 */
    int ym;            /* YYYYMM, 0 when 不明 */
    int hour;          /* 0..23, -1 when 不明 */
} bh_crime_row;

/* Maps one record (fields may be modified: trimmed in place). Never fails: problems end in
 * out->where = BH_ROW_REJECTED with a reason. known_types: NULL-terminated list of valid 手口. */
void bh_crime_row_map(const bh_crime_layout *lay, char **fields, int n, const bh_crime_city *city,
                      const char *const *known_types, bh_crime_row *out);

/* The last date and municipality code bh_crime_row_map_memo parsed, reused while the next rows
 * repeat them (zero it before the first row). */
typedef struct bh_crime_row_memo {
    int date_ok, date_rc, ym;
    char date_raw[48], date[11];
    int code_ok;
    char code_raw[16], pref_raw[32], code5[6];
    const char *code_why;
} bh_crime_row_memo;

/* bh_crime_row_map through memo (may be NULL): the same result, less work on sorted files. */
void bh_crime_row_map_memo(const bh_crime_layout *lay, char **fields, int n,
                           const bh_crime_city *city, const char *const *known_types,
                           bh_crime_row_memo *memo, bh_crime_row *out);

/* Helpers, exposed for tests and the count-table importer. */
/* Parses 2023/9/6, 2023-09-06, 20230906, 2023年9月6日, 令和5年9月6日, R5.9.6 (and 平成, 元年).
 * Returns 1 and writes YYYY-MM-DD (11 bytes) and *ym; 0 when s is 不明/empty; -1 when invalid. */
int bh_crime_parse_date(const char *s, char out[11], int *ym);
/* Parses a month: 2023/9, 2023-09, 202309, 2023年9月, 令和5年9月, R5.9 → YYYYMM; 0 when invalid. */
int bh_crime_parse_month(const char *s);
/* 0..23; -1 for 不明/empty; -2 when invalid. */
int bh_crime_parse_hour(const char *s);
/* JIS X 0401 code of a prefecture name (千葉県 → 12, 北海道 → 1); 0 when unknown. */
int bh_prefecture_code(const char *name);
/* Check digit of a 5-digit municipality code (12207 → 6). */
int bh_city_code_check_digit(const char *code5);

#endif

/* Row mapper for the police open-data layout (see row.h). */
#include "crimes/row.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

static const char *const col_headers[BH_COL_N] = {"罪名",
                                                  "手口",
                                                  "管轄警察署(発生地)",
                                                  "管轄交番・駐在所(発生地)",
                                                  "市区町村コード(発生地)",
                                                  "都道府県(発生地)",
                                                  "市区町村(発生地)",
                                                  "町丁目(発生地)",
                                                  "発生年月日(始期)",
                                                  "発生時(始期)",
                                                  "発生場所の属性"};
static const char *const col_english[BH_COL_N] = {
    "offence",   "crime_type", "police_station", "koban", "city_code", "prefecture",
    "city_name", "chome",      "occurred_on",    "hour",  "place_type"};

static const char *const prefectures[47] = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};

struct bh_crime_layout {
    int col[BH_COL_N];
    int width;      /* columns of one copy */
    int duplicated; /* header doubled side by side */
    int note_col;
    int n_extra;
    int *extra_col;
    char **extra_name;
};

const char *bh_crime_col_name(int col)
{
    return col >= 0 && col < BH_COL_N ? col_english[col] : "?";
}

/* Trims ASCII white space and U+3000 at both ends, in place. */
static char *trim(char *s)
{
    if (!s)
        return s;
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
                 (unsigned char)s[2] == 0x80)
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        else if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
                 (unsigned char)s[n - 1] == 0x80)
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

/* Copies s into buf with 全角 ASCII (digits, ／－．：) turned into ASCII and spaces dropped. */
static void ascii_fold(const char *s, char *buf, size_t cap)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && o + 4 < cap) {
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) {
            buf[o++] = (char)(p[2] - 0x60); /* U+FF01..FF3F → '!'..'_' */
            p += 3;
        } else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            p += 3;
        } else if (*p == ' ' || *p == '\t') {
            p++;
        } else {
            buf[o++] = (char)*p++;
        }
    }
    buf[o] = '\0';
}

static void header_key(const char *h, char *buf, size_t cap)
{
    ascii_fold(h, buf, cap);
    /* 全角 parentheses were folded to ASCII by ascii_fold (U+FF08/U+FF09). */
    if (strncmp(buf, "\xEF\xBB\xBF", 3) == 0)
        memmove(buf, buf + 3, strlen(buf + 3) + 1);
}

static int header_matches(const char *key, const char *want)
{
    if (strcmp(key, want) == 0)
        return 1;
    /* accept the name without its parenthesised suffix: 町丁目 for 町丁目(発生地) */
    const char *paren = strchr(want, '(');
    size_t base = paren ? (size_t)(paren - want) : strlen(want);
    return paren && strlen(key) == base && strncmp(key, want, base) == 0;
}

bh_status bh_crime_layout_parse(bh_ctx *ctx, const char *file, long line, char **header, int n,
                                bh_crime_layout **out)
{
    *out = NULL;
    bh_crime_layout *lay = bh_calloc(1, sizeof *lay);
    if (!lay)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    char key[512], key2[512];
    /* trailing empty header cells (a trailing comma) do not count */
    while (n > 0 && trim(header[n - 1])[0] == '\0')
        n--;
    lay->width = n;
    if (n >= 2 && n % 2 == 0) {
        int same = 1;
        for (int i = 0; i < n / 2 && same; i++) {
            header_key(header[i], key, sizeof key);
            header_key(header[i + n / 2], key2, sizeof key2);
            same = strcmp(key, key2) == 0;
        }
        if (same) {
            lay->duplicated = 1;
            lay->width = n / 2;
        }
    }
    for (int c = 0; c < BH_COL_N; c++)
        lay->col[c] = -1;
    lay->note_col = -1;
    lay->extra_col = bh_calloc((size_t)lay->width + 1, sizeof *lay->extra_col);
    lay->extra_name = bh_calloc((size_t)lay->width + 1, sizeof *lay->extra_name);
    if (!lay->extra_col || !lay->extra_name) {
        bh_crime_layout_destroy(lay);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    for (int i = 0; i < lay->width; i++) {
        header_key(header[i], key, sizeof key);
        int found = -1;
        for (int c = 0; c < BH_COL_N && found < 0; c++)
            if (lay->col[c] < 0 && header_matches(key, col_headers[c]))
                found = c;
        if (found >= 0) {
            lay->col[found] = i;
            continue;
        }
        if (strcmp(key, "備考") == 0)
            lay->note_col = i;
        lay->extra_col[lay->n_extra] = i;
        lay->extra_name[lay->n_extra] = bh_strdup(key[0] ? key : "(無題)");
        lay->n_extra++;
    }
    for (int c = 0; c < BH_COL_N; c++) {
        if (lay->col[c] < 0) {
            bh_crime_layout_destroy(lay);
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: line %ld: field '%s': missing column; not the police open-data "
                            "layout (罪名, 手口, 市区町村コード（発生地）, 町丁目（発生地）, …)",
                            file, line, col_headers[c]);
        }
    }
    *out = lay;
    return BH_OK;
}

void bh_crime_layout_destroy(bh_crime_layout *lay)
{
    if (!lay)
        return;
    for (int i = 0; i < lay->n_extra; i++)
        bh_free(lay->extra_name[i]);
    bh_free(lay->extra_name);
    bh_free(lay->extra_col);
    bh_free(lay);
}

int bh_crime_layout_duplicated(const bh_crime_layout *lay)
{
    return lay->duplicated;
}
int bh_crime_layout_width(const bh_crime_layout *lay)
{
    return lay->width;
}
int bh_crime_layout_n_extra(const bh_crime_layout *lay)
{
    return lay->n_extra;
}
const char *bh_crime_layout_extra_name(const bh_crime_layout *lay, int k)
{
    return lay->extra_name[k];
}
int bh_crime_layout_extra_col(const bh_crime_layout *lay, int k)
{
    return lay->extra_col[k];
}
int bh_crime_layout_note_col(const bh_crime_layout *lay)
{
    return lay->note_col;
}

/* ---- dates, hours, codes ---- */

static int read_int(const char **p, int max_digits, int *v)
{
    int k = 0, x = 0;
    while (k < max_digits && **p >= '0' && **p <= '9') {
        x = x * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    *v = x;
    return k;
}

static int eat(const char **p, const char *tok)
{
    size_t n = strlen(tok);
    if (strncmp(*p, tok, n) == 0) {
        *p += n;
        return 1;
    }
    return 0;
}

static int eat_sep(const char **p, const char *kanji)
{
    if (**p == '/' || **p == '-' || **p == '.') {
        (*p)++;
        return 1;
    }
    return kanji && eat(p, kanji);
}

/* Year at *p: 4 digits, or an era (令和/平成/昭和/R/H/S) with a number or 元. 0 when none. */
static int read_year(const char **p)
{
    static const struct {
        const char *name;
        int base;
    } eras[] = {{"令和", 2018}, {"平成", 1988}, {"昭和", 1925}, {"R", 2018},
                {"r", 2018},    {"H", 1988},    {"h", 1988},    {"S", 1925}};
    for (size_t i = 0; i < sizeof eras / sizeof *eras; i++) {
        if (eat(p, eras[i].name)) {
            int y;
            if (eat(p, "元"))
                return eras[i].base + 1;
            if (read_int(p, 2, &y) == 0 || y == 0)
                return 0;
            return eras[i].base + y;
        }
    }
    int y;
    const char *q = *p;
    if (read_int(p, 4, &y) != 4) {
        *p = q;
        return 0;
    }
    return y;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static int is_unknown(const char *s)
{
    return s[0] == '\0' || strcmp(s, "不明") == 0 || strcmp(s, "-") == 0;
}

int bh_crime_parse_date(const char *s, char out[11], int *ym)
{
    char raw[128], buf[128];
    size_t len = s ? strlen(s) : 0; /* snprintf(raw, sizeof raw, "%s", s) without printf */
    if (len > sizeof raw - 1)
        len = sizeof raw - 1;
    memcpy(raw, s ? s : "", len);
    raw[len] = '\0';
    char *t = trim(raw);
    /* a time part after the date (Excel exports "2023/9/6 0:00:00") is ignored */
    char *sp = strpbrk(t, " \t");
    if (sp)
        *sp = '\0';
    ascii_fold(t, buf, sizeof buf);
    out[0] = '\0';
    *ym = 0;
    if (is_unknown(buf))
        return 0;
    const char *p = buf;
    int y, m, d;
    if (strlen(buf) == 8 && strspn(buf, "0123456789") == 8) {
        read_int(&p, 4, &y);
        read_int(&p, 2, &m);
        read_int(&p, 2, &d);
    } else {
        y = read_year(&p);
        if (y == 0 || !eat_sep(&p, "年") || read_int(&p, 2, &m) == 0 || !eat_sep(&p, "月") ||
            read_int(&p, 2, &d) == 0)
            return -1;
        eat(&p, "日");
        if (*p != '\0' && *p != 'T')
            return -1;
    }
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    /* YYYY-MM-DD; y, m, d were range-checked above */
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    *ym = y * 100 + m;
    return 1;
}

int bh_crime_parse_month(const char *s)
{
    char buf[128];
    ascii_fold(s ? s : "", buf, sizeof buf);
    const char *p = buf;
    int y, m;
    if (strlen(buf) == 6 && strspn(buf, "0123456789") == 6) {
        read_int(&p, 4, &y);
        read_int(&p, 2, &m);
    } else {
        y = read_year(&p);
        if (y == 0 || !eat_sep(&p, "年") || read_int(&p, 2, &m) == 0)
            return 0;
        eat(&p, "月");
        if (*p != '\0') { /* a full date is accepted too, if it is a day of that month */
            int d;
            if (!eat_sep(&p, NULL) || read_int(&p, 2, &d) == 0)
                return 0;
            eat(&p, "日");
            if ((*p != '\0' && *p != 'T') || y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
                d > days_in_month(y, m))
                return 0;
        }
    }
    if (y < 1900 || y > 2100 || m < 1 || m > 12)
        return 0;
    return y * 100 + m;
}

int bh_crime_parse_hour(const char *s)
{
    char buf[64];
    ascii_fold(s ? s : "", buf, sizeof buf);
    if (is_unknown(buf))
        return -1;
    const char *p = buf;
    int h;
    if (read_int(&p, 2, &h) == 0)
        return -2;
    eat(&p, "時");
    if (*p != '\0' || h > 23)
        return -2;
    return h;
}

int bh_prefecture_code(const char *name)
{
    if (!name)
        return 0;
    for (int i = 0; i < 47; i++)
        if (strcmp(name, prefectures[i]) == 0)
            return i + 1;
    return 0;
}

int bh_city_code_check_digit(const char *c)
{
    static const int w[5] = {6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += (c[i] - '0') * w[i];
    return (11 - sum % 11) % 10;
}

static int all_digits(const char *s)
{
    return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* Resolves the municipality code column into a 5-digit code; returns a reason on failure. */
static const char *resolve_code(const char *raw, const char *pref, char code5[6])
{
    char buf[64];
    ascii_fold(raw, buf, sizeof buf);
    code5[0] = '\0';
    if (!all_digits(buf))
        return "bad_city_code";
    size_t n = strlen(buf);
    char cand[2][6] = {"", ""};
    int nc = 0;
    if (n == 6) {
        if (bh_city_code_check_digit(buf) != buf[5] - '0')
            return "bad_city_code";
        memcpy(cand[nc++], buf, 5);
    } else if (n == 5) {
        memcpy(cand[nc++], buf, 5);
        /* a 6-digit code whose leading zero a spreadsheet dropped (012106 → 12106) */
        char six[7] = "0";
        memcpy(six + 1, buf, 5);
        six[6] = '\0';
        if (bh_city_code_check_digit(six) == six[5] - '0')
            memcpy(cand[nc++], six, 5);
    } else if (n == 4) {
        cand[nc][0] = '0';
        memcpy(cand[nc++] + 1, buf, 4);
    } else {
        return "bad_city_code";
    }
    int pc = bh_prefecture_code(pref);
    for (int i = 0; i < nc; i++) {
        int cp = (cand[i][0] - '0') * 10 + (cand[i][1] - '0');
        if (pc == 0 || cp == pc) {
            memcpy(code5, cand[i], 6);
            return NULL;
        }
    }
    return "prefecture_mismatch";
}

static void reject(bh_crime_row *r, const char *reason, int col)
{
    r->where = BH_ROW_REJECTED;
    r->reason = reason;
    r->field = col >= 0 ? col_headers[col] : NULL;
}

/* The memo's last date (a file sorted by date repeats it row after row). */
static int parse_date_memo(bh_crime_row_memo *m, const char *s, char out[11], int *ym)
{
    if (!m)
        return bh_crime_parse_date(s, out, ym);
    size_t len = strlen(s);
    if (m->date_ok && len < sizeof m->date_raw && memcmp(m->date_raw, s, len + 1) == 0) {
        memcpy(out, m->date, 11);
        *ym = m->ym;
        return m->date_rc;
    }
    int rc = bh_crime_parse_date(s, out, ym);
    m->date_ok = len < sizeof m->date_raw;
    if (m->date_ok) {
        memcpy(m->date_raw, s, len + 1);
        memcpy(m->date, out, 11);
        m->ym = *ym;
        m->date_rc = rc;
    }
    return rc;
}

/* resolve_code through the memo's last code and prefecture. */
static const char *resolve_code_memo(bh_crime_row_memo *m, const char *raw, const char *pref,
                                     char code5[6])
{
    if (!m)
        return resolve_code(raw, pref, code5);
    size_t lc = strlen(raw), lp = strlen(pref);
    if (m->code_ok && lc < sizeof m->code_raw && lp < sizeof m->pref_raw &&
        memcmp(m->code_raw, raw, lc + 1) == 0 && memcmp(m->pref_raw, pref, lp + 1) == 0) {
        memcpy(code5, m->code5, 6);
        return m->code_why;
    }
    const char *why = resolve_code(raw, pref, code5);
    m->code_ok = lc < sizeof m->code_raw && lp < sizeof m->pref_raw;
    if (m->code_ok) {
        memcpy(m->code_raw, raw, lc + 1);
        memcpy(m->pref_raw, pref, lp + 1);
        memcpy(m->code5, code5, 6);
        m->code_why = why;
    }
    return why;
}

void bh_crime_row_map(const bh_crime_layout *lay, char **fields, int n, const bh_crime_city *city,
                      const char *const *known_types, bh_crime_row *r)
{
    bh_crime_row_map_memo(lay, fields, n, city, known_types, NULL, r);
}

void bh_crime_row_map_memo(const bh_crime_layout *lay, char **fields, int n,
                           const bh_crime_city *city, const char *const *known_types,
                           bh_crime_row_memo *memo, bh_crime_row *r)
{
    memset(r, 0, sizeof *r);
    r->hour = -1;
    r->where = BH_ROW_INSIDE;
    static const char empty[1] = "";
    for (int c = 0; c < BH_COL_N; c++)
        r->fields[c] = empty;
    int width = lay->width;
    int expect = lay->duplicated ? 2 * width : width;
    /* trailing empty cells beyond the header (a trailing comma) are tolerated */
    while (n > expect && trim(fields[n - 1])[0] == '\0')
        n--;
    for (int c = 0; c < BH_COL_N; c++)
        if (lay->col[c] < n)
            r->fields[c] = trim(fields[lay->col[c]]);
    if (n != expect) {
        reject(r, "field_count", -1);
        return;
    }
    if (lay->duplicated)
        for (int i = 0; i < width; i++)
            if (strcmp(trim(fields[i]), trim(fields[i + width])) != 0) {
                reject(r, "duplicate_mismatch", -1);
                return;
            }
    /* 手口 */
    const char *type = r->fields[BH_COL_TYPE];
    int known = known_types == NULL;
    for (size_t i = 0; known_types && known_types[i] && !known; i++)
        known = strcmp(type, known_types[i]) == 0;
    if (!known) {
        reject(r, "unknown_type", BH_COL_TYPE);
        return;
    }
    /* date and hour */
    if (parse_date_memo(memo, r->fields[BH_COL_DATE], r->date, &r->ym) < 0) {
        reject(r, "bad_date", BH_COL_DATE);
        return;
    }
    int h = bh_crime_parse_hour(r->fields[BH_COL_HOUR]);
    if (h == -2) {
        reject(r, "bad_hour", BH_COL_HOUR);
        return;
    }
    r->hour = h;
    /* where: the code decides; without a code, the names */
    const char *code = r->fields[BH_COL_CITY_CODE];
    const char *pref = r->fields[BH_COL_PREFECTURE];
    if (code[0] == '\0') {
        const char *name = r->fields[BH_COL_CITY_NAME];
        if (name[0] == '\0') {
            reject(r, "bad_city_code", BH_COL_CITY_CODE);
            return;
        }
        int same = strcmp(name, city->name) == 0 &&
                   (pref[0] == '\0' || strcmp(pref, city->prefecture) == 0);
        if (same)
            memcpy(r->city_code, city->code5, 6);
        else
            r->where = BH_ROW_OUTSIDE;
    } else {
        const char *why = resolve_code_memo(memo, code, pref, r->city_code);
        if (why) {
            reject(r, why, BH_COL_CITY_CODE);
            return;
        }
        if (strcmp(r->city_code, city->code5) != 0)
            r->where = BH_ROW_OUTSIDE;
    }
    if (r->where == BH_ROW_INSIDE && r->fields[BH_COL_CHOME][0] == '\0')
        reject(r, "empty_chome", BH_COL_CHOME);
}

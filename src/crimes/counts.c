/* Count tables (area, 罪種, period, 件数) read through OGR (CSV after recoding, or XLSX) into
 * crime_counts. Accepted columns are documented in docs/crime-data.md. */
#include "crimes/crimes.h"

#include <ogr_api.h>
#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core/strbuf.h"
#include "crimes/internal.h"
#include "crimes/matcher.h"
#include "crimes/reader.h"
#include "crimes/row.h"
#include "db/gdal.h"

enum { CC_AREA, CC_TYPE, CC_PERIOD, CC_FROM, CC_TO, CC_COUNT, CC_NOTE, CC_N };

/* Header names per role: Japanese first, English aliases after (compared case-insensitively). */
static const char *const cc_names[CC_N][8] = {
    {"地域", "地区", "地域名", "町丁目", "町丁", "区域", "area", "area_name"},
    {"罪種", "手口", "罪種名", "crime_type", "type", NULL},
    {"期間", "年月", "年", "発生年月", "period", "month", "year", NULL},
    {"開始年月", "期間開始", "from", "from_ym", NULL},
    {"終了年月", "期間終了", "to", "to_ym", NULL},
    {"件数", "認知件数", "count", "n", NULL},
    {"備考", "note", NULL}};

static int header_role(const char *h)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", h);
    /* trim ASCII spaces */
    char *s = buf;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    for (int r = 0; r < CC_N; r++)
        for (int k = 0; k < 8 && cc_names[r][k]; k++)
            if (strcasecmp(s, cc_names[r][k]) == 0)
                return r;
    return -1;
}

static int split_range(char *s, char **rhs)
{
    static const char *const seps[] = {"～", "〜", "~", "－", "から"};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
        char *p = strstr(s, seps[i]);
        if (p) {
            *p = '\0';
            *rhs = p + strlen(seps[i]);
            return 1;
        }
    }
    return 0;
}

/* One side of a period: a month, or a (fiscal) year → its first/last month. */
static int period_side(const char *s, int last)
{
    int ym = bh_crime_parse_month(s);
    if (ym)
        return ym;
    /* a year: append a month and reuse the month parser (2022 → 2022年1月, 令和4年 → 令和4年1月) */
    char buf[96];
    size_t n = strlen(s);
    int fiscal = n >= 6 && strcmp(s + n - 6, "年度") == 0;
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(fiscal ? n - 6 : n), s,
             (fiscal || (n >= 3 && strcmp(s + n - 3, "年") == 0)) ? "" : "年",
             fiscal ? (last ? "年3月" : "年4月") : (last ? "12月" : "1月"));
    ym = bh_crime_parse_month(buf);
    if (ym && fiscal && last)
        ym += 100;
    return ym;
}

/* Parses a period cell into [from, to] months; 0 when invalid. */
static int parse_period(const char *text, int *from, int *to)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    char *rhs = NULL;
    if (split_range(buf, &rhs)) {
        *from = period_side(buf, 0);
        *to = period_side(rhs, 1);
        /* 令和4年1月～12月: the right side borrows the left side's year */
        if (*from && !*to) {
            char tmp[96];
            snprintf(tmp, sizeof tmp, "%d年%s", *from / 100, rhs);
            *to = bh_crime_parse_month(tmp);
        }
    } else {
        *from = period_side(buf, 0);
        *to = period_side(buf, 1);
    }
    return *from && *to && *from <= *to;
}

static int parse_count(const char *s, long *out)
{
    char *end;
    if (!s || !*s)
        return 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (strcmp(end, "件") == 0)
        end += strlen("件");
    if (*end != '\0' || v < 0 || v != (double)(long)v || v > 1e9)
        return 0;
    *out = (long)v;
    return 1;
}

static int is_city_area(const char *a, const bh_city *city)
{
    return a[0] == '\0' || strcmp(a, bh_city_name(city)) == 0 || strcmp(a, "市内") == 0 ||
           strcmp(a, "全域") == 0 || strcmp(a, "市全域") == 0 || strcmp(a, "合計") == 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

static int type_known(bh_db *db, const char *t)
{
    bh_stmt *st = NULL;
    int ok = 0;
    if (bh_stmt_prepare(db, "SELECT 1 FROM crime_types WHERE name = ?", &st) == BH_OK) {
        bh_stmt_bind_text(st, 1, t);
        ok = bh_stmt_step(st) == BH_STEP_ROW;
    }
    bh_stmt_finalize(st);
    return ok;
}

typedef struct ccrow {
    const char *area, *type, *state, *reason, *key_code, *oaza, *koban;
    int from, to;
    long count;
    int sample;
} ccrow;

static void classify(bh_db *db, const bh_city *city, const bh_matcher *m, const char *const *v,
                     const int *col, ccrow *r)
{
    r->state = "rejected";
    r->area = col[CC_AREA] >= 0 ? v[CC_AREA] : "";
    r->type = v[CC_TYPE];
    r->sample = col[CC_NOTE] >= 0 && strcmp(v[CC_NOTE], "サンプル") == 0;
    if (!type_known(db, r->type)) {
        r->reason = "unknown_type";
        return;
    }
    int ok = col[CC_PERIOD] >= 0 ? parse_period(v[CC_PERIOD], &r->from, &r->to)
                                 : (r->from = period_side(v[CC_FROM], 0),
                                    r->to = period_side(v[CC_TO], 1), r->from && r->to);
    if (!ok) {
        r->reason = "bad_period";
        return;
    }
    if (!parse_count(v[CC_COUNT], &r->count)) {
        r->reason = "bad_count";
        return;
    }
    bh_match mt;
    if (is_city_area(r->area, city)) {
        r->state = "city";
    } else if (bh_matcher_match(m, r->area, &mt) != BH_MATCH_NONE) {
        r->state = mt.state == BH_MATCH_CHOME ? "chome" : "oaza";
        r->key_code = mt.key_code;
        r->oaza = mt.oaza;
    } else if (strstr(r->area, "交番") || strstr(r->area, "駐在所")) {
        r->state = "koban";
        r->koban = r->area;
    } else {
        r->reason = "unknown_area";
    }
}

static void bind_opt(bh_stmt *st, int i, const char *s)
{
    bh_stmt_bind_text(st, i, s && *s ? s : NULL);
}

/* An integer, or NULL when absent. */
static void bind_int_opt(bh_stmt *st, int i, int present, long long v)
{
    if (present)
        bh_stmt_bind_int64(st, i, v);
    else
        bh_stmt_bind_null(st, i);
}

static bh_status read_layer(bh_db *db, const bh_city *city, const char *path, OGRLayerH layer,
                            long long file_id, int fidx, const bh_matcher *m, int force_sample,
                            bh_crimes_report *rep, long *rows_out, int *sample_out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = OGR_FD_GetFieldCount(defn), col[CC_N];
    for (int r = 0; r < CC_N; r++)
        col[r] = -1;
    for (int i = 0; i < nf; i++) {
        int r = header_role(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        if (r >= 0 && col[r] < 0)
            col[r] = i;
    }
    const char *missing = col[CC_TYPE] < 0                                               ? "罪種"
                          : col[CC_COUNT] < 0                                            ? "件数"
                          : (col[CC_PERIOD] < 0 && (col[CC_FROM] < 0 || col[CC_TO] < 0)) ? "期間"
                          : col[CC_AREA] < 0                                             ? "地域"
                                                                                         : NULL;
    if (missing)
        return bh_error(ctx, BH_E_FORMAT,
                        "%s: line 1: field '%s': missing column; a count table needs 地域, 罪種, "
                        "期間 (or 開始年月/終了年月) and 件数 (docs/crime-data.md)",
                        path, missing);
    bh_stmt *ins = NULL;
    bh_status rc = bh_stmt_prepare(
        db,
        "INSERT INTO crime_counts (file_id, line, area_name, key_code, oaza, koban, crime_type, "
        "from_ym, to_ym, count, state, reason, sample) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        &ins);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    long idx = 0, rows = 0;
    int file_sample = force_sample;
    while (rc == BH_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        long line = 2 + idx++;
        const char *v[CC_N];
        int blank = 1;
        for (int r = 0; r < CC_N; r++) {
            v[r] = col[r] >= 0 ? OGR_F_GetFieldAsString(f, col[r]) : "";
            if (v[r][0])
                blank = 0;
        }
        if (blank) {
            OGR_F_Destroy(f);
            continue;
        }
        ccrow r = {0};
        classify(db, city, m, v, col, &r);
        r.sample |= force_sample;
        file_sample |= r.sample;
        bh_stmt_reset(ins);
        bh_stmt_bind_int64(ins, 1, file_id);
        bh_stmt_bind_int64(ins, 2, line);
        bind_opt(ins, 3, r.area);
        bind_opt(ins, 4, r.key_code);
        bind_opt(ins, 5, r.oaza);
        bind_opt(ins, 6, r.koban);
        bind_opt(ins, 7, r.type);
        bind_int_opt(ins, 8, r.from != 0, r.from);
        bind_int_opt(ins, 9, r.to != 0, r.to);
        bind_int_opt(ins, 10, !r.reason, r.count);
        bh_stmt_bind_text(ins, 11, r.state);
        bind_opt(ins, 12, r.reason);
        bh_stmt_bind_int64(ins, 13, r.sample);
        if (bh_stmt_step(ins) == BH_STEP_ERROR)
            rc = bh_ctx_status(ctx);
        bh_crimes_report_row(rep, fidx, r.state, r.reason, 0);
        rows++;
        OGR_F_Destroy(f);
    }
    bh_stmt_finalize(ins);
    *rows_out = rows;
    *sample_out = file_sample;
    return rc;
}

/* Reads the file for its SHA-256: an XLSX file whole, a CSV through the reader (which recodes
 * it: *open_path is then its UTF-8 copy, *encoding the detected one). */
static bh_status counts_read(bh_ctx *ctx, const char *path, int xlsx,
                             const bh_crimes_import_opts *opts, bh_reader **rd, char sha[65],
                             const char **encoding, const char **open_path)
{
    if (xlsx) {
        GByte *buf = NULL;
        vsi_l_offset size = 0;
        bh_status rc = BH_OK;
        if (!VSIIngestFile(NULL, path, &buf, &size, (GIntBig)1 << 31))
            rc = bh_error(ctx, BH_E_IO, "%s: cannot read the file", path);
        else
            bh_sha256_hex(buf, (size_t)size, sha);
        VSIFree(buf);
        return rc;
    }
    bh_status rc = bh_reader_open(ctx, path, opts ? opts->encoding : NULL, rd);
    if (rc != BH_OK)
        return rc;
    snprintf(sha, 65, "%s", bh_reader_sha256(*rd));
    *encoding = bh_reader_encoding(*rd);
    *open_path = bh_reader_utf8_path(*rd);
    return *open_path ? BH_OK : bh_error(ctx, BH_E_NOMEM, "%s: out of memory while recoding", path);
}

/* The 町丁目 matcher; without town_blocks rows it matches nothing (told as a warning). */
static bh_status counts_matcher(bh_db *db, const bh_city *city, const char *path, bh_matcher **m)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_status rc = bh_matcher_create(ctx, bh_city_prefecture(city), bh_city_name(city), m);
    if (rc == BH_OK && bh_db_has_table(db, "town_blocks"))
        rc = bh_matcher_load_db(*m, db);
    if (rc == BH_E_NOT_FOUND) { /* an empty town_blocks: city/koban rows still import */
        bh_ctx_warn_error(ctx, "%s: rows are not matched to 町丁目", path);
        rc = BH_OK;
    }
    return rc;
}

/* Opens the count table (open_path: the file, or its UTF-8 copy) with OGR. */
static bh_status counts_open(bh_ctx *ctx, const char *path, const char *open_path, int xlsx,
                             GDALDatasetH *ds)
{
    static const char *const csv_drv[] = {"CSV", NULL}, *const xlsx_drv[] = {"XLSX", NULL};
    static const char *const csv_oo[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", NULL};
    static const char *const xlsx_oo[] = {"HEADERS=FORCE", "FIELD_TYPES=STRING", NULL};
    *ds = bh_gdal_open(ctx, open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, xlsx ? xlsx_drv : csv_drv,
                       xlsx ? xlsx_oo : csv_oo);
    if (!*ds || GDALDatasetGetLayerCount(*ds) < 1)
        return bh_error(ctx, BH_E_FORMAT, "%s: line 1: not a readable %s count table (%s)", path,
                        xlsx ? "XLSX" : "CSV", bh_ctx_gdal_error(ctx));
    return BH_OK;
}

bh_status bh_crimes_import_counts(bh_db *db, const bh_city *city, const char *path,
                                  const bh_crimes_import_opts *opts, bh_crimes_report **report)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (report)
        *report = NULL;
    bh_crimes_report *rep = bh_crimes_report_create("counts");
    if (!rep)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    int xlsx = ends_with(path, ".xlsx") || ends_with(path, ".XLSX");
    /* GDAL 3.6's XLSX driver reads these as configuration options (not open options), and only
     * when the sheet is first read: keep them set (for this thread) until the end. */
    char *old_h = CPLStrdup(CPLGetThreadLocalConfigOption("OGR_XLSX_HEADERS", ""));
    char *old_t = CPLStrdup(CPLGetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", ""));
    if (xlsx) {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
        CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    }
    bh_reader *rd = NULL;
    char sha[65] = "";
    const char *encoding = "UTF-8", *open_path = path;
    bh_status rc = counts_read(ctx, path, xlsx, opts, &rd, sha, &encoding, &open_path);
    bh_matcher *m = NULL;
    if (rc == BH_OK)
        rc = counts_matcher(db, city, path, &m);
    GDALDatasetH ds = NULL;
    if (rc == BH_OK)
        rc = counts_open(ctx, path, open_path, xlsx, &ds);
    int own = 0, began = 0;
    if (rc == BH_OK && bh_crimes_file_known(db, sha)) {
        bh_crimes_report_add_file(rep, path, sha, encoding, "already_imported");
    } else if (rc == BH_OK) {
        rc = bh_crimes_tx_begin(db, &own);
        began = rc == BH_OK;
        long long file_id = 0;
        if (rc == BH_OK)
            rc = bh_crimes_file_insert(db, path, sha, encoding, "counts", &file_id);
        int fidx = bh_crimes_report_add_file(rep, path, sha, encoding, "imported");
        long rows = 0;
        int sample = 0;
        if (rc == BH_OK)
            rc = read_layer(db, city, path, GDALDatasetGetLayer(ds, 0), file_id, fidx, m,
                            opts ? opts->sample : 0, rep, &rows, &sample);
        if (rc == BH_OK)
            rc = bh_crimes_file_finish(db, file_id, NULL, rows, sample, 0, NULL);
        bh_crimes_report_set_file_info(rep, fidx, 0, 0, sample, rd ? bh_reader_had_bom(rd) : 0);
    }
    if (began && own) {
        if (rc == BH_OK)
            rc = bh_db_commit(db);
        else
            bh_db_rollback(db);
    }
    if (ds)
        GDALClose(ds);
    if (xlsx) {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", old_h[0] ? old_h : NULL);
        CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", old_t[0] ? old_t : NULL);
    }
    CPLFree(old_h);
    CPLFree(old_t);
    bh_matcher_destroy(m);
    bh_reader_destroy(rd);
    if (report)
        *report = rep;
    else
        bh_crimes_report_destroy(rep);
    return rc;
}

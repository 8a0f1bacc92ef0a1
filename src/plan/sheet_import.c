/* bh_plan_import: department sheets (XLSX or CSV, UTF-8 or CP932) back into the database. */
#include <cpl_conv.h>
#include <cpl_string.h>
#include <ctype.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "core/alloc.h"
#include "core/utf8.h"
#include "db/gdal.h"
#include "db/stmt.h"
#include "plan/cycle.h"
#include "plan/plan.h"
#include "plan/sheet.h"
#include "plan/sheet_cols.h"

typedef struct imp {
    bh_db *db;
    const bh_plan_import_opts *o;
    bh_strbuf out; /* the diff and the problems */
    bh_status st;  /* first problem */
    char fy[8], plan_fy[8];
    const char *file; /* the file and row being read */
    int row;
    int created;    /* this import created the year's cycle */
    int structural; /* membership changed: recount the headings */
} imp;

/* Records a problem (the first one becomes the ctx error) and lists it in the output. */
static void problem(imp *im, bh_status code, const char *file, int row, const char *field,
                    const char *what)
{
    bh_strbuf_printf(&im->out, "! %s: row %d: field '%s': %s\n", file, row, field, what);
    if (im->st == BH_OK)
        im->st =
            bh_error(bh_db_ctx(im->db), code, "%s: row %d: field '%s': %s", file, row, field, what);
}

/* Cell text as UTF-8 (a CP932 CSV is recoded); caller frees. */
static char *cell(OGRFeatureH f, int i)
{
    const char *v = i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
    if (bh_utf8_valid(v))
        return bh_strdup(v);
    char *u = CPLRecode(v, "CP932", CPL_ENC_UTF8);
    char *c = bh_strdup(u);
    CPLFree(u);
    return c;
}

static int parse_uint(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s != '\0' && *end == '\0' && v > 0 && v < 100000 ? (int)v : 0;
}

/* The year the sheet is for, from its 事業報告（Rn） header; columns mapped into idx. */
static int sheet_columns(imp *im, OGRFeatureDefnH d, const char *file, int idx[SHEET_NCOLS])
{
    static const char prefix[] = "事業報告（";
    char fy[8] = "";
    for (int i = 0; i < OGR_FD_GetFieldCount(d); i++) {
        char *name = NULL;
        const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        if (!bh_utf8_valid(n))
            n = name = CPLRecode(n, "CP932", CPL_ENC_UTF8);
        const char *y = n + sizeof prefix - 1;
        size_t len = strncmp(n, prefix, sizeof prefix - 1) == 0 ? strcspn(y, "\xEF") : 0;
        if (len > 0 && len < sizeof fy && strcmp(y + len, "）") == 0)
            snprintf(fy, sizeof fy, "%.*s", (int)len, y);
        CPLFree(name);
    }
    if (bh_plan_fy_year(fy) == 0) {
        problem(im, BH_E_FORMAT, file, 1, "事業報告（FY）", "no such column: not a plan sheet");
        return 0;
    }
    if (im->fy[0] != '\0' && strcmp(im->fy, fy) != 0) {
        problem(im, BH_E_FORMAT, file, 1, "事業報告（FY）",
                "a sheet of another year than the first");
        return 0;
    }
    snprintf(im->fy, sizeof im->fy, "%s", fy);
    bh_plan_fy_name(bh_plan_fy_year(fy) + 1, im->plan_fy, sizeof im->plan_fy);
    char h[SHEET_NCOLS][48];
    bh_plan_sheet_headers(im->fy, im->plan_fy, h);
    int ok = 1;
    for (int c = 0; c < SHEET_NCOLS; c++) {
        idx[c] = -1;
        for (int i = 0; i < OGR_FD_GetFieldCount(d) && idx[c] < 0; i++) {
            const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
            char *u = bh_utf8_valid(n) ? NULL : CPLRecode(n, "CP932", CPL_ENC_UTF8);
            if (strcmp(u ? u : n, h[c]) == 0)
                idx[c] = i;
            CPLFree(u);
        }
        if (idx[c] < 0 && c != SHEET_PREV_PLAN && c != SHEET_METRICS && c != SHEET_RETIRE) {
            problem(im, BH_E_FORMAT, file, 1, h[c], "column missing");
            ok = 0;
        }
    }
    return ok;
}

/* The year's cycle, created from the latest earlier one (items not retired) when missing. */
static bh_status ensure_cycle(imp *im)
{
    bh_db *db = im->db;
    char sql[200];
    int year = bh_plan_fy_year(im->fy);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_years WHERE year = %d", year);
    if (bh_db_scalar_int(db, sql, 0) > 0)
        return BH_OK;
    snprintf(sql, sizeof sql, "SELECT max(year) FROM plan_years WHERE year < %d", year);
    long long base = bh_db_scalar_int(db, sql, 0);
    if (base == 0)
        return bh_error(bh_db_ctx(db), BH_E_NOT_FOUND,
                        "fiscal year %s: no earlier plan cycle to carry forward", im->fy);
    char bfy[8];
    bh_plan_fy_name((int)base, bfy, sizeof bfy);
    im->created = im->structural = 1;
    bh_strbuf_printf(&im->out, "新しい年度 %s（%s の事業から）\n", im->fy, bfy);
    return bh_db_execf(db,
                       "INSERT INTO plan_years(fiscal_year, year) VALUES ('%s', %d);"
                       "INSERT INTO plan_item_years(fiscal_year, item_no, number, category_id) "
                       "SELECT '%s', item_no, number, category_id FROM plan_item_years "
                       "WHERE fiscal_year = '%s' AND retired = 0;"
                       /* the links of the items carried forward, in their order */
                       "INSERT INTO plan_item_layers(item_no, layer_name, filter, note, "
                       "fiscal_year) SELECT l.item_no, l.layer_name, l.filter, l.note, '%s' "
                       "FROM plan_item_layers l JOIN plan_item_years y ON y.item_no = l.item_no "
                       "AND y.fiscal_year = l.fiscal_year WHERE l.fiscal_year = '%s' "
                       "AND y.retired = 0 ORDER BY l.rowid",
                       im->fy, year, im->fy, bfy, im->fy, bfy);
}

/* One statement with text/int/real parameters ("t" / "i" / "d" per char of types: a string, an
 * int, a double); returns the first column of the first row as a malloc'ed string in *out (may
 * be NULL). */
static bh_status q(imp *im, const char *sql, const char *types, const void *const *args, char **out)
{
    bh_stmt *s;
    bh_status st = bh_stmt_prepare(im->db, sql, &s);
    if (st != BH_OK)
        return st;
    for (int i = 0; types[i]; i++)
        if (types[i] == 'i')
            bh_stmt_bind_int64(s, i + 1, *(const int *)args[i]);
        else if (types[i] == 'd')
            bh_stmt_bind_double(s, i + 1, *(const double *)args[i]);
        else
            bh_stmt_bind_text(s, i + 1, (const char *)args[i]);
    int rc = bh_stmt_step(s);
    if (out != NULL) {
        const char *v = rc == BH_STEP_ROW ? bh_stmt_column_text(s, 0) : NULL;
        *out = v ? bh_strdup(v) : NULL;
    }
    if (rc == BH_STEP_ERROR)
        st = bh_ctx_status(bh_db_ctx(im->db));
    bh_stmt_finalize(s);
    return st;
}

/* 事業報告 / 事業計画 of item for fy: added, same, overwritten or refused. */
static void text_apply(imp *im, int item, const char *fy, const char *kind, const char *label,
                       const char *text, const char *file, int row)
{
    if (*text == '\0' || im->st != BH_OK)
        return;
    char *old = NULL;
    const void *a[] = {&item, fy, kind, text, file};
    bh_status st = q(im,
                     "SELECT text FROM plan_texts WHERE item_no = ? AND fiscal_year = ? AND "
                     "kind = ?",
                     "itt", a, &old);
    if (st == BH_OK && old != NULL && strcmp(old, text) == 0) {
        bh_free(old);
        return;
    }
    if (st == BH_OK && old != NULL && !im->o->overwrite) {
        bh_strbuf_printf(&im->out, "  ! %s: データベース「%s」／ファイル「%s」\n", label, old,
                         text);
        char what[160];
        snprintf(what, sizeof what, "item %d already has a different text (use --overwrite)", item);
        problem(im, BH_E_DUPLICATE, file, row, label, what);
    } else if (st == BH_OK) {
        if (old != NULL)
            bh_strbuf_printf(&im->out, "  ~ %s: 「%s」→「%s」\n", label, old, text);
        else
            bh_strbuf_printf(&im->out, "  + %s: %s\n", label, text);
        /* a replaced text gets a new updated_at, as a new one gets the column's default */
        char *sql = bh_asprintf("INSERT INTO plan_texts(item_no, fiscal_year, kind, text, source) "
                                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_no, fiscal_year, kind) "
                                "DO UPDATE SET text = excluded.text, source = excluded.source, "
                                "updated_at = %s",
                                bh_db_sql(im->db)->now_utc);
        st = sql != NULL ? q(im, sql, "itttt", a, NULL)
                         : bh_error(bh_db_ctx(im->db), BH_E_NOMEM, "out of memory");
        bh_free(sql);
    }
    if (st != BH_OK && im->st == BH_OK)
        im->st = st;
    bh_free(old);
}

/* "metric=value" lines of the 指標 cell: stated figures of item for the sheet's year. */
static void metrics_apply(imp *im, int item, char *cellv, const char *file, int row)
{
    char label[48];
    snprintf(label, sizeof label, "指標（%s）", im->fy);
    for (char *line = strtok(cellv, "\n;"); line && im->st == BH_OK; line = strtok(NULL, "\n;")) {
        char *eq = strchr(line, '=');
        if (eq == NULL) {
            if (strspn(line, " \r\t") != strlen(line))
                problem(im, BH_E_FORMAT, file, row, label, "not metric=value");
            continue;
        }
        *eq = '\0';
        char *v = eq + 1, *end;
        while (*v == ' ')
            v++;
        v[strcspn(v, " \r\t")] = '\0';
        line[strcspn(line, " \r\t")] = '\0';
        if (*v == '\0')
            continue;
        double x = strtod(v, &end);
        char *unit = NULL, *old = NULL;
        const void *a[] = {line, &item, im->fy, file, &x};
        if (*end != '\0' || !isfinite(x)) {
            problem(im, BH_E_FORMAT, file, row, label, "value is not a number");
            continue;
        }
        bh_status st =
            q(im, "SELECT unit FROM plan_metrics WHERE metric = ? LIMIT 1", "t", a, &unit);
        if (st == BH_OK && unit == NULL)
            problem(im, BH_E_FORMAT, file, row, label, "unknown metric");
        if (st == BH_OK && unit != NULL)
            st = q(im,
                   "SELECT value FROM plan_metrics WHERE metric = ?1 AND item_no = ?2 AND "
                   "fiscal_year = ?3",
                   "tit", a, &old);
        if (st == BH_OK && unit != NULL && old != NULL && strtod(old, NULL) != x &&
            !im->o->overwrite)
            problem(im, BH_E_DUPLICATE, file, row, label,
                    "the metric already has another value (use --overwrite)");
        else if (st == BH_OK && unit != NULL && (old == NULL || strtod(old, NULL) != x)) {
            bh_strbuf_printf(&im->out, "  %c %s %s: %s\n", old ? '~' : '+', label, line, v);
            st = q(im,
                   "DELETE FROM plan_metrics WHERE metric = ?1 AND item_no = ?2 AND "
                   "fiscal_year = ?3",
                   "tit", a, NULL);
            if (st == BH_OK)
                st = q(im,
                       "INSERT INTO plan_metrics(item_no, fiscal_year, metric, label, value, "
                       "unit, source_text) VALUES (?2, ?3, ?1, (SELECT label FROM plan_metrics "
                       "WHERE metric = ?1 LIMIT 1), ?5, (SELECT unit FROM "
                       "plan_metrics WHERE metric = ?1 LIMIT 1), ?4)",
                       "tittd", a, NULL);
        }
        if (st != BH_OK && im->st == BH_OK)
            im->st = st;
        bh_free(unit);
        bh_free(old);
    }
}

/* A new item (empty ID): plan_items, its department and its place in the year. */
static int item_create(imp *im, char **c, int cat, int no, const char *file, int row)
{
    if (*c[SHEET_CONTENT] == '\0' || *c[SHEET_DEPTS] == '\0') {
        problem(im, BH_E_FORMAT, file, row, "内容", "a new item needs 内容 and 担当課");
        return 0;
    }
    int id = (int)bh_db_scalar_int(im->db, "SELECT coalesce(max(no), 0) + 1 FROM plan_items", 0);
    char *key = bh_plan_department_key(c[SHEET_DEPTS]);
    const void *a[] = {&id, &cat, c[SHEET_PROJECT], c[SHEET_CONTENT], c[SHEET_DEPTS]};
    bh_status st = q(im,
                     "INSERT INTO plan_items(no, category_id, project, content, "
                     "departments_text) VALUES (?, ?, nullif(?, ''), ?, ?)",
                     "iittt", a, NULL);
    const void *d[] = {key ? key : "", &id, c[SHEET_DEPTS]};
    if (st == BH_OK)
        st = q(im, "INSERT INTO departments(name) VALUES (?) ON CONFLICT (name) DO NOTHING", "t", d,
               NULL);
    if (st == BH_OK)
        st = q(im,
               "INSERT INTO plan_item_departments(item_no, department_id, spelling) "
               "VALUES (?2, (SELECT id FROM departments WHERE name = ?1), ?3)",
               "tit", d, NULL);
    int neg = -no; /* final numbers are set in finish() */
    const void *y[] = {im->fy, &id, &neg, &cat};
    if (st == BH_OK)
        st = q(im,
               "INSERT INTO plan_item_years(fiscal_year, item_no, number, category_id) "
               "VALUES (?, ?, ?, ?)",
               "tiii", y, NULL);
    bh_free(key);
    if (st != BH_OK && im->st == BH_OK)
        im->st = st;
    im->structural = 1;
    bh_strbuf_printf(&im->out, "  + 新規事業 ID %d: %s\n", id, c[SHEET_CONTENT]);
    return st == BH_OK ? id : 0;
}

/* Renumbering, 区分 change, re-adding and retiring an existing item in the year. */
static void membership(imp *im, int id, int cat, int no, int retire)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT abs(number) || ',' || category_id || ',' || retired FROM plan_item_years "
             "WHERE fiscal_year = '%s' AND item_no = %d",
             im->fy, id);
    const void *a[] = {0};
    char *cur = NULL, want[64];
    bh_status st = q(im, sql, "", a, &cur);
    snprintf(want, sizeof want, "%d,%d,%d", no, cat, retire);
    snprintf(sql, sizeof sql,
             "SELECT item_no FROM plan_item_years WHERE fiscal_year = '%s' AND number = %d AND "
             "item_no <> %d",
             im->fy, -no, id);
    if (bh_db_scalar_int(im->db, sql, 0) > 0) {
        char what[80];
        snprintf(what, sizeof what, "No. %d is given to two items", no);
        problem(im, BH_E_DUPLICATE, im->file, im->row, "No.", what);
        bh_free(cur);
        return;
    }
    if (st == BH_OK && (cur == NULL || strcmp(cur, want) != 0)) {
        bh_strbuf_printf(&im->out, "  ~ No./区分/廃止: %s → %s\n", cur ? cur : "（なし）", want);
        im->structural = 1;
        st = bh_db_execf(im->db,
                         "INSERT INTO plan_item_years(fiscal_year, item_no, number, "
                         "category_id, retired) VALUES ('%s', %d, %d, %d, %d) ON CONFLICT "
                         "(fiscal_year, item_no) DO UPDATE SET number = excluded.number, "
                         "category_id = excluded.category_id, retired = excluded.retired",
                         im->fy, id, -no, cat, retire);
        if (st == BH_OK && cur == NULL) /* re-added: the links of the latest cycle that had it */
            st = bh_db_execf(im->db,
                             "INSERT INTO plan_item_layers(item_no, layer_name, filter, note, "
                             "fiscal_year) SELECT item_no, layer_name, filter, note, '%s' FROM "
                             "plan_item_layers WHERE item_no = %d AND fiscal_year = (SELECT "
                             "y.fiscal_year FROM plan_item_layers l JOIN plan_years y ON "
                             "y.fiscal_year = l.fiscal_year WHERE l.item_no = %d AND y.year < %d "
                             "ORDER BY y.year DESC LIMIT 1) ORDER BY rowid ON CONFLICT DO NOTHING",
                             im->fy, id, id, bh_plan_fy_year(im->fy));
    } else if (st == BH_OK)
        st =
            bh_db_execf(im->db,
                        "UPDATE plan_item_years SET number = -abs(number) WHERE fiscal_year = '%s' "
                        "AND item_no = %d",
                        im->fy, id);
    bh_free(cur);
    if (st != BH_OK && im->st == BH_OK)
        im->st = st;
}

static void row_apply(imp *im, char **c, const char *file, int row)
{
    int id = 0, cat = parse_uint(c[SHEET_CATEGORY]), no = parse_uint(c[SHEET_NO]);
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_categories WHERE id = %d", cat);
    if (cat == 0 || bh_db_scalar_int(im->db, sql, 0) == 0)
        return problem(im, BH_E_FORMAT, file, row, "区分", "no such category");
    if (no == 0)
        return problem(im, BH_E_FORMAT, file, row, "No.", "not an item number");
    if (*c[SHEET_ID] != '\0') {
        id = parse_uint(c[SHEET_ID]);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_items WHERE no = %d", id);
        if (id == 0 || bh_db_scalar_int(im->db, sql, 0) == 0)
            return problem(im, BH_E_FORMAT, file, row, "ID", "no such plan item");
    }
    bh_strbuf_printf(&im->out, "%s No.%d %s [%s row %d]\n", im->fy, no, c[SHEET_CONTENT], file,
                     row);
    im->file = file;
    im->row = row;
    if (id == 0) { /* a new item imported before (same 内容 and 担当課 in the year) is that item */
        const void *a[] = {im->fy, c[SHEET_CONTENT], c[SHEET_DEPTS]};
        char *known = NULL;
        if (q(im,
              "SELECT i.no FROM plan_items i JOIN plan_item_years y ON y.item_no = i.no "
              "AND y.fiscal_year = ? WHERE i.content = ? AND i.departments_text = ?",
              "ttt", a, &known) == BH_OK &&
            known != NULL)
            id = atoi(known);
        bh_free(known);
    }
    if (id == 0 && (id = item_create(im, c, cat, no, file, row)) == 0)
        return;
    int retire = *c[SHEET_RETIRE] != '\0';
    membership(im, id, cat, no, retire);
    if (retire && *c[SHEET_PLAN] != '\0')
        return problem(im, BH_E_FORMAT, file, row, "廃止", "a retired item has no 事業計画");
    char lr[48], lp[48];
    snprintf(lr, sizeof lr, "事業報告（%s）", im->fy);
    snprintf(lp, sizeof lp, "事業計画（%s）", im->plan_fy);
    text_apply(im, id, im->fy, "report", lr, c[SHEET_REPORT], file, row);
    text_apply(im, id, im->plan_fy, "plan", lp, c[SHEET_PLAN], file, row);
    metrics_apply(im, id, c[SHEET_METRICS], file, row);
}

static void read_sheet(imp *im, GDALDatasetH ds, const char *file, int csv);

static void read_file(imp *im, const char *path)
{
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t n = strlen(path);
    int csv = n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
    const char *const xlsx_drv[] = {"XLSX", NULL}, *const csv_drv[] = {"CSV", NULL};
    const char *const xlsx_opt[] = {NULL};
    const char *const csv_opt[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO",
                                   NULL};
    bh_ctx *ctx = bh_db_ctx(im->db);
    /* GDAL 3.6's XLSX driver takes these as configuration options only: set them for this
     * thread around the open and put the previous values back. */
    char *old_h = CPLStrdup(CPLGetThreadLocalConfigOption("OGR_XLSX_HEADERS", ""));
    char *old_t = CPLStrdup(CPLGetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", ""));
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    GDALDatasetH ds = bh_gdal_open(ctx, path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                   csv ? csv_drv : xlsx_drv, csv ? csv_opt : xlsx_opt);
    read_sheet(im, ds, file, csv);
    /* The driver reads the sheet lazily: restore only after the rows are read. */
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", *old_h ? old_h : NULL);
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", *old_t ? old_t : NULL);
    CPLFree(old_h);
    CPLFree(old_t);
    if (ds != NULL)
        GDALClose(ds);
}

static void read_sheet(imp *im, GDALDatasetH ds, const char *file, int csv)
{
    bh_ctx *ctx = bh_db_ctx(im->db);
    if (ds == NULL || GDALDatasetGetLayerCount(ds) < 1) {
        char what[400];
        snprintf(what, sizeof what, "not a readable %s file (%s)", csv ? "CSV" : "XLSX",
                 *bh_ctx_gdal_error(ctx) ? bh_ctx_gdal_error(ctx) : "no sheet");
        problem(im, BH_E_FORMAT, file, 1, "*", what);
        return;
    }
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    int idx[SHEET_NCOLS];
    if (sheet_columns(im, OGR_L_GetLayerDefn(lyr), file, idx) && ensure_cycle(im) == BH_OK) {
        OGRFeatureH f;
        OGR_L_ResetReading(lyr);
        while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
            char *c[SHEET_NCOLS];
            int blank = 1;
            for (int k = 0; k < SHEET_NCOLS; k++) {
                c[k] = cell(f, idx[k]);
                if (c[k] == NULL)
                    c[k] = bh_strdup("");
                blank &= c[k] == NULL || *c[k] == '\0';
            }
            if (!blank)
                /* The sheet row (XLSX FIDs are sheet rows) or the CSV file line. */
                row_apply(im, c, file, (int)OGR_F_GetFID(f) + (csv ? 1 : 0));
            for (int k = 0; k < SHEET_NCOLS; k++)
                bh_free(c[k]);
            OGR_F_Destroy(f);
        }
    } else if (im->st == BH_OK)
        im->st = bh_ctx_status(ctx);
}

/* Final numbers, and the headings' counts when items came, went or moved. */
static void finish(imp *im)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT abs(number) n FROM plan_item_years WHERE fiscal_year = '%s' GROUP BY n "
             "HAVING count(*) > 1 LIMIT 1",
             im->fy);
    long long dup = bh_db_scalar_int(im->db, sql, 0);
    if (dup > 0) {
        im->st = bh_error(bh_db_ctx(im->db), BH_E_DUPLICATE,
                          "fiscal year %s: field 'No.': No. %lld would be given to two items "
                          "(renumber the other one too)",
                          im->fy, dup);
        bh_strbuf_printf(&im->out, "! %s\n", bh_ctx_error(bh_db_ctx(im->db)));
        return;
    }
    bh_status st = bh_db_execf(im->db,
                               "UPDATE plan_item_years SET number = -number WHERE fiscal_year = "
                               "'%s' AND number < 0",
                               im->fy);
    if (st == BH_OK && im->structural)
        st = bh_db_execf(im->db,
                         "INSERT INTO plan_category_years(fiscal_year, category_id, "
                         "declared_count) SELECT '%s', c.id, (SELECT count(*) FROM "
                         "plan_item_years y WHERE y.fiscal_year = '%s' AND y.category_id = c.id) "
                         "FROM plan_categories c WHERE true ON CONFLICT (fiscal_year, "
                         "category_id) DO UPDATE SET declared_count = excluded.declared_count",
                         im->fy, im->fy);
    if (st != BH_OK && im->st == BH_OK)
        im->st = st;
}

bh_status bh_plan_import(bh_db *db, const char *const *paths, size_t n,
                         const bh_plan_import_opts *opts, char **diff)
{
    imp im = {.db = db, .o = opts};
    bh_strbuf_init(&im.out);
    im.st = bh_db_begin(db);
    /* Every file is read even after a problem, so that all rows not understood are listed. */
    for (size_t i = 0; bh_db_ctx(db) != NULL && i < n; i++)
        if (im.st == BH_OK || im.st == BH_E_FORMAT || im.st == BH_E_DUPLICATE)
            read_file(&im, paths[i]);
    if (im.st == BH_OK && im.fy[0] != '\0')
        finish(&im);
    if (im.out.failed && im.st == BH_OK)
        im.st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (im.st == BH_OK && !opts->dry_run)
        im.st = bh_db_commit(db);
    bh_db_rollback(db);
    *diff = bh_strbuf_take(&im.out);
    return im.st;
}

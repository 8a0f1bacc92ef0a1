/* Crime counts per area for a period: the table every crime map is drawn from.
 *
 * Rows counted: crimes with state 'chome' or 'oaza' (in-city rows; 'outside' and 'rejected' are
 * not counted) plus crime_counts rows in states chome, oaza, koban and city (count tables by
 * 町丁目, 大字, 交番 or for the whole city). A crimes row is in the period when its occurred_ym
 * lies in [from, to]; rows without a month are counted only when no --from/--to was given (the
 * whole data set). A crime_counts row is counted when its whole [from_ym, to_ym] lies in the period
 * (a count cannot be split); partly overlapping count rows are reported in the log. Where each row
 * lands: see summary_areas.c. 前年比: the same months one year earlier; prev_total is -1 for every
 * area when no crimes/crime_counts row at all covers that period. */
#include "crimes/summary_internal.h"
#include "core/alloc.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "crimes/aggregate.h"
#include "crimes/risk.h"

bh_status bh_summary_parse_by(bh_ctx *ctx, const char *text, bh_summary_opts *opts)
{
    static const struct {
        const char *name;
        bh_area_kind kind;
    } kinds[] = {{"chome", BH_AREA_CHOME},
                 {"oaza", BH_AREA_OAZA},
                 {"koban", BH_AREA_KOBAN},
                 {"school-district", BH_AREA_SCHOOL_DISTRICT}};
    if (text == NULL)
        return bh_error(ctx, BH_E_ARG, "--by: missing area type");
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(text, kinds[i].name) == 0) {
            opts->by = kinds[i].kind;
            return BH_OK;
        }
    if (strncmp(text, "grid:", 5) == 0) {
        char *end;
        /* Plain decimal metres only (strtod alone would take spaces and hex). */
        int plain = strspn(text + 5, "0123456789.") == strlen(text + 5);
        double m = strtod(text + 5, &end);
        if (plain && end != text + 5 && *end == '\0' && isfinite(m) && m >= 10 && m <= 100000) {
            opts->by = BH_AREA_GRID;
            opts->grid_m = m;
            return BH_OK;
        }
        return bh_error(ctx, BH_E_ARG, "--by '%s': grid cell size must be 10..100000 metres", text);
    }
    return bh_error(ctx, BH_E_ARG,
                    "--by '%s': unknown area type (chome, oaza, koban, school-district, grid:M)",
                    text);
}

/* The city profile stored in the database at init, else the default city's city.json.
 * Returns a new json reference (caller puts) or NULL. */
static json_object *summary_profile(bh_db *db)
{
    static const char *const keys[] = {"city_json", "city_profile", "city"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char *text = bh_db_meta_get(db, keys[i]);
        json_object *root = text ? json_tokener_parse(text) : NULL;
        bh_free(text);
        if (root && json_object_is_type(root, json_type_object))
            return root;
        json_object_put(root);
    }
    bh_city *city = NULL;
    bh_ctx *ctx = bh_db_ctx(db);
    if (bh_city_load(ctx, bh_city_default_dir(), &city) != BH_OK) {
        bh_ctx_warn_error(ctx, "summary: no city profile: default crime types and 危険度 rules");
        return NULL;
    }
    json_object *root = json_object_get(bh_city_json(city));
    bh_city_destroy(city);
    return root;
}

static int type_index(const bh_summary *s, const char *t)
{
    for (size_t i = 0; t && i < s->n_types; i++)
        if (strcmp(s->types[i], t) == 0)
            return (int)i;
    return -1;
}

static int add_type(bh_summary *s, const char *t)
{
    if (s->n_groups && bh_sum_group_of(s, t))
        t = bh_sum_group_of(s, t); /* a grouped 手口 is shown as its group */
    if (t == NULL || *t == '\0' || type_index(s, t) >= 0)
        return 0;
    char **v = bh_realloc(s->types, (s->n_types + 1) * sizeof *v);
    if (v == NULL)
        return -1;
    s->types = v;
    if ((v[s->n_types] = bh_strdup(t)) == NULL)
        return -1;
    s->n_types++;
    return 0;
}

/* A --types entry: the 手口 itself when named, even if it is a member of a group. */
static int add_requested(bh_summary *s, const char *t)
{
    if (type_index(s, t) >= 0)
        return 0;
    size_t n = s->n_groups;
    s->n_groups = 0;
    int rc = add_type(s, t);
    s->n_groups = n;
    return rc;
}

/* Distinct crime types in the data, in order of first appearance by name. */
static bh_status data_types(bh_summary *s, bh_summary *known)
{
    /* crime_types (the importer's vocabulary) gives the display order. */
    const char *agg = bh_crime_agg_source(s->db);
    char *sql = sqlite3_mprintf(
        bh_db_has_table(s->db, "crime_types")
            ? "SELECT t FROM (SELECT NULLIF(crime_type, '') t FROM %s UNION SELECT crime_type FROM "
              "crime_counts) u LEFT JOIN crime_types ct ON ct.name = t "
              "ORDER BY COALESCE(ct.sort_order, 1000000), t"
        : bh_db_has_table(s->db, "crime_counts")
            ? "SELECT NULLIF(crime_type, '') FROM %s UNION SELECT crime_type FROM crime_counts "
              "ORDER BY 1"
            : "SELECT DISTINCT NULLIF(crime_type, '') FROM %s ORDER BY 1",
        agg);
    if (sql == NULL)
        return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(s->db, sql, &st);
    sqlite3_free(sql);
    if (rc != BH_OK)
        return rc;
    while (bh_stmt_step(st) == BH_STEP_ROW)
        if (add_type(known, bh_stmt_column_text(st, 0)) != 0) {
            bh_stmt_finalize(st);
            return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
        }
    bh_stmt_finalize(st);
    return BH_OK;
}

/* Fixes s->types: the requested list, else the profile's crimes.types (all of them, so columns
 * stay stable between periods) followed by the other types in the data, in crime_types order. */
static bh_status choose_types(bh_summary *s, const char *requested, json_object *profile,
                              const bh_risk_config *risk)
{
    bh_ctx *ctx = bh_db_ctx(s->db);
    bh_summary known = {0};
    known.db = s->db;
    /* known keeps the 手口 themselves (no groups), so --types can name a member or a group */
    bh_status rc = data_types(s, &known);
    json_object *crimes, *types;
    int oom = 0;
    if (rc == BH_OK && profile && json_object_object_get_ex(profile, "crimes", &crimes) &&
        json_object_object_get_ex(crimes, "types", &types) &&
        json_object_is_type(types, json_type_array))
        for (size_t i = 0; i < json_object_array_length(types); i++) {
            json_object *e = json_object_array_get_idx(types, i), *name;
            const char *t = json_object_is_type(e, json_type_string) ? json_object_get_string(e)
                            : json_object_object_get_ex(e, "name", &name)
                                ? json_object_get_string(name)
                                : NULL;
            oom |= add_type(&known, t) != 0 || (requested == NULL && add_type(s, t) != 0);
        }
    for (size_t i = 0; i < risk->n_types; i++)
        oom |= add_type(&known, risk->types[i]) != 0;
    if (requested == NULL) {
        for (size_t i = 0; i < known.n_types; i++)
            oom |= add_type(s, known.types[i]) != 0;
    } else {
        char *list = bh_strdup(requested), *save = NULL;
        for (char *t = list ? strtok_r(list, ",", &save) : NULL; t && rc == BH_OK;
             t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ')
                t++;
            if (type_index(&known, t) < 0 && !bh_sum_is_group(s, t))
                rc = bh_error(ctx, BH_E_ARG, "--types: unknown crime type '%s'", t);
            else
                oom |= add_requested(s, t) != 0;
        }
        oom |= list == NULL;
        bh_free(list);
        if (rc == BH_OK && s->n_types == 0)
            rc = bh_error(ctx, BH_E_ARG, "--types: empty list");
    }
    for (size_t i = 0; i < known.n_types; i++)
        bh_free(known.types[i]);
    bh_free(known.types);
    if (rc == BH_OK && oom)
        rc = bh_error(ctx, BH_E_NOMEM, "out of memory");
    return rc;
}

static int valid_ym(int ym)
{
    return ym == 0 || (ym / 100 >= 1900 && ym / 100 <= 2999 && ym % 100 >= 1 && ym % 100 <= 12);
}

static int prev_ym(int ym)
{
    return ym ? ym - 100 : 0;
}

/* The first integer of a query over the crime months: fmt's first %s is the aggregate (as a table
 * of state, occurred_ym), the %d are the four ints. */
static long long months_scalar(bh_summary *s, const char *fmt, int a, int b, int c, int d)
{
    char *src = sqlite3_mprintf("(SELECT state, NULLIF(ym, 0) AS occurred_ym FROM %s) a",
                                bh_crime_agg_source(s->db));
    char *sql = src ? sqlite3_mprintf(fmt, src, a, b, c, d) : NULL;
    long long v = sql ? bh_db_scalar_int(s->db, sql, 0) : 0;
    sqlite3_free(sql);
    sqlite3_free(src);
    return v;
}

/* Resolves an open end of the period from the data. */
static void resolve_period(bh_summary *s, const bh_summary_opts *o)
{
    int counts = bh_db_has_table(s->db, "crime_counts");
    s->from_ym = o->from_ym;
    s->to_ym = o->to_ym;
    if (s->from_ym == 0)
        s->from_ym = (int)months_scalar(
            s,
            counts ? "SELECT MIN(m) FROM (SELECT occurred_ym m FROM %s WHERE state IN "
                     "('chome','oaza') UNION ALL SELECT from_ym FROM crime_counts WHERE state IN "
                     "('chome','oaza','koban','city')) u WHERE %d + %d + %d + %d = 0"
                   : "SELECT MIN(occurred_ym) FROM %s WHERE state IN ('chome','oaza') "
                     "AND %d + %d + %d + %d = 0",
            0, 0, 0, 0);
    if (s->to_ym == 0)
        s->to_ym = (int)months_scalar(
            s,
            counts ? "SELECT MAX(m) FROM (SELECT occurred_ym m FROM %s WHERE state IN "
                     "('chome','oaza') UNION ALL SELECT to_ym FROM crime_counts WHERE state IN "
                     "('chome','oaza','koban','city')) u WHERE %d + %d + %d + %d = 0"
                   : "SELECT MAX(occurred_ym) FROM %s WHERE state IN ('chome','oaza') "
                     "AND %d + %d + %d + %d = 0",
            0, 0, 0, 0);
    if (s->from_ym == 0 || s->to_ym == 0)
        return;
    /* Longer than a year: the year before would overlap the period, so there is no 前年比. */
    int months =
        (s->to_ym / 100 * 12 + s->to_ym % 100) - (s->from_ym / 100 * 12 + s->from_ym % 100);
    if (months >= 12)
        return;
    s->prev_available = (int)months_scalar(
        s,
        counts ? "SELECT EXISTS (SELECT 1 FROM %s WHERE occurred_ym BETWEEN %d AND %d) OR "
                 "EXISTS (SELECT 1 FROM crime_counts WHERE from_ym >= %d AND to_ym <= %d)"
               : "SELECT EXISTS (SELECT 1 FROM %s WHERE occurred_ym BETWEEN %d AND %d) "
                 "+ 0 * %d * %d",
        prev_ym(s->from_ym), prev_ym(s->to_ym), prev_ym(s->from_ym), prev_ym(s->to_ym));
}

/* 0 = outside both periods, 1 = the period, 2 = the year before. */
static int which_period(const bh_summary *s, int whole, int from, int to)
{
    if (from == 0 || to == 0)
        return whole ? 1 : 0;
    if (from >= s->from_ym && to <= s->to_ym)
        return 1;
    if (s->prev_available && from >= prev_ym(s->from_ym) && to <= prev_ym(s->to_ym))
        return 2;
    return 0;
}

/* Remembers a type whose count rows only partly overlap the period (shown as its column name). */
static int note_partial(bh_summary *s, const char *type)
{
    int t = type_index(s, type);
    if (t < 0 && s->n_groups)
        t = type_index(s, bh_sum_group_of(s, type));
    if (t < 0)
        return 0;
    const char *name = s->types[t];
    if (s->partial) {
        for (const char *p = s->partial; (p = strstr(p, name)) != NULL; p += strlen(name))
            if ((p == s->partial || strncmp(p - 3, "・", 3) == 0) &&
                (p[strlen(name)] == '\0' || strncmp(p + strlen(name), "・", 3) == 0))
                return 0;
    }
    char *v = s->partial ? bh_asprintf("%s・%s", s->partial, name) : bh_strdup(name);
    if (!v)
        return -1;
    bh_free(s->partial);
    s->partial = v;
    return 0;
}

static bh_status count_rows(bh_summary *s, const bh_risk_config *risk, int whole, int counts)
{
    const char *sql =
        counts ? "SELECT state, CASE state WHEN 'chome' THEN key_code WHEN 'oaza' THEN oaza "
                 "WHEN 'koban' THEN koban END, crime_type, from_ym, to_ym, "
                 "MAX(COALESCE(sample, 0)), SUM(count) FROM crime_counts WHERE state IN "
                 "('chome','oaza','koban','city') GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
               : "SELECT state, place, NULLIF(crime_type, ''), ym, ym, n_sample > 0, n "
                 "FROM %s WHERE state IN ('chome','oaza') ORDER BY 1, 2, crime_type, 4";
    /* crime rows: from the aggregate, in the order of a GROUP BY over the rows (its key's order:
     * PostgreSQL reads the primary key instead of sorting; '' first as NULL on SQLite) */
    char *text = sqlite3_mprintf(sql, bh_crime_agg_source(s->db));
    bh_stmt *st;
    bh_status rc = text ? bh_stmt_prepare(s->db, text, &st)
                        : bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
    sqlite3_free(text);
    if (rc != BH_OK)
        return rc;
    long partial = 0;
    int r;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        int from = (int)bh_stmt_column_int64(st, 3), to = (int)bh_stmt_column_int64(st, 4);
        int p = which_period(s, whole, from, to);
        const char *type = bh_stmt_column_text(st, 2);
        const char *state = bh_stmt_column_text(st, 0);
        long n = (long)bh_stmt_column_int64(st, 6);
        int t = type_index(s, type), is_risk = bh_risk_is_type(risk, type);
        if (t < 0 && s->n_groups)
            t = type_index(s, bh_sum_group_of(s, type));
        if (p == 0) {
            if (counts && from && to && from <= s->to_ym && to >= s->from_ym) {
                partial += n;
                if (note_partial(s, type) != 0)
                    rc = bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
            }
            continue;
        }
        if (t < 0 && !is_risk)
            continue;
        int idx;
        char kind = strcmp(state, "chome") == 0   ? 'c'
                    : strcmp(state, "oaza") == 0  ? 'o'
                    : strcmp(state, "koban") == 0 ? 'k'
                                                  : 'w';
        rc = bh_sum_locate(s, kind, bh_stmt_column_text(st, 1), &idx);
        if (rc != BH_OK)
            break;
        bh_sum_area *a = &s->areas[idx];
        if (p == 1 && is_risk)
            a->risk += n;
        if (t < 0)
            continue;
        if (p == 1) {
            a->counts[t] += n;
            a->total += n;
            s->sample |= bh_stmt_column_int64(st, 5) != 0;
        } else {
            a->prev += n;
        }
    }
    bh_stmt_finalize(st);
    if (rc == BH_OK && r != BH_STEP_DONE)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    if (partial > 0)
        bh_log(bh_db_ctx(s->db), BH_LOG_WARN,
               "crime_counts: %s: %ld counted crimes in yearly rows that only partly overlap "
               "%d–%d are not in the period (a count cannot be split by month); maps and pages "
               "say so in a note",
               s->partial ? s->partial : "-", partial, s->from_ym, s->to_ym);
    return rc;
}

static bh_status compute_risk(bh_summary *s, const bh_risk_config *risk, const double *fixed)
{
    long *cnt = bh_malloc((s->n ? s->n : 1) * sizeof *cnt);
    double *pop = bh_malloc((s->n ? s->n : 1) * sizeof *pop);
    int *lev = bh_malloc((s->n ? s->n : 1) * sizeof *lev);
    bh_status rc = BH_OK;
    if (cnt == NULL || pop == NULL || lev == NULL)
        rc = bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
    double city_count = 0, city_pop = 0;
    for (size_t i = 0; rc == BH_OK && i < s->n; i++) {
        cnt[i] = s->areas[i].risk;
        pop[i] = s->areas[i].pop;
        city_count += (double)cnt[i];
        city_pop += pop[i];
    }
    if (rc == BH_OK)
        rc = bh_risk_levels(bh_db_ctx(s->db), risk, cnt, pop, s->n, city_count, city_pop, fixed,
                            lev, s->breaks, NULL);
    /* no risk-type crime in the whole period: no 危険度 at all (データなし), not level 1 */
    for (size_t i = 0; rc == BH_OK && i < s->n; i++)
        s->areas[i].level = city_count > 0 ? lev[i] : 0;
    s->method = bh_risk_method_name(fixed ? BH_RISK_FIXED : risk->method);
    s->has_breaks = 1;
    bh_free(cnt);
    bh_free(pop);
    bh_free(lev);
    return rc;
}

/* bh_summary_compute in its snapshot. */
static bh_status summary_run(bh_db *db, const bh_summary_opts *opts, bh_summary **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (!bh_db_has_table(db, "crimes"))
        return bh_error(ctx, BH_E_NOT_FOUND, "%s: no crimes table (run 'bohan crimes import')",
                        bh_db_path(db));
    bh_summary *s = bh_calloc(1, sizeof *s);
    if (s == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    s->db = db;
    s->by = opts->by;
    s->grid_m = opts->grid_m;
    s->no_geom = opts->no_geometry;
    s->srid = bh_db_srid(db);
    json_object *profile = summary_profile(db);
    bh_risk_config risk;
    bh_status rc = bh_risk_config_from_json(ctx, profile, &risk);
    if (rc == BH_OK)
        rc = bh_sum_groups_load(s, profile);
    if (rc == BH_OK)
        rc = choose_types(s, opts->types, profile, &risk);
    json_object_put(profile);
    if (rc == BH_OK)
        rc = bh_sum_load_areas(s);
    if (rc == BH_OK) {
        resolve_period(s, opts);
        int whole = opts->from_ym == 0 && opts->to_ym == 0;
        rc = count_rows(s, &risk, whole, 0);
        if (rc == BH_OK && bh_db_has_table(db, "crime_counts"))
            rc = count_rows(s, &risk, whole, 1);
    }
    if (rc == BH_OK)
        rc = compute_risk(s, &risk, opts->risk_breaks);
    if (rc != BH_OK) {
        bh_summary_destroy(s);
        return rc;
    }
    s->db = NULL;
    *out = s;
    return BH_OK;
}

bh_status bh_summary_compute(bh_db *db, const bh_summary_opts *opts, bh_summary **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    *out = NULL;
    if (!valid_ym(opts->from_ym) || !valid_ym(opts->to_ym))
        return bh_error(ctx, BH_E_ARG, "--from/--to: expected YYYY-MM");
    if (opts->from_ym && opts->to_ym && opts->from_ym > opts->to_ym)
        return bh_error(ctx, BH_E_ARG, "--from %d is after --to %d", opts->from_ym, opts->to_ym);
    if (opts->by == BH_AREA_GRID && !(opts->grid_m >= 10))
        return bh_error(ctx, BH_E_ARG, "--by grid: cell size must be at least 10 metres");
    /* One snapshot for every statement (PostgreSQL, with imports committing meanwhile) where
     * nothing could be written anyway (a read-write connection may build a temporary table) */
    int reading = 0;
    bh_status rc = bh_db_readonly(db) ? bh_db_read_begin(db, &reading) : BH_OK;
    if (rc == BH_OK)
        rc = summary_run(db, opts, out);
    bh_db_read_end(db, reading);
    return rc;
}

void bh_summary_destroy(bh_summary *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++) {
        bh_free(s->areas[i].id);
        bh_free(s->areas[i].name);
        bh_free(s->areas[i].wkb);
        bh_free(s->areas[i].counts);
    }
    bh_free(s->areas);
    bh_sum_groups_free(s);
    bh_free(s->partial);
    for (size_t i = 0; i < s->n_types; i++)
        bh_free(s->types[i]);
    bh_free(s->types);
    bh_hash_map_free(&s->ids, NULL);
    bh_hash_map_free(&s->locs, NULL);
    bh_free(s);
}

size_t bh_summary_n_types(const bh_summary *s)
{
    return s->n_types;
}

const char *bh_summary_type_name(const bh_summary *s, size_t t)
{
    return t < s->n_types ? s->types[t] : NULL;
}

size_t bh_summary_n_areas(const bh_summary *s)
{
    return s->n;
}

const char *bh_summary_area_id(const bh_summary *s, size_t i)
{
    return s->areas[i].id;
}

const char *bh_summary_area_name(const bh_summary *s, size_t i)
{
    return s->areas[i].name;
}

double bh_summary_population(const bh_summary *s, size_t i)
{
    return s->areas[i].pop;
}

long bh_summary_count(const bh_summary *s, size_t i, size_t t)
{
    return t < s->n_types ? s->areas[i].counts[t] : 0;
}

long bh_summary_total(const bh_summary *s, size_t i)
{
    return s->areas[i].total;
}

double bh_summary_per_1000(const bh_summary *s, size_t i)
{
    double p = s->areas[i].pop;
    return p > 0 ? 1000.0 * (double)s->areas[i].total / p : NAN;
}

int bh_summary_risk_level(const bh_summary *s, size_t i)
{
    return s->areas[i].level;
}

long bh_summary_prev_total(const bh_summary *s, size_t i)
{
    return s->prev_available ? s->areas[i].prev : -1;
}

const unsigned char *bh_summary_area_wkb(const bh_summary *s, size_t i, size_t *len)
{
    if (len)
        *len = s->areas[i].wkb_len;
    return s->areas[i].wkb;
}

const double *bh_summary_risk_breaks(const bh_summary *s)
{
    return s->has_breaks ? s->breaks : NULL;
}

const char *bh_summary_risk_method(const bh_summary *s)
{
    return s->method ? s->method : "";
}

int bh_summary_from_ym(const bh_summary *s)
{
    return s->from_ym;
}

int bh_summary_to_ym(const bh_summary *s)
{
    return s->to_ym;
}

int bh_summary_is_sample(const bh_summary *s)
{
    return s->sample;
}

bh_status bh_summary_latest_year(bh_db *db, int *from_ym, int *to_ym)
{
    *from_ym = *to_ym = 0;
    if (!bh_db_has_table(db, "crimes"))
        return BH_OK;
    /* The newest month with located rows (crime rows or count tables) decides the year. */
    int last = (int)bh_db_scalar_int(
        db,
        bh_db_has_table(db, "crime_agg")
            ? "SELECT MAX(m) FROM (SELECT NULLIF(ym, 0) m FROM crime_agg WHERE state IN "
              "('chome','oaza') UNION ALL SELECT to_ym FROM crime_counts WHERE state IN "
              "('chome','oaza','koban','city')) u"
            : "SELECT MAX(m) FROM (SELECT occurred_ym m FROM crimes WHERE state IN "
              "('chome','oaza') UNION ALL SELECT to_ym FROM crime_counts WHERE state IN "
              "('chome','oaza','koban','city')) u",
        0);
    if (last <= 0)
        return BH_OK;
    *from_ym = last / 100 * 100 + 1;
    *to_ym = last / 100 * 100 + 12;
    return BH_OK;
}

const char *bh_summary_partial_types(const bh_summary *s)
{
    return s->partial;
}

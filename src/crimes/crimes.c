/* Crime data entry points that are not one importer: the profile's file list (bohan init), the
 * rejects listing, the city of a database. */
#include "crimes/crimes.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "core/i18n.h"
#include "core/strbuf.h"
#include "db/city.h"

bh_status bh_crimes_city_for_db(bh_db *db, bh_city **out)
{
    return bh_db_city(db, out);
}

/* Appends the string items of profile array `key` of section as resolved paths. */
static bh_status profile_paths(bh_ctx *ctx, const bh_city *city, json_object *section,
                               const char *key, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    json_object *arr;
    if (!json_object_object_get_ex(section, key, &arr) || json_object_is_type(arr, json_type_null))
        return BH_OK;
    if (!json_object_is_type(arr, json_type_array))
        return bh_error(ctx, BH_E_FORMAT, "city.json: field 'crimes.%s': expected an array", key);
    size_t len = json_object_array_length(arr);
    char **paths = bh_calloc(len + 1, sizeof *paths);
    if (!paths)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        json_object *it = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(it, json_type_string)) {
            for (size_t k = 0; k < i; k++)
                bh_free(paths[k]);
            bh_free(paths);
            return bh_error(ctx, BH_E_FORMAT,
                            "city.json: field 'crimes.%s[%zu]': expected a file name", key, i);
        }
        paths[i] = bh_city_path(city, json_object_get_string(it));
    }
    *out = paths;
    *n = len;
    return BH_OK;
}

static void free_paths(char **p, size_t n)
{
    for (size_t i = 0; p && i < n; i++)
        bh_free(p[i]);
    bh_free(p);
}

bh_status bh_crimes_load_profile(bh_db *db, const bh_city *city)
{
    bh_ctx *ctx = bh_db_ctx(db);
    json_object *root = bh_city_json(city), *sec;
    if (!root || !json_object_object_get_ex(root, "crimes", &sec) ||
        json_object_is_type(sec, json_type_null))
        return BH_OK;
    if (!json_object_is_type(sec, json_type_object))
        return bh_error(ctx, BH_E_FORMAT, "city.json: field 'crimes': expected an object");
    bh_crimes_import_opts opts = {0};
    json_object *v;
    if (json_object_object_get_ex(sec, "encoding", &v) && json_object_is_type(v, json_type_string))
        opts.encoding = json_object_get_string(v);
    if (json_object_object_get_ex(sec, "sample", &v))
        opts.sample = json_object_get_boolean(v);
    char **open_data = NULL, **counts = NULL;
    size_t n_open = 0, n_counts = 0;
    bh_status st = profile_paths(ctx, city, sec, "open_data", &open_data, &n_open);
    if (st == BH_OK)
        st = profile_paths(ctx, city, sec, "counts", &counts, &n_counts);
    bh_crimes_report *rep = NULL;
    if (st == BH_OK && n_open > 0) {
        st = bh_crimes_import(db, city, (const char *const *)open_data, n_open, &opts, &rep);
        if (st == BH_OK)
            bh_log(ctx, BH_LOG_INFO,
                   "crimes: %zu files, %ld rows (%ld 町丁目, %ld 大字, %ld "
                   "outside, %ld rejected)",
                   n_open, bh_crimes_report_rows_read(rep), bh_crimes_report_state(rep, "chome"),
                   bh_crimes_report_state(rep, "oaza"), bh_crimes_report_state(rep, "outside"),
                   bh_crimes_report_state(rep, "rejected"));
        bh_crimes_report_destroy(rep);
    }
    for (size_t i = 0; st == BH_OK && i < n_counts; i++) {
        st = bh_crimes_import_counts(db, city, counts[i], &opts, &rep);
        if (st == BH_OK)
            bh_log(ctx, BH_LOG_INFO, "crime counts: %s: %ld rows", counts[i],
                   bh_crimes_report_rows_read(rep));
        bh_crimes_report_destroy(rep);
        rep = NULL;
    }
    free_paths(open_data, n_open);
    free_paths(counts, n_counts);
    return st;
}

static const char rejects_sql[] =
    "SELECT f.path, c.line, c.reason, c.crime_type, c.chome_raw FROM crimes c "
    "JOIN crime_files f ON f.id = c.file_id WHERE c.state = 'rejected' "
    "UNION ALL "
    "SELECT f.path, c.line, c.reason, c.crime_type, c.area_name FROM crime_counts c "
    "JOIN crime_files f ON f.id = c.file_id WHERE c.state = 'rejected' "
    "ORDER BY 1, 2";

bh_status bh_crimes_rejects(bh_db *db, int format, char **out)
{
    *out = NULL;
    bh_stmt *st = NULL;
    bh_status rc = bh_stmt_prepare(db, rejects_sql, &st);
    if (rc != BH_OK)
        return rc;
    static const char *const cols[] = {"file", "line", "reason", "crime_type", "area"};
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    /* Text and CSV are for people: headers and the reason's meaning in the program's language
     * (the reason column keeps the stable identifier); JSON keys stay as they are. */
    if (format == BH_CRIMES_CSV) {
        bh_strbuf_append(&sb, bh_tr("file,line,reason,crime_type,area,reason_text"));
        bh_strbuf_append(&sb, "\r\n");
    } else if (format == BH_CRIMES_JSON)
        bh_strbuf_append(&sb, "[");
    long n = 0;
    int s;
    while ((s = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *v[5]; /* v[1], the line, is the one number: its text stays valid */
        for (int i = 0; i < 5; i++) {
            v[i] = bh_stmt_column_text(st, i);
            if (!v[i])
                v[i] = "";
        }
        if (format == BH_CRIMES_CSV) {
            for (int i = 0; i < 5; i++) {
                if (i)
                    bh_strbuf_append(&sb, ",");
                bh_strbuf_csv(&sb, v[i]);
            }
            bh_strbuf_append(&sb, ",");
            bh_strbuf_csv(&sb, bh_crimes_reason_text(v[2]));
            bh_strbuf_append(&sb, "\r\n");
        } else if (format == BH_CRIMES_JSON) {
            bh_strbuf_append(&sb, n ? ",\n  {" : "\n  {");
            for (int i = 0; i < 5; i++) {
                bh_strbuf_printf(&sb, "%s\"%s\": ", i ? ", " : "", cols[i]);
                if (i == 1)
                    bh_strbuf_append(&sb, v[i]);
                else
                    bh_strbuf_json(&sb, v[i]);
            }
            bh_strbuf_append(&sb, "}");
        } else {
            bh_strbuf_printf(&sb, bh_tr("%s:%s: %s (%s) %s: %s\n"), v[0], v[1], v[2], v[3], v[4],
                             bh_crimes_reason_text(v[2]));
        }
        n++;
    }
    if (s != BH_STEP_DONE)
        rc = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(st);
    if (format == BH_CRIMES_JSON)
        bh_strbuf_append(&sb, n ? "\n]\n" : "]\n");
    else if (format == BH_CRIMES_TEXT && n == 0)
        bh_strbuf_append(&sb, bh_tr("no rejected rows\n"));
    if (rc == BH_OK) {
        *out = bh_strbuf_take(&sb);
        if (!*out)
            rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    }
    bh_strbuf_free(&sb);
    return rc;
}

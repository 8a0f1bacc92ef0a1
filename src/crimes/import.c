/* Police open-data import: one file per 手口, every row stored with its state (see crimes.h). */
#include "crimes/crimes.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "core/strbuf.h"
#include "crimes/feed.h"
#include "crimes/internal.h"
#include "crimes/matcher.h"
#include "crimes/reader.h"
#include "crimes/row.h"

#define MAX_TYPES 32

typedef struct importer {
    bh_db *db;
    bh_ctx *ctx;
    bh_matcher *matcher;
    bh_crime_city city;
    char *types[MAX_TYPES + 1];
    sqlite3_stmt *ins;
    bh_crimes_report *report;
    int force_sample;
    const char *encoding;
} importer;

bh_status bh_crimes_tx_begin(bh_db *db, int *own)
{
    *own = sqlite3_get_autocommit(bh_db_sqlite(db)) != 0;
    return *own ? bh_db_begin(db) : BH_OK;
}

int bh_crimes_file_known(bh_db *db, const char *sha256)
{
    sqlite3_stmt *st = NULL;
    int known = 0;
    if (sqlite3_prepare_v2(bh_db_sqlite(db), "SELECT 1 FROM crime_files WHERE sha256 = ?", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
        known = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return known;
}

bh_status bh_crimes_file_insert(bh_db *db, const char *path, const char *sha256,
                                const char *encoding, const char *kind, long long *id)
{
    sqlite3_stmt *st = NULL;
    bh_status rc =
        bh_db_prepare(db,
                      "INSERT INTO crime_files (path, sha256, encoding, imported_at, kind)"
                      " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)",
                      &st);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, encoding, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = bh_db_fail(db, "crime_files");
    else
        *id = sqlite3_last_insert_rowid(bh_db_sqlite(db));
    sqlite3_finalize(st);
    return rc;
}

bh_status bh_crimes_file_finish(bh_db *db, long long id, long rows, int sample, int duplicated,
                                const char *crime_type)
{
    sqlite3_stmt *st = NULL;
    bh_status rc = bh_db_prepare(db,
                                 "UPDATE crime_files SET rows_read = ?, sample = ?, "
                                 "duplicated_columns = ?, crime_type = ? WHERE id = ?",
                                 &st);
    if (rc != BH_OK)
        return rc;
    sqlite3_bind_int64(st, 1, rows);
    sqlite3_bind_int(st, 2, sample);
    sqlite3_bind_int(st, 3, duplicated);
    if (crime_type)
        sqlite3_bind_text(st, 4, crime_type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = bh_db_fail(db, "crime_files");
    sqlite3_finalize(st);
    return rc;
}

static const char *const state_of_match[] = {"rejected", "chome", "oaza"};

/* Every bound string outlives the sqlite3_step of its row, hence SQLITE_STATIC. */
static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && s[0])
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static bh_status insert_row(importer *im, long long file_id, long line, const bh_crime_row *r,
                            const bh_match *mt, const char *state, const char *reason,
                            const char *norm, const char *extra, int sample)
{
    sqlite3_stmt *st = im->ins;
    sqlite3_reset(st); /* every parameter is bound below, so no sqlite3_clear_bindings */
    sqlite3_bind_int64(st, 1, file_id);
    sqlite3_bind_int64(st, 2, line);
    bind_text_or_null(st, 3, r->fields[BH_COL_TYPE]);
    bind_text_or_null(st, 4, r->fields[BH_COL_OFFENCE]);
    bind_text_or_null(st, 5, r->fields[BH_COL_POLICE]);
    bind_text_or_null(st, 6, r->fields[BH_COL_KOBAN]);
    bind_text_or_null(st, 7, r->city_code[0] ? r->city_code : r->fields[BH_COL_CITY_CODE]);
    bind_text_or_null(st, 8, r->fields[BH_COL_PREFECTURE]);
    bind_text_or_null(st, 9, r->fields[BH_COL_CITY_NAME]);
    bind_text_or_null(st, 10, r->fields[BH_COL_CHOME]);
    bind_text_or_null(st, 11, norm);
    bind_text_or_null(st, 12, mt ? mt->key_code : NULL);
    bind_text_or_null(st, 13, mt ? mt->oaza : NULL);
    bind_text_or_null(st, 14, r->date);
    if (r->ym)
        sqlite3_bind_int(st, 15, r->ym);
    else
        sqlite3_bind_null(st, 15);
    if (r->hour >= 0)
        sqlite3_bind_int(st, 16, r->hour);
    else
        sqlite3_bind_null(st, 16);
    bind_text_or_null(st, 17, r->fields[BH_COL_PLACE]);
    sqlite3_bind_text(st, 18, extra, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 19, state, -1, SQLITE_STATIC);
    bind_text_or_null(st, 20, reason);
    sqlite3_bind_int(st, 21, sample);
    if (sqlite3_step(st) != SQLITE_DONE)
        return bh_db_fail(im->db, "crimes");
    return BH_OK;
}

static bh_status import_file(importer *im, const char *path)
{
    bh_reader *rd = NULL;
    bh_status rc = bh_reader_open(im->ctx, path, im->encoding, &rd);
    if (rc != BH_OK)
        return rc;
    const char *sha = bh_reader_sha256(rd);
    if (bh_crimes_file_known(im->db, sha)) {
        bh_crimes_report_add_file(im->report, path, sha, bh_reader_encoding(rd),
                                  "already_imported");
        bh_reader_destroy(rd);
        return BH_OK;
    }
    char **fields;
    int n;
    long line;
    bh_crime_layout *lay = NULL;
    if (!bh_reader_next(rd, &fields, &n, &line)) {
        rc = bh_error(im->ctx, BH_E_EMPTY, "%s: line 1: no header: empty file", path);
    } else {
        rc = bh_crime_layout_parse(im->ctx, path, line, fields, n, &lay);
        if (rc != BH_OK && strcmp(bh_reader_encoding(rd), "CP932") == 0 &&
            bh_reader_looks_utf8(rd)) {
            bh_ctx_clear_error(im->ctx);
            rc = bh_error(im->ctx, BH_E_ENCODING,
                          "%s: line %ld: header unreadable as CP932; the file looks like UTF-8 "
                          "(try --encoding UTF-8)",
                          path, line);
        }
    }
    long long file_id = 0;
    if (rc == BH_OK)
        rc =
            bh_crimes_file_insert(im->db, path, sha, bh_reader_encoding(rd), "open_data", &file_id);
    int fidx = rc == BH_OK ? bh_crimes_report_add_file(im->report, path, sha,
                                                       bh_reader_encoding(rd), "imported")
                           : -1;
    int file_sample = im->force_sample;
    char *file_type = NULL;
    long rows = 0;
    bh_crime_feed *feed = NULL;
    if (rc == BH_OK)
        rc = bh_crime_feed_start(im->ctx, rd, lay, im->matcher, &im->city,
                                 (const char *const *)im->types, im->force_sample, &feed);
    const bh_feed_row *fr = NULL;
    int got = 0;
    while (rc == BH_OK && (got = bh_crime_feed_next(feed, &fr)) == 1) {
        const bh_crime_row *r = &fr->r;
        file_sample |= fr->sample;
        const char *state = "rejected", *reason = r->reason;
        if (r->where == BH_ROW_OUTSIDE) {
            state = "outside";
        } else if (r->where == BH_ROW_INSIDE) {
            state = state_of_match[fr->mt.state];
            if (fr->mt.state == BH_MATCH_NONE)
                reason = "unknown_chome";
        }
        if (!file_type && r->where != BH_ROW_REJECTED)
            file_type = bh_strdup(r->fields[BH_COL_TYPE]);
        int rejected = strcmp(state, "rejected") == 0;
        rc = insert_row(im, file_id, fr->line, r, fr->mt.state ? &fr->mt : NULL, state,
                        rejected ? reason : NULL, fr->norm, fr->extra, fr->sample);
        bh_crimes_report_row(im->report, fidx, state, rejected ? reason : NULL,
                             fr->mt.candidates > 1);
        rows++;
    }
    if (rc == BH_OK && got < 0)
        rc = bh_error(im->ctx, BH_E_NOMEM, "%s: out of memory while reading rows", path);
    bh_crime_feed_destroy(feed);
    if (rc == BH_OK)
        rc = bh_crimes_file_finish(im->db, file_id, rows, file_sample,
                                   bh_crime_layout_duplicated(lay), file_type);
    if (fidx >= 0)
        bh_crimes_report_set_file_info(im->report, fidx, bh_reader_blank_lines(rd),
                                       lay ? bh_crime_layout_duplicated(lay) : 0, file_sample,
                                       bh_reader_had_bom(rd));
    free(file_type);
    bh_crime_layout_destroy(lay);
    bh_reader_destroy(rd);
    return rc;
}

static bh_status load_types(importer *im)
{
    sqlite3_stmt *st = NULL;
    bh_status rc = bh_db_prepare(
        im->db, "SELECT name FROM crime_types WHERE source = 'open_data' ORDER BY sort_order", &st);
    if (rc != BH_OK)
        return rc;
    int k = 0;
    while (k < MAX_TYPES && sqlite3_step(st) == SQLITE_ROW)
        im->types[k++] = bh_strdup((const char *)sqlite3_column_text(st, 0));
    im->types[k] = NULL;
    sqlite3_finalize(st);
    return BH_OK;
}

#define BULK_BYTES (2L * 1024 * 1024)

static long files_size(const char *const *paths, size_t n)
{
    long total = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) == 0)
            total += (long)sb.st_size;
    }
    return total;
}

/* Drops the secondary indexes of crimes, handing back their CREATE statements (caller frees). */
static bh_status drop_indexes(bh_db *db, char ***out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    bh_status rc = bh_db_prepare(db,
                                 "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                 "tbl_name = 'crimes' AND sql IS NOT NULL",
                                 &st);
    if (rc != BH_OK)
        return rc;
    char **sqls = calloc(16, sizeof *sqls);
    char *names[16];
    size_t k = 0;
    while (sqls && k < 16 && sqlite3_step(st) == SQLITE_ROW) {
        names[k] = bh_strdup((const char *)sqlite3_column_text(st, 0));
        sqls[k] = bh_strdup((const char *)sqlite3_column_text(st, 1));
        k++;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < k; i++) {
        if (rc == BH_OK)
            rc = bh_db_execf(db, "DROP INDEX \"%s\"", names[i]);
        free(names[i]);
    }
    *out = sqls;
    *n = sqls ? k : 0;
    return sqls ? rc : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

static const char insert_sql[] =
    "INSERT INTO crimes (file_id, line, crime_type, offence, police_station, koban, city_code, "
    "prefecture, city_name, chome_raw, chome_norm, key_code, oaza, occurred_on, occurred_ym, hour,"
    " place_type, extra, state, reason, sample) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

bh_status bh_crimes_import(bh_db *db, const bh_city *city, const char *const *paths, size_t n_paths,
                           const bh_crimes_import_opts *opts, bh_crimes_report **report)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (report)
        *report = NULL;
    importer im = {0};
    im.db = db;
    im.ctx = ctx;
    im.city.code5 = bh_city_code(city);
    im.city.prefecture = bh_city_prefecture(city);
    im.city.name = bh_city_name(city);
    im.force_sample = opts ? opts->sample : 0;
    im.encoding = opts ? opts->encoding : NULL;
    im.report = bh_crimes_report_create("crimes");
    if (!im.report)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (!im.city.code5 || strlen(im.city.code5) != 5) {
        bh_crimes_report_destroy(im.report);
        return bh_error(ctx, BH_E_FORMAT, "city.json: field 'code': expected 5 digits");
    }
    int own = 0;
    bh_status rc = bh_matcher_create(ctx, im.city.prefecture, im.city.name, &im.matcher);
    if (rc == BH_OK)
        rc = bh_matcher_load_db(im.matcher, db);
    if (rc == BH_OK)
        rc = load_types(&im);
    /* a larger page cache for the bulk insert (restored below): fewer spills to disk */
    long long old_cache = bh_db_scalar_int(db, "PRAGMA cache_size", -2000);
    if (rc == BH_OK)
        rc = bh_db_exec(db, "PRAGMA cache_size = -65536");
    /* The CHECK on crimes.state is an IN list that SQLite evaluates through a temporary b-tree
     * built for every row; the importer only ever writes one of the four allowed constants
     * (state_of_match / "outside" / "rejected"), so the check is skipped while it runs. */
    long long old_ignore = bh_db_scalar_int(db, "PRAGMA ignore_check_constraints", 0);
    if (rc == BH_OK)
        rc = bh_db_exec(db, "PRAGMA ignore_check_constraints = ON");
    if (rc == BH_OK)
        rc = bh_crimes_tx_begin(db, &own);
    int began = rc == BH_OK;
    /* Bulk loads: the secondary indexes of crimes are dropped and rebuilt in the same
     * transaction (building them once is cheaper than maintaining them row by row). */
    char **indexes = NULL;
    size_t n_indexes = 0;
    if (rc == BH_OK && files_size(paths, n_paths) >= BULK_BYTES)
        rc = drop_indexes(db, &indexes, &n_indexes);
    if (rc == BH_OK)
        rc = bh_db_prepare(db, insert_sql, &im.ins);
    for (size_t i = 0; rc == BH_OK && i < n_paths; i++)
        rc = import_file(&im, paths[i]);
    sqlite3_finalize(im.ins);
    for (size_t i = 0; i < n_indexes; i++) {
        if (rc == BH_OK)
            rc = bh_db_exec(db, indexes[i]);
        free(indexes[i]);
    }
    free(indexes);
    if (began && own) {
        if (rc == BH_OK)
            rc = bh_db_commit(db);
        else
            bh_db_rollback(db);
    }
    if (bh_db_execf(db, "PRAGMA cache_size = %lld", old_cache) != BH_OK && rc == BH_OK)
        rc = bh_ctx_status(ctx);
    if (bh_db_execf(db, "PRAGMA ignore_check_constraints = %lld", old_ignore) != BH_OK &&
        rc == BH_OK)
        rc = bh_ctx_status(ctx);
    bh_matcher_destroy(im.matcher);
    for (int k = 0; im.types[k]; k++)
        free(im.types[k]);
    if (report)
        *report = im.report;
    else
        bh_crimes_report_destroy(im.report);
    return rc;
}

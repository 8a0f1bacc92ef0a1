/* Police open-data import: one file per 手口, every row stored with its state (see crimes.h). */
#include "crimes/crimes.h"
#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/hash.h"
#include "core/strbuf.h"
#include "crimes/aggregate.h"
#include "crimes/bulk.h"
#include "crimes/feed.h"
#include "crimes/groups.h"
#include "crimes/internal.h"
#include "crimes/matcher.h"
#include "crimes/reader.h"
#include "crimes/row.h"

#define MAX_TYPES 32

/* The values that repeat from row to row (a few hundred distinct per file) are stored once, in
 * crime_profiles, crime_places and crime_extras (schema.sql); a dict maps a value tuple, serialised
 * as its key, to the id of its row there. */
typedef struct dict {
    bh_hash_map ids; /* key → id (val.num) */
    bh_stmt *ins;    /* inserts one tuple (its values bound by the caller), RETURNING id */
} dict;

enum { D_PROFILE, D_PLACE, D_EXTRA, D_N };

/* crime_rows are inserted ROWS_PER_INSERT at a time (one statement, fewer steps); on a backend
 * with a bulk path (PostgreSQL COPY), ROWS_PER_BULK at a time through it (bulk.h). */
#define ROWS_PER_INSERT 32
#define ROWS_PER_BULK 4096
typedef bh_crime_row_ids pending_row;

typedef struct importer {
    bh_db *db;
    bh_ctx *ctx;
    bh_matcher *matcher;
    bh_crime_city city;
    char *types[MAX_TYPES + 1];
    bh_stmt *ins;        /* one crime_rows row */
    bh_stmt *ins_many;   /* ROWS_PER_INSERT rows */
    pending_row *pend;   /* cap_pend rows */
    bh_crime_bulk *bulk; /* the writer on a bulk backend, else NULL */
    int n_pend, cap_pend;
    dict dicts[D_N];
    dict rawx; /* this file's trailing values as read (bh_feed_row.extra_key) → crime_extras id */
    bh_crime_groups groups; /* this file's rows per crime_agg group */
    bh_crime_feed *feed;    /* the file being read */
    bh_strbuf key;
    bh_crimes_report *report;
    int force_sample;
    int allow_duplicates;
    long long call_start; /* crime_rows ids up to here were imported by earlier calls */
    const char *encoding;
} importer;

static const char *const state_of_match[] = {"rejected", "chome", "oaza"};

static void bind_text_or_null(bh_stmt *st, int i, const char *s)
{
    if (s && s[0])
        bh_stmt_bind_text(st, i, s);
    else
        bh_stmt_bind_null(st, i);
}

/* ---- dicts (see dict) ---- */

/* Appends one value to a key, ended by a NUL byte (values never hold one: the reader rejects
 * them). NULL and "" are the same value here, as bind_text_or_null stores both as NULL; NULL is
 * written as the byte FF, which no UTF-8 text holds. */
static void key_add(bh_strbuf *k, const char *s)
{
    if (s && s[0])
        bh_strbuf_appendn(k, s, strlen(s) + 1);
    else
        bh_strbuf_appendn(k, "\xff", 2);
}

/* key_add of a value read back from the database, where "" (written through the crimes view)
 * is not NULL. */
static void key_add_stored(bh_strbuf *k, const char *s)
{
    if (s)
        bh_strbuf_appendn(k, s, strlen(s) + 1);
    else
        bh_strbuf_appendn(k, "\xff", 2);
}

/* Records key → id; 0 on success, -1 out of memory. */
static int dict_put(dict *d, const char *key, size_t len, long long id)
{
    bh_hash_entry *e = bh_hash_map_add(&d->ids, key, len, NULL);
    if (!e)
        return -1;
    e->val.num = id;
    return 0;
}

static void dict_free(dict *d)
{
    bh_hash_map_free(&d->ids, NULL);
    bh_stmt_finalize(d->ins);
    memset(d, 0, sizeof *d);
}

/* The id of the tuple vals[0..n) (key in im->key): looked up, else inserted through d->ins. */
static bh_status dict_id(importer *im, dict *d, const char *table, const char *const *vals, int n,
                         long long *id)
{
    if (im->key.failed)
        return bh_error(im->ctx, BH_E_NOMEM, "out of memory");
    const bh_hash_entry *e = bh_hash_map_find(&d->ids, im->key.data, im->key.len);
    if (e) {
        *id = e->val.num;
        return BH_OK;
    }
    (void)table;    /* the statement's error names the table */
    if (im->bulk) { /* an id now, the tuple written after the file's rows */
        bh_status rc =
            bh_crime_bulk_dict(im->bulk, (int)(d - im->dicts), im->key.data, im->key.len, id);
        if (rc == BH_OK && dict_put(d, im->key.data, im->key.len, *id) != 0)
            rc = bh_error(im->ctx, BH_E_NOMEM, "out of memory");
        return rc;
    }
    bh_stmt_reset(d->ins);
    for (int i = 0; i < n; i++)
        bind_text_or_null(d->ins, i + 1, vals[i]);
    if (bh_stmt_step(d->ins) != BH_STEP_ROW) {
        bh_stmt_reset(d->ins);
        return bh_ctx_status(im->ctx);
    }
    *id = bh_stmt_column_int64(d->ins, 0);
    bh_stmt_reset(d->ins);
    if (dict_put(d, im->key.data, im->key.len, *id) != 0)
        return bh_error(im->ctx, BH_E_NOMEM, "out of memory");
    return BH_OK;
}

/* The SQL of each dict: its insert, and the select (id first, then the values in key order) that
 * loads the tuples stored by earlier imports. */
static const char *const profile_cols[] = {
    "crime_type", "offence",    "police_station", "koban",  "city_code", "prefecture",
    "city_name",  "place_type", "state",          "reason", "sample"};
static const char *const place_cols[] = {"chome_raw", "chome_norm", "key_code", "oaza"};
static const char *const extra_cols[] = {"extra"};
static const bh_crime_bulk_table dict_tables[D_N] = {{"crime_profiles", profile_cols, 11},
                                                     {"crime_places", place_cols, 4},
                                                     {"crime_extras", extra_cols, 1}};

static const struct {
    const char *table, *insert, *select;
    int n;
} dict_sql[D_N] = {
    {"crime_profiles",
     "INSERT INTO crime_profiles (crime_type, offence, police_station, koban, city_code, "
     "prefecture, city_name, place_type, state, reason, sample) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
     "RETURNING id",
     "SELECT id, crime_type, offence, police_station, koban, city_code, prefecture, city_name, "
     "place_type, state, reason, sample FROM crime_profiles",
     11},
    {"crime_places",
     "INSERT INTO crime_places (chome_raw, chome_norm, key_code, oaza) VALUES (?,?,?,?) RETURNING "
     "id",
     "SELECT id, chome_raw, chome_norm, key_code, oaza FROM crime_places", 4},
    {"crime_extras", "INSERT INTO crime_extras (extra) VALUES (?) RETURNING id",
     "SELECT id, extra FROM crime_extras", 1},
};

/* Prepares the dicts and loads the tuples already stored. */
static bh_status dicts_open(importer *im)
{
    bh_status rc = BH_OK;
    for (int k = 0; rc == BH_OK && k < D_N; k++) {
        dict *d = &im->dicts[k];
        rc = bh_stmt_prepare(im->db, dict_sql[k].insert, &d->ins);
        bh_stmt *st = NULL;
        if (rc == BH_OK)
            rc = bh_stmt_prepare(im->db, dict_sql[k].select, &st);
        while (rc == BH_OK && bh_stmt_step(st) == BH_STEP_ROW) {
            bh_strbuf_reset(&im->key);
            for (int c = 1; c <= dict_sql[k].n; c++)
                key_add_stored(&im->key, bh_stmt_column_text(st, c));
            if (im->key.failed ||
                dict_put(d, im->key.data, im->key.len, bh_stmt_column_int64(st, 0)) != 0)
                rc = bh_error(im->ctx, BH_E_NOMEM, "out of memory");
        }
        bh_stmt_finalize(st);
    }
    return rc;
}

/* Binds row p to the 8 parameters of st from base + 1 on. p's date outlives the step. */
static void bind_row(bh_stmt *st, int base, const pending_row *p)
{
    bh_stmt_bind_int64(st, base + 1, p->file_id);
    bh_stmt_bind_int64(st, base + 2, p->line);
    bh_stmt_bind_int64(st, base + 3, p->profile_id);
    bh_stmt_bind_int64(st, base + 4, p->place_id);
    bh_stmt_bind_int64(st, base + 5, p->extra_id);
    bh_value v[3] = {{.type = p->date[0] ? BH_VAL_TEXT : BH_VAL_NULL, .p = p->date, .n = 10},
                     {.type = p->ym ? BH_VAL_INT : BH_VAL_NULL, .i = p->ym},
                     {.type = p->hour >= 0 ? BH_VAL_INT : BH_VAL_NULL, .i = p->hour}};
    for (int k = 0; k < 3; k++)
        bh_stmt_bind_value(st, base + 6 + k, &v[k]);
}

/* Inserts the pending rows (every parameter is bound again). */
static bh_status flush_rows(importer *im)
{
    if (im->bulk) {
        bh_status rc = bh_crime_bulk_rows(im->bulk, im->pend, im->n_pend);
        im->n_pend = 0;
        return rc;
    }
    int many = im->n_pend == ROWS_PER_INSERT;
    for (int i = 0; i < im->n_pend; i++) {
        bh_stmt *st = many ? im->ins_many : im->ins;
        if (!many || i == 0)
            bh_stmt_reset(st);
        bind_row(st, many ? 8 * i : 0, &im->pend[i]);
        if ((!many || i == im->n_pend - 1) && bh_stmt_step(st) != BH_STEP_DONE) {
            im->n_pend = 0;
            return bh_ctx_status(im->ctx);
        }
    }
    im->n_pend = 0;
    return BH_OK;
}

static bh_status insert_row(importer *im, long long file_id, long line, const bh_crime_row *r,
                            const bh_match *mt, const char *state, const char *reason,
                            const char *norm, const char *extra_key, size_t extra_len, int sample)
{
    long long ids[D_N] = {0};
    /* the profile: everything about the row but its place, date and extra columns */
    const char *prof[11] = {r->fields[BH_COL_TYPE],
                            r->fields[BH_COL_OFFENCE],
                            r->fields[BH_COL_POLICE],
                            r->fields[BH_COL_KOBAN],
                            r->city_code[0] ? r->city_code : r->fields[BH_COL_CITY_CODE],
                            r->fields[BH_COL_PREFECTURE],
                            r->fields[BH_COL_CITY_NAME],
                            r->fields[BH_COL_PLACE],
                            state,
                            reason,
                            sample ? "1" : "0"};
    bh_strbuf_reset(&im->key);
    for (int i = 0; i < 11; i++)
        key_add(&im->key, prof[i]);
    bh_status rc = dict_id(im, &im->dicts[D_PROFILE], "crime_profiles", prof, 11, &ids[D_PROFILE]);
    /* the place: the 町丁目 as written and what it matched */
    const char *place[4] = {r->fields[BH_COL_CHOME], norm, mt ? mt->key_code : NULL,
                            mt ? mt->oaza : NULL};
    bh_strbuf_reset(&im->key);
    for (int i = 0; i < 4; i++)
        key_add(&im->key, place[i]);
    if (rc == BH_OK)
        rc = dict_id(im, &im->dicts[D_PLACE], "crime_places", place, 4, &ids[D_PLACE]);
    /* the extra columns: by their values as read (this file's columns), else by their JSON */
    const bh_hash_entry *xs = bh_hash_map_find(&im->rawx.ids, extra_key, extra_len);
    if (xs) {
        ids[D_EXTRA] = xs->val.num;
    } else if (rc == BH_OK) {
        const char *json = bh_crime_feed_extra_json(im->feed);
        if (!json)
            return bh_error(im->ctx, BH_E_NOMEM, "out of memory");
        bh_strbuf_reset(&im->key);
        key_add(&im->key, json);
        rc = dict_id(im, &im->dicts[D_EXTRA], "crime_extras", &json, 1, &ids[D_EXTRA]);
        if (rc == BH_OK && dict_put(&im->rawx, extra_key, extra_len, ids[D_EXTRA]) != 0)
            rc = bh_error(im->ctx, BH_E_NOMEM, "out of memory");
    }
    if (rc == BH_OK &&
        bh_crime_groups_add(&im->groups, state, strcmp(state, "oaza") == 0 ? place[3] : place[2],
                            prof[0], r->ym, sample))
        rc = bh_error(im->ctx, BH_E_NOMEM, "out of memory");
    if (rc != BH_OK)
        return rc;
    pending_row *p = &im->pend[im->n_pend++];
    p->file_id = file_id;
    p->line = line;
    p->profile_id = ids[D_PROFILE];
    p->place_id = ids[D_PLACE];
    p->extra_id = ids[D_EXTRA];
    memcpy(p->date, r->date, sizeof p->date);
    p->ym = r->ym;
    p->hour = r->hour;
    return im->n_pend == im->cap_pend ? flush_rows(im) : BH_OK;
}

/* A file's rows per (state, reason), counted while its SHA-256 is not known yet and handed to
 * the report once the file is kept. */
#define TALLY_MAX 32
typedef struct tally_entry {
    const char *state, *reason;
    long n, ambiguous;
} tally_entry;
typedef struct tally {
    tally_entry e[TALLY_MAX];
    int n;
} tally;

static void tally_row(tally *t, const char *state, const char *reason, int ambiguous)
{
    int i = 0;
    while (i < t->n && !(t->e[i].state == state && t->e[i].reason == reason))
        i++;
    if (i == t->n) {
        if (t->n == TALLY_MAX)
            i = t->n - 1; /* never: 4 states and a few reasons, all static strings */
        else
            t->e[t->n++] = (tally_entry){state, reason, 0, 0};
    }
    t->e[i].n++;
    t->e[i].ambiguous += ambiguous != 0;
}

static void tally_apply(const tally *t, bh_crimes_report *rep, int fidx)
{
    for (int i = 0; i < t->n; i++)
        bh_crimes_report_rows(rep, fidx, t->e[i].state, t->e[i].reason, t->e[i].n,
                              t->e[i].ambiguous);
}

/* Reads the header of rd into *lay. */
static bh_status read_header(importer *im, bh_reader *rd, const char *path, bh_crime_layout **lay)
{
    char **fields;
    int n;
    long line;
    if (!bh_reader_next(rd, &fields, &n, &line))
        return bh_reader_failed(rd)
                   ? bh_error(im->ctx, BH_E_NOMEM, "%s: out of memory while recoding", path)
                   : bh_error(im->ctx, BH_E_EMPTY, "%s: line 1: no header: empty file", path);
    bh_status rc = bh_crime_layout_parse(im->ctx, path, line, fields, n, lay);
    if (rc != BH_OK && strcmp(bh_reader_encoding(rd), "CP932") == 0 && bh_reader_looks_utf8(rd))
        rc = bh_error_replace(im->ctx, BH_E_ENCODING,
                              "%s: line %ld: header unreadable as CP932; the file looks like UTF-8 "
                              "(try --encoding UTF-8)",
                              path, line);
    return rc;
}

/* What one file's import has done so far. */
typedef struct file_work {
    long long file_id;
    int saved; /* inside the savepoint bh_crimes_file */
    int sample;
    char *type; /* the first accepted row's 手口 */
    long rows;
    long long last_row; /* the file's rows get ids above this one (the aggregate adds them) */
    tally t;
} file_work;

/* The same crimes imported twice (a file re-saved in another encoding, a copy, a superset of
 * an imported file): refused when at least half of the file's located rows repeat rows imported
 * by an earlier call (files of one call may overlap: fixtures, a split year). */
static bh_status refuse_overlap(importer *im, const char *path, long long last_row)
{
    long long overlap = 0, placed = 0;
    if (im->allow_duplicates)
        return BH_OK;
    bh_status rc = bh_crime_agg_overlap(im->db, last_row, im->call_start, &overlap, &placed);
    if (rc != BH_OK || placed == 0 || overlap * 2 < placed)
        return rc;
    return bh_error(im->ctx, BH_E_DUPLICATE,
                    "%s: %lld of its %lld located rows are already imported (same 手口, place and "
                    "month; see 'bohan crimes files'): nothing imported; remove the earlier file "
                    "first with 'bohan crimes remove ID' to replace it",
                    path, overlap, placed);
}

/* Stores the rows the feed hands out. */
static bh_status store_rows(importer *im, bh_crime_feed *feed, const char *path, file_work *w)
{
    bh_status rc = BH_OK;
    const bh_feed_row *fr = NULL;
    int got = 0;
    while (rc == BH_OK && (got = bh_crime_feed_next(feed, &fr)) == 1) {
        const bh_crime_row *r = &fr->r;
        w->sample |= fr->sample;
        const char *state = "rejected", *reason = r->reason;
        if (r->where == BH_ROW_OUTSIDE) {
            state = "outside";
        } else if (r->where == BH_ROW_INSIDE) {
            state = state_of_match[fr->mt.state];
            if (fr->mt.state == BH_MATCH_NONE)
                reason = "unknown_chome";
        }
        if (!w->type && r->where != BH_ROW_REJECTED)
            w->type = bh_strdup(r->fields[BH_COL_TYPE]);
        int rejected = strcmp(state, "rejected") == 0;
        rc = insert_row(im, w->file_id, fr->line, r, fr->mt.state ? &fr->mt : NULL, state,
                        rejected ? reason : NULL, fr->norm, fr->extra_key, fr->extra_len,
                        fr->sample);
        tally_row(&w->t, state, rejected ? reason : NULL, fr->mt.candidates > 1);
        w->rows++;
    }
    if (rc == BH_OK)
        rc = flush_rows(im);
    im->n_pend = 0;
    if (im->bulk) { /* the rows' COPY ends, the file's new dictionary tuples are written */
        bh_status end = bh_crime_bulk_finish(im->bulk, rc == BH_OK);
        rc = rc == BH_OK ? end : rc;
    }
    if (rc == BH_OK && got < 0)
        rc = bh_error(im->ctx, BH_E_NOMEM, "%s: out of memory while reading rows", path);
    return rc;
}

/* A file imported before (or earlier in this call): its rows are undone. */
static bh_status drop_known_file(importer *im, bh_reader *rd, const char *path, bh_status rc,
                                 file_work *w)
{
    /* A failure of the file while reading it again is moot, but told; one of the database
     * (disk full, I/O) or of memory ends the import. */
    if (rc >= BH_E_DB)
        return rc;
    if (rc != BH_OK)
        bh_ctx_warn_error(im->ctx, "%s: already imported; reading it again failed", path);
    rc =
        w->saved ? bh_db_exec(im->db, "ROLLBACK TO bh_crimes_file; RELEASE bh_crimes_file") : BH_OK;
    w->saved = 0;
    /* the dicts may name profiles, places and extras that were undone */
    for (int k = 0; k < D_N; k++)
        dict_free(&im->dicts[k]);
    if (rc == BH_OK)
        rc = dicts_open(im);
    bh_crimes_report_add_file(im->report, path, bh_reader_sha256(rd), bh_reader_encoding(rd),
                              "already_imported");
    return rc;
}

/* A new file: its row is finished and kept (or its work undone on error), and reported. */
static bh_status keep_new_file(importer *im, bh_reader *rd, const char *path, bh_status rc,
                               const bh_crime_layout *lay, file_work *w)
{
    const char *sha = bh_reader_sha256(rd);
    if (rc == BH_OK) /* the file's groups, counted while its rows were written */
        rc = bh_crime_groups_store(im->db, &im->groups);
    if (rc == BH_OK)
        rc = refuse_overlap(im, path, w->last_row);
    if (rc == BH_OK)
        rc = bh_crime_agg_add_file_groups(im->db);
    if (rc == BH_OK)
        rc = bh_crimes_file_finish(im->db, w->file_id, sha, w->rows, w->sample,
                                   bh_crime_layout_duplicated(lay), w->type);
    if (rc == BH_OK) {
        rc = bh_db_exec(im->db, "RELEASE bh_crimes_file");
    } else if (w->saved) { /* undo the file's rows; the first error is the one reported */
        bh_status undo = bh_db_exec(im->db, "ROLLBACK TO bh_crimes_file; RELEASE bh_crimes_file");
        (void)undo;
    }
    if (w->file_id > 0) {
        int fidx =
            bh_crimes_report_add_file(im->report, path, sha, bh_reader_encoding(rd), "imported");
        tally_apply(&w->t, im->report, fidx);
        if (fidx >= 0)
            bh_crimes_report_set_file_info(im->report, fidx, bh_reader_blank_lines(rd),
                                           lay ? bh_crime_layout_duplicated(lay) : 0, w->sample,
                                           bh_reader_had_bom(rd));
    }
    return rc;
}

static bh_status import_file(importer *im, const char *path)
{
    bh_reader *rd = NULL;
    bh_status rc = bh_reader_open(im->ctx, path, im->encoding, &rd);
    if (rc != BH_OK)
        return rc;
    bh_crime_layout *lay = NULL;
    rc = read_header(im, rd, path, &lay);
    /* The rows are read on the feed's threads and inserted here while the file's SHA-256 is
     * still being computed: the file row gets a placeholder and the file's work is undone (to
     * the savepoint) when the hash turns out to be known (a re-import). */
    bh_crime_feed *feed = NULL;
    if (rc == BH_OK)
        rc = bh_crime_feed_start(im->ctx, rd, lay, im->matcher, &im->city,
                                 (const char *const *)im->types, im->force_sample, &feed);
    im->feed = feed;
    bh_crime_groups_clear(&im->groups);
    file_work w = {0};
    w.sample = im->force_sample;
    if (rc == BH_OK)
        rc = bh_db_exec(im->db, "SAVEPOINT bh_crimes_file");
    w.saved = rc == BH_OK;
    if (rc == BH_OK) /* the file's rows get ids above this one (also with concurrent writers) */
        rc = bh_db_high_id(im->db, "crime_rows", "id", &w.last_row);
    /* The placeholder is the process's own: a concurrent importer (PostgreSQL) inserting its
     * file row does not wait on this one's UNIQUE sha256 until it commits. */
    char pending[40];
    snprintf(pending, sizeof pending, "pending:%ld", (long)getpid());
    if (rc == BH_OK)
        rc = bh_crimes_file_insert(im->db, path, pending, bh_reader_encoding(rd), "open_data",
                                   &w.file_id);
    if (rc == BH_OK)
        rc = store_rows(im, feed, path, &w);
    bh_crime_feed_destroy(feed);
    im->feed = NULL;
    dict_free(&im->rawx);
    if (bh_crimes_file_known(im->db, bh_reader_sha256(rd)))
        rc = drop_known_file(im, rd, path, rc, &w);
    else
        rc = keep_new_file(im, rd, path, rc, lay, &w);
    bh_free(w.type);
    bh_crime_layout_destroy(lay);
    bh_reader_destroy(rd);
    return rc;
}

static bh_status load_types(importer *im)
{
    bh_stmt *st = NULL;
    bh_status rc = bh_stmt_prepare(
        im->db, "SELECT name FROM crime_types WHERE source = 'open_data' ORDER BY sort_order", &st);
    if (rc != BH_OK)
        return rc;
    int k = 0;
    im->types[0] = NULL; /* NULL-terminated at every step: the caller frees up to the NULL */
    while (rc == BH_OK && k < MAX_TYPES && bh_stmt_step(st) == BH_STEP_ROW) {
        char *t = bh_strdup(bh_stmt_column_text(st, 0));
        if (t == NULL)
            rc = bh_error(im->ctx, BH_E_NOMEM, "crimes import: out of memory");
        else
            im->types[k++] = t, im->types[k] = NULL;
    }
    bh_stmt_finalize(st);
    return rc;
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

/* Drops the secondary indexes of crime_rows, handing back their CREATE statements (caller frees).
 */
static bh_status drop_indexes(bh_db *db, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (bh_db_kind_of(db) != BH_DB_SQLITE)
        return BH_OK; /* PostgreSQL keeps its indexes: other writers may be at work */
    sqlite3_stmt *st = NULL;
    bh_status rc = bh_db_prepare(db,
                                 "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                                 "tbl_name = 'crime_rows' AND sql IS NOT NULL",
                                 &st);
    if (rc != BH_OK)
        return rc;
    char **sqls = bh_calloc(16, sizeof *sqls);
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
        bh_free(names[i]);
    }
    *out = sqls;
    *n = sqls ? k : 0;
    return sqls ? rc : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

static const char insert_sql[] =
    "INSERT INTO crime_rows (file_id, line, profile_id, place_id, extra_id, occurred_on, "
    "occurred_ym, hour) VALUES (?,?,?,?,?,?,?,?)";

/* The statements that insert one and ROWS_PER_INSERT crime_rows. */
static bh_status prepare_inserts(importer *im)
{
    im->cap_pend = bh_db_has_bulk(im->db) ? ROWS_PER_BULK : ROWS_PER_INSERT;
    im->pend = bh_calloc((size_t)im->cap_pend, sizeof *im->pend);
    if (im->pend == NULL)
        return bh_error(im->ctx, BH_E_NOMEM, "out of memory");
    if (bh_db_has_bulk(im->db))
        return bh_crime_bulk_create(im->db, dict_tables, D_N, &im->bulk);
    bh_status rc = bh_stmt_prepare(im->db, insert_sql, &im->ins);
    if (rc != BH_OK)
        return rc;
    bh_strbuf many;
    bh_strbuf_init(&many);
    bh_strbuf_append(&many, insert_sql);
    for (int i = 1; i < ROWS_PER_INSERT; i++)
        bh_strbuf_append(&many, ",(?,?,?,?,?,?,?,?)");
    rc = many.failed ? bh_error(im->ctx, BH_E_NOMEM, "out of memory")
                     : bh_stmt_prepare(im->db, many.data, &im->ins_many);
    bh_strbuf_free(&many);
    return rc;
}

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
    im.allow_duplicates = opts ? opts->allow_duplicates : 0;
    im.encoding = opts ? opts->encoding : NULL;
    im.report = bh_crimes_report_create("crimes");
    if (!im.report)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (!im.city.code5 || strlen(im.city.code5) != 5) {
        bh_crimes_report_destroy(im.report);
        return bh_error(ctx, BH_E_FORMAT, "city.json: field 'code': expected 5 digits");
    }
    int own = 0;
    bh_status rc = bh_db_high_id(db, "crime_rows", "id", &im.call_start);
    if (rc == BH_OK)
        rc = bh_matcher_create(ctx, im.city.prefecture, im.city.name, &im.matcher);
    if (rc == BH_OK)
        rc = bh_matcher_load_db(im.matcher, db);
    if (rc == BH_OK)
        rc = load_types(&im);
    /* a larger page cache for the bulk insert (restored below): fewer spills to disk */
    int sq = bh_db_kind_of(db) == BH_DB_SQLITE;
    long long old_cache = sq ? bh_db_scalar_int(db, "PRAGMA cache_size", -2000) : 0;
    if (rc == BH_OK && sq)
        rc = bh_db_exec(db, "PRAGMA cache_size = -65536");
    if (rc == BH_OK)
        rc = bh_crimes_tx_begin(db, &own);
    int began = rc == BH_OK;
    /* Bulk loads: the secondary index of crime_rows is dropped and rebuilt in the same
     * transaction (building them once is cheaper than maintaining them row by row). */
    char **indexes = NULL;
    size_t n_indexes = 0;
    if (rc == BH_OK && files_size(paths, n_paths) >= BULK_BYTES)
        rc = drop_indexes(db, &indexes, &n_indexes);
    bh_strbuf_init(&im.key);
    if (rc == BH_OK)
        rc = dicts_open(&im);
    if (rc == BH_OK)
        rc = prepare_inserts(&im);
    for (size_t i = 0; rc == BH_OK && i < n_paths; i++)
        rc = import_file(&im, paths[i]);
    bh_stmt_finalize(im.ins);
    bh_stmt_finalize(im.ins_many);
    bh_crime_bulk_destroy(im.bulk);
    bh_free(im.pend);
    for (int k = 0; k < D_N; k++)
        dict_free(&im.dicts[k]);
    bh_crime_groups_clear(&im.groups);
    bh_strbuf_free(&im.key);
    for (size_t i = 0; i < n_indexes; i++) {
        if (rc == BH_OK)
            rc = bh_db_exec(db, indexes[i]);
        bh_free(indexes[i]);
    }
    bh_free(indexes);
    if (began && own) {
        if (rc == BH_OK)
            rc = bh_db_commit(db);
        else
            bh_db_rollback(db);
    }
    if (sq && bh_db_execf(db, "PRAGMA cache_size = %lld", old_cache) != BH_OK && rc == BH_OK)
        rc = bh_ctx_status(ctx);
    bh_matcher_destroy(im.matcher);
    for (int k = 0; im.types[k]; k++)
        bh_free(im.types[k]);
    if (report)
        *report = im.report;
    else
        bh_crimes_report_destroy(im.report);
    return rc;
}

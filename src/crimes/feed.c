/* Row feed: one or two producer threads (lanes: the two halves of a large file) each fill a ring
 * of row batches; the caller drains the first lane, then the second (see feed.h). */
#include "crimes/feed.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core/strbuf.h"

#define NB 64           /* batches in a lane's ring: a lane reads ahead while the caller works */
#define BATCH_ROWS 1024 /* rows per batch */
#define LANES 2

/* One record as read: its n fields, NUL-terminated one after the other in the batch text. */
typedef struct rec {
    long line;
    int n;
    size_t text; /* offset of the first field */
} rec;

typedef struct batch {
    rec *recs;
    int n;
    int full; /* 1: filled by the producer, not yet drained */
    int last; /* 1: the file ends after this batch */
    bh_strbuf text;
} batch;

typedef struct lane {
    struct bh_crime_feed *f;
    bh_reader *rd; /* the file's reader, or the tail of its bh_reader_split */
    batch b[NB];
    pthread_t th;
    int started;
    int nomem; /* the producer ran out of memory (guarded by mu) */
} lane;

struct bh_crime_feed {
    const bh_crime_layout *lay;
    bh_matcher *m;
    const bh_crime_city *city;
    const char *const *known;
    int force_sample;
    int note;
    char **keys; /* JSON keys of the extra columns ("\"name\":") */
    lane lanes[LANES];
    int n_lanes;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int cancel;
    /* consumer side */
    int cl, cb, ci;   /* lane and batch being drained, next row in it */
    int done, result; /* result: what bh_crime_feed_next returns once done */
    bh_feed_row cur;
    char **fields; /* the current record's fields (pointers into its batch) */
    int fcap;
    bh_strbuf extra;
    bh_strbuf json;
    int cur_n;      /* fields of the current record */
    int extra_tail; /* first extra column when the extra columns end the record, else -1 */
    bh_crime_row_memo memo;
};

static int is_sample_marker(const char *s)
{
    return s && (strcmp(s, "サンプル") == 0 || strcasecmp(s, "sample") == 0);
}

/* Appends s as a JSON string: verbatim between quotes when nothing needs escaping (the usual
 * case), else through bh_strbuf_json. */
static void json_value(bh_strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == '"' || *p == '\\') {
            bh_strbuf_json(sb, s);
            return;
        }
    size_t n = strlen(s);
    bh_strbuf_appendn(sb, "\"", 1);
    bh_strbuf_appendn(sb, s, n);
    bh_strbuf_appendn(sb, "\"", 1);
}

/* Appends the `extra` JSON object of the trailing columns to sb. */
static void build_extra(const bh_crime_feed *f, bh_strbuf *sb, char **fields, int n)
{
    bh_strbuf_appendn(sb, "{", 1);
    for (int k = 0; k < bh_crime_layout_n_extra(f->lay); k++) {
        int c = bh_crime_layout_extra_col(f->lay, k);
        if (k)
            bh_strbuf_appendn(sb, ",", 1);
        bh_strbuf_append(sb, f->keys[k]);
        json_value(sb, c < n ? fields[c] : "");
    }
    bh_strbuf_appendn(sb, "}", 1);
}

/* The JSON keys of the extra columns ("\"name\":"); NULL-terminated, caller frees each. */
static char **extra_keys(const bh_crime_layout *lay)
{
    int n = bh_crime_layout_n_extra(lay);
    char **keys = calloc((size_t)n + 1, sizeof *keys);
    for (int k = 0; keys && k < n; k++) {
        bh_strbuf sb;
        bh_strbuf_init(&sb);
        bh_strbuf_json(&sb, bh_crime_layout_extra_name(lay, k));
        bh_strbuf_append(&sb, ":");
        keys[k] = bh_strbuf_take(&sb);
        if (!keys[k]) {
            for (int i = 0; i < k; i++)
                free(keys[i]);
            free(keys);
            return NULL;
        }
    }
    return keys;
}

/* Fills b with the next records of the lane; 1 when its part of the file ended. */
static int fill(lane *l, batch *b)
{
    b->n = 0;
    bh_strbuf_reset(&b->text);
    int n;
    long line;
    while (b->n < BATCH_ROWS) {
        size_t at = b->text.len;
        if (!bh_reader_next_packed(l->rd, &b->text, &n, &line)) {
            if (bh_reader_failed(l->rd))
                b->text.failed = 1; /* reported as out of memory (see producer) */
            return 1;
        }
        rec *o = &b->recs[b->n++];
        o->line = line;
        o->n = n;
        o->text = at;
    }
    return 0;
}

static void *producer(void *arg)
{
    lane *l = arg;
    bh_crime_feed *f = l->f;
    for (int i = 0;; i = (i + 1) % NB) {
        batch *b = &l->b[i];
        pthread_mutex_lock(&f->mu);
        while (b->full && !f->cancel)
            pthread_cond_wait(&f->cv, &f->mu);
        int stop = f->cancel;
        pthread_mutex_unlock(&f->mu);
        if (stop)
            return NULL;
        int last = fill(l, b);
        int oom = b->text.failed;
        pthread_mutex_lock(&f->mu);
        b->last = last || oom;
        b->full = 1;
        l->nomem = oom;
        pthread_cond_broadcast(&f->cv);
        pthread_mutex_unlock(&f->mu);
        if (last || oom)
            return NULL;
    }
}

bh_status bh_crime_feed_start(bh_ctx *ctx, bh_reader *rd, const bh_crime_layout *lay, bh_matcher *m,
                              const bh_crime_city *city, const char *const *known, int force_sample,
                              bh_crime_feed **out)
{
    *out = NULL;
    bh_crime_feed *f = calloc(1, sizeof *f);
    if (!f)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    /* a large file is read by two threads, one per half (the caller's thread makes three: the
     * machine has two cores, which the three then share) */
    bh_reader *tail = bh_reader_split(rd);
    f->n_lanes = tail ? 2 : 1;
    f->lanes[0].rd = rd;
    f->lanes[1].rd = tail;
    f->lay = lay;
    f->m = m;
    f->city = city;
    f->known = known;
    f->force_sample = force_sample;
    f->note = bh_crime_layout_note_col(lay);
    int ne = bh_crime_layout_n_extra(lay), w = bh_crime_layout_width(lay);
    f->extra_tail = ne > 0 && !bh_crime_layout_duplicated(lay) ? w - ne : -1;
    for (int k = 0; k < ne && f->extra_tail >= 0; k++)
        if (bh_crime_layout_extra_col(lay, k) != w - ne + k)
            f->extra_tail = -1;
    f->keys = extra_keys(lay);
    bh_strbuf_init(&f->extra);
    bh_strbuf_init(&f->json);
    int ok = f->keys != NULL;
    for (int k = 0; k < f->n_lanes; k++) {
        lane *l = &f->lanes[k];
        l->f = f;
        for (int i = 0; i < NB; i++) {
            bh_strbuf_init(&l->b[i].text);
            l->b[i].recs = malloc(BATCH_ROWS * sizeof *l->b[i].recs);
            ok = ok && l->b[i].recs;
        }
    }
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    for (int k = 0; ok && k < f->n_lanes; k++)
        ok = (f->lanes[k].started =
                  pthread_create(&f->lanes[k].th, NULL, producer, &f->lanes[k]) == 0);
    if (!ok) {
        bh_crime_feed_destroy(f);
        return bh_error(ctx, BH_E_NOMEM, "out of memory (row feed thread)");
    }
    *out = f;
    return BH_OK;
}

/* Ends the feed for the caller: every later call returns rc too. */
static int finish(bh_crime_feed *f, int rc)
{
    f->done = 1;
    f->result = rc;
    return rc;
}

/* Splits record o of batch b into its fields and maps, matches and keys it into f->cur; 0, or -1
 * out of memory. */
static int feed_row(bh_crime_feed *f, const batch *b, const rec *o)
{
    if (o->n > f->fcap) {
        char **nf = realloc(f->fields, (size_t)o->n * sizeof *nf);
        if (!nf)
            return -1;
        f->fields = nf;
        f->fcap = o->n;
    }
    char *p = b->text.data + o->text;
    for (int k = 0; k < o->n; k++) {
        f->fields[k] = p;
        p += strlen(p) + 1;
    }
    /* mapping, matching and the extra JSON run here, on the caller's thread, which would
     * otherwise wait for the reader: the two threads then take about the same time */
    bh_feed_row *c = &f->cur;
    int n = o->n;
    c->line = o->line;
    bh_crime_row_map_memo(f->lay, f->fields, n, f->city, f->known, &f->memo, &c->r);
    c->sample =
        f->force_sample || (f->note >= 0 && f->note < n && is_sample_marker(f->fields[f->note]));
    memset(&c->mt, 0, sizeof c->mt);
    c->norm = NULL;
    if (c->r.where == BH_ROW_INSIDE)
        bh_matcher_match_cached(f->m, c->r.fields[BH_COL_CHOME], &c->mt, &c->norm);
    /* the key of the trailing values; their JSON only when asked (bh_crime_feed_extra_json).
     * When they are the record's last columns, the record text already is that key. */
    if (f->extra_tail >= 0 && n == bh_crime_layout_width(f->lay)) {
        c->extra_key = f->fields[f->extra_tail];
        c->extra_len = (size_t)(p - f->fields[f->extra_tail]);
    } else {
        bh_strbuf_reset(&f->extra);
        for (int k = 0; k < bh_crime_layout_n_extra(f->lay); k++) {
            int col = bh_crime_layout_extra_col(f->lay, k);
            const char *v = col < n ? f->fields[col] : "";
            bh_strbuf_appendn(&f->extra, v, strlen(v) + 1); /* NUL-separated */
        }
        if (f->extra.failed)
            return -1;
        c->extra_key = f->extra.data ? f->extra.data : "";
        c->extra_len = f->extra.len;
    }
    f->cur_n = n;
    return 0;
}

int bh_crime_feed_next(bh_crime_feed *f, const bh_feed_row **row)
{
    *row = NULL;
    if (f->done)
        return f->result;
    lane *l = &f->lanes[f->cl];
    batch *b = &l->b[f->cb];
    pthread_mutex_lock(&f->mu);
    for (;;) {
        if (f->ci > 0 && f->ci >= b->n) {
            /* this batch is drained: hand it back and move to the next one (of the next lane
             * after a lane's last batch) */
            int last = b->last;
            b->full = 0;
            pthread_cond_broadcast(&f->cv);
            f->cb = (f->cb + 1) % NB;
            f->ci = 0;
            if (last) { /* a drained last batch was complete (see broken below) */
                if (++f->cl == f->n_lanes) {
                    pthread_mutex_unlock(&f->mu);
                    return finish(f, 0);
                }
                f->cb = 0;
                l = &f->lanes[f->cl];
            }
            b = &l->b[f->cb];
        }
        while (!b->full)
            pthread_cond_wait(&f->cv, &f->mu);
        if (b->n > 0 || !b->last || l->nomem)
            break;
        f->ci = 1; /* an empty last batch: drained */
    }
    int broken = b->last && l->nomem; /* out of memory: its text may be incomplete */
    pthread_mutex_unlock(&f->mu);
    if (broken)
        return finish(f, -1);
    const rec *o = &b->recs[f->ci++];
    if (feed_row(f, b, o) != 0)
        return finish(f, -1);
    *row = &f->cur;
    return 1;
}

const char *bh_crime_feed_extra_json(bh_crime_feed *f)
{
    bh_strbuf_reset(&f->json);
    build_extra(f, &f->json, f->fields, f->cur_n);
    return f->json.failed ? NULL : f->json.data;
}

void bh_crime_feed_destroy(bh_crime_feed *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->cancel = 1;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
    for (int k = 0; k < f->n_lanes; k++) {
        if (f->lanes[k].started)
            pthread_join(f->lanes[k].th, NULL);
        for (int i = 0; i < NB; i++) {
            bh_strbuf_free(&f->lanes[k].b[i].text);
            free(f->lanes[k].b[i].recs);
        }
    }
    pthread_cond_destroy(&f->cv);
    pthread_mutex_destroy(&f->mu);
    for (size_t k = 0; f->keys && f->keys[k]; k++)
        free(f->keys[k]);
    free(f->keys);
    free(f->fields);
    bh_strbuf_free(&f->extra);
    bh_strbuf_free(&f->json);
    free(f);
}

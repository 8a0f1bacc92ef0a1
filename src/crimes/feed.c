/* Row feed: a producer thread fills a ring of row batches, the caller drains them (see feed.h). */
#include "crimes/feed.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core/strbuf.h"

#define NB 4            /* batches in the ring */
#define BATCH_ROWS 1024 /* rows per batch */
#define NO_STR SIZE_MAX /* offset of a NULL string */

typedef struct rec {
    long line;
    bh_crime_row r; /* fields[] replaced by off[] */
    size_t off[BH_COL_N], norm, extra;
    bh_match mt;
    int sample;
} rec;

typedef struct batch {
    rec *recs;
    int n;
    int full; /* 1: filled by the producer, not yet drained */
    int last; /* 1: the file ends after this batch */
    bh_strbuf text;
} batch;

struct bh_crime_feed {
    bh_reader *rd;
    const bh_crime_layout *lay;
    bh_matcher *m;
    const bh_crime_city *city;
    const char *const *known;
    int force_sample;
    int note;
    char **keys; /* JSON keys of the extra columns ("\"name\":") */
    batch b[NB];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    int started;
    int cancel;
    int nomem;
    /* consumer side */
    int cb, ci; /* batch being drained, next row in it */
    int done;
    bh_feed_row cur;
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

/* Appends the `extra` JSON object of the trailing columns and its NUL to sb. */
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
    bh_strbuf_appendn(sb, "}", 2); /* with the NUL */
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

static size_t put(bh_strbuf *sb, const char *s)
{
    if (!s)
        return NO_STR;
    size_t at = sb->len;
    bh_strbuf_appendn(sb, s, strlen(s) + 1);
    return at;
}

/* Fills b with the next rows of the file; 1 when the file ended. */
static int fill(bh_crime_feed *f, batch *b)
{
    b->n = 0;
    bh_strbuf_reset(&b->text);
    char **fields;
    int n;
    long line;
    while (b->n < BATCH_ROWS) {
        if (!bh_reader_next(f->rd, &fields, &n, &line))
            return 1;
        rec *o = &b->recs[b->n++];
        bh_crime_row_map(f->lay, fields, n, f->city, f->known, &o->r);
        o->line = line;
        o->sample =
            f->force_sample || (f->note >= 0 && f->note < n && is_sample_marker(fields[f->note]));
        memset(&o->mt, 0, sizeof o->mt);
        const char *norm = NULL;
        if (o->r.where == BH_ROW_INSIDE)
            bh_matcher_match_cached(f->m, o->r.fields[BH_COL_CHOME], &o->mt, &norm);
        for (int c = 0; c < BH_COL_N; c++) {
            o->off[c] = put(&b->text, o->r.fields[c]);
            o->r.fields[c] = NULL;
        }
        o->norm = put(&b->text, norm);
        o->extra = b->text.len;
        build_extra(f, &b->text, fields, n);
    }
    return 0;
}

static void *producer(void *arg)
{
    bh_crime_feed *f = arg;
    for (int i = 0;; i = (i + 1) % NB) {
        batch *b = &f->b[i];
        pthread_mutex_lock(&f->mu);
        while (b->full && !f->cancel)
            pthread_cond_wait(&f->cv, &f->mu);
        int stop = f->cancel;
        pthread_mutex_unlock(&f->mu);
        if (stop)
            return NULL;
        int last = fill(f, b);
        int oom = b->text.failed;
        pthread_mutex_lock(&f->mu);
        b->last = last || oom;
        b->full = 1;
        f->nomem = oom;
        pthread_cond_broadcast(&f->cv);
        pthread_mutex_unlock(&f->mu);
        if (last || oom)
            return NULL;
    }
}

bh_status bh_crime_feed_start(bh_ctx *ctx, bh_reader *rd, const bh_crime_layout *lay,
                              bh_matcher *m, const bh_crime_city *city, const char *const *known,
                              int force_sample, bh_crime_feed **out)
{
    *out = NULL;
    bh_crime_feed *f = calloc(1, sizeof *f);
    if (!f)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    f->rd = rd;
    f->lay = lay;
    f->m = m;
    f->city = city;
    f->known = known;
    f->force_sample = force_sample;
    f->note = bh_crime_layout_note_col(lay);
    f->keys = extra_keys(lay);
    int ok = f->keys != NULL;
    for (int i = 0; i < NB; i++) {
        bh_strbuf_init(&f->b[i].text);
        f->b[i].recs = malloc(BATCH_ROWS * sizeof *f->b[i].recs);
        ok = ok && f->b[i].recs;
    }
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    if (ok)
        f->started = pthread_create(&f->th, NULL, producer, f) == 0;
    if (!f->started) {
        bh_crime_feed_destroy(f);
        return bh_error(ctx, BH_E_NOMEM, "out of memory (row feed thread)");
    }
    *out = f;
    return BH_OK;
}

static const char *str_at(const batch *b, size_t off)
{
    return off == NO_STR ? NULL : b->text.data + off;
}

int bh_crime_feed_next(bh_crime_feed *f, const bh_feed_row **row)
{
    *row = NULL;
    if (f->done)
        return f->nomem ? -1 : 0;
    batch *b = &f->b[f->cb];
    pthread_mutex_lock(&f->mu);
    if (f->ci > 0 && f->ci >= b->n) {
        /* this batch is drained: hand it back and move to the next one */
        int last = b->last;
        b->full = 0;
        pthread_cond_broadcast(&f->cv);
        f->cb = (f->cb + 1) % NB;
        f->ci = 0;
        b = &f->b[f->cb];
        if (last) {
            f->done = 1;
            pthread_mutex_unlock(&f->mu);
            return f->nomem ? -1 : 0;
        }
    }
    while (!b->full)
        pthread_cond_wait(&f->cv, &f->mu);
    int broken = b->last && f->nomem; /* its text may be incomplete */
    pthread_mutex_unlock(&f->mu);
    if (broken || f->ci >= b->n) { /* out of memory, or an empty last batch */
        f->done = 1;
        return broken ? -1 : 0;
    }
    const rec *o = &b->recs[f->ci++];
    bh_feed_row *c = &f->cur;
    c->line = o->line;
    c->r = o->r;
    for (int k = 0; k < BH_COL_N; k++)
        c->r.fields[k] = str_at(b, o->off[k]);
    c->mt = o->mt;
    c->norm = str_at(b, o->norm);
    c->extra = str_at(b, o->extra);
    c->sample = o->sample;
    *row = c;
    return 1;
}

void bh_crime_feed_destroy(bh_crime_feed *f)
{
    if (!f)
        return;
    if (f->started) {
        pthread_mutex_lock(&f->mu);
        f->cancel = 1;
        pthread_cond_broadcast(&f->cv);
        pthread_mutex_unlock(&f->mu);
        pthread_join(f->th, NULL);
    }
    pthread_cond_destroy(&f->cv);
    pthread_mutex_destroy(&f->mu);
    for (int i = 0; i < NB; i++) {
        bh_strbuf_free(&f->b[i].text);
        free(f->b[i].recs);
    }
    for (size_t k = 0; f->keys && f->keys[k]; k++)
        free(f->keys[k]);
    free(f->keys);
    free(f);
}

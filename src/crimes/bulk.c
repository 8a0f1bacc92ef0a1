/* The importer's writer on a bulk backend (bulk.h). */
#include "crimes/bulk.h"
#include "core/alloc.h"

#include <string.h>
#include "core/strbuf.h"
#include "db/stmt.h"

#define MAX_TABLES 4
#define MAX_VALS 16
#define FIRST_BLOCK 64
#define MAX_BLOCK 8192

typedef struct dict_out {
    const bh_crime_bulk_table *t;
    long long *pool; /* reserved ids, pool[next..n_pool) unused */
    int next, n_pool, block;
    bh_strbuf tuples; /* per new tuple: its id (8 bytes), key length (8 bytes), key */
} dict_out;

struct bh_crime_bulk {
    bh_db *db;
    bh_db_bulk *rows; /* the open COPY into crime_rows, or NULL */
    dict_out d[MAX_TABLES];
    int n;
};

static const char *const row_cols[] = {"file_id",  "line",        "profile_id",  "place_id",
                                       "extra_id", "occurred_on", "occurred_ym", "hour"};

bh_status bh_crime_bulk_create(bh_db *db, const bh_crime_bulk_table *tables, int n_tables,
                               bh_crime_bulk **out)
{
    *out = NULL;
    bh_crime_bulk *b = bh_calloc(1, sizeof *b);
    if (b == NULL || n_tables > MAX_TABLES) {
        bh_free(b);
        return bh_error(bh_db_ctx(db), b ? BH_E_INTERNAL : BH_E_NOMEM, "bulk writer: %s",
                        b ? "too many tables" : "out of memory");
    }
    b->db = db;
    b->n = n_tables;
    for (int k = 0; k < n_tables; k++) {
        b->d[k].t = &tables[k];
        b->d[k].block = FIRST_BLOCK;
        bh_strbuf_init(&b->d[k].tuples);
    }
    *out = b;
    return BH_OK;
}

static bh_status end_rows(bh_crime_bulk *b, int ok)
{
    if (b->rows == NULL)
        return BH_OK;
    bh_status st = bh_db_bulk_end(b->rows, ok);
    b->rows = NULL;
    return st;
}

/* More ids for d: the rows' COPY ends (no other statement while it is open); blocks double. */
static bh_status refill(bh_crime_bulk *b, dict_out *d)
{
    bh_status st = end_rows(b, 1);
    long long *pool = st == BH_OK ? bh_realloc(d->pool, (size_t)d->block * sizeof *pool) : NULL;
    if (st != BH_OK)
        return st;
    if (pool == NULL)
        return bh_error(bh_db_ctx(b->db), BH_E_NOMEM, "out of memory");
    d->pool = pool;
    st = bh_db_bulk_ids(b->db, d->t->table, "id", d->block, pool);
    d->next = 0;
    d->n_pool = st == BH_OK ? d->block : 0;
    if (d->block < MAX_BLOCK)
        d->block *= 2;
    return st;
}

bh_status bh_crime_bulk_dict(bh_crime_bulk *b, int k, const char *key, size_t len, long long *id)
{
    dict_out *d = &b->d[k];
    if (d->next == d->n_pool) {
        bh_status st = refill(b, d);
        if (st != BH_OK)
            return st;
    }
    *id = d->pool[d->next++];
    long long head[2] = {*id, (long long)len};
    bh_strbuf_appendn(&d->tuples, (const char *)head, sizeof head);
    bh_strbuf_appendn(&d->tuples, key, len);
    return d->tuples.failed ? bh_error(bh_db_ctx(b->db), BH_E_NOMEM, "out of memory") : BH_OK;
}

bh_status bh_crime_bulk_rows(bh_crime_bulk *b, const bh_crime_row_ids *rows, int n)
{
    bh_status rc = BH_OK;
    if (b->rows == NULL && n > 0)
        rc = bh_db_bulk_begin(b->db, "crime_rows", row_cols, 8, NULL, &b->rows);
    for (int i = 0; rc == BH_OK && i < n; i++) {
        const bh_crime_row_ids *p = &rows[i];
        bh_value v[8] = {
            {.type = BH_VAL_INT, .i = p->file_id},
            {.type = BH_VAL_INT, .i = p->line},
            {.type = BH_VAL_INT, .i = p->profile_id},
            {.type = BH_VAL_INT, .i = p->place_id},
            {.type = BH_VAL_INT, .i = p->extra_id},
            {.type = p->date[0] ? BH_VAL_TEXT : BH_VAL_NULL, .p = p->date, .n = 10},
            {.type = p->ym ? BH_VAL_INT : BH_VAL_NULL, .i = p->ym},
            {.type = p->hour >= 0 ? BH_VAL_INT : BH_VAL_NULL, .i = p->hour},
        };
        rc = bh_db_bulk_row(b->rows, v);
    }
    return rc;
}

/* Writes d's new tuples through one COPY (id and the table's columns). */
static bh_status write_tuples(bh_crime_bulk *b, dict_out *d)
{
    const char *cols[MAX_VALS + 1] = {"id"};
    int n = d->t->n < MAX_VALS ? d->t->n : MAX_VALS;
    for (int i = 0; i < n; i++)
        cols[i + 1] = d->t->cols[i];
    bh_db_bulk *c = NULL;
    bh_status rc = bh_db_bulk_begin(b->db, d->t->table, cols, n + 1, NULL, &c);
    for (size_t at = 0; rc == BH_OK && at < d->tuples.len;) {
        long long head[2];
        memcpy(head, d->tuples.data + at, sizeof head);
        const char *p = d->tuples.data + at + sizeof head;
        at += sizeof head + (size_t)head[1];
        bh_value v[MAX_VALS + 1] = {{.type = BH_VAL_INT, .i = head[0]}};
        for (int i = 1; i <= n; i++) { /* NUL-terminated values, FF for NULL */
            size_t len = strlen(p);
            int null = len == 1 && (unsigned char)p[0] == 0xff;
            v[i] = (bh_value){.type = null ? BH_VAL_NULL : BH_VAL_TEXT, .p = p, .n = len};
            p += len + 1;
        }
        rc = bh_db_bulk_row(c, v);
    }
    if (c != NULL) {
        bh_status end = bh_db_bulk_end(c, rc == BH_OK);
        rc = rc == BH_OK ? end : rc;
    }
    return rc;
}

bh_status bh_crime_bulk_finish(bh_crime_bulk *b, int ok)
{
    bh_status rc = end_rows(b, ok);
    for (int k = 0; k < b->n; k++) {
        dict_out *d = &b->d[k];
        if (rc == BH_OK && ok && d->tuples.len > 0)
            rc = write_tuples(b, d);
        bh_strbuf_reset(&d->tuples);
    }
    return rc;
}

void bh_crime_bulk_destroy(bh_crime_bulk *b)
{
    if (b == NULL)
        return;
    (void)end_rows(b, 0);
    for (int k = 0; k < b->n; k++) {
        bh_free(b->d[k].pool);
        bh_strbuf_free(&b->d[k].tuples);
    }
    bh_free(b);
}

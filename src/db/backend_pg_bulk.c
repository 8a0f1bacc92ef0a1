/* The PostgreSQL backend's bulk path (db/backend.h bulk_*): COPY FROM STDIN in text format,
 * written in small chunks so that the server parses one while the next is made, and identity
 * values reserved in one round trip (bulk_ids). */
#include "db/backend_pg.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/db.h"

#define PQCONN(db) ((PGconn *)(db)->pg)

#define PG_BULK_CHUNK (64u * 1024)

typedef struct pg_bulk {
    bh_db *db;
    int n;
    int *geom;
    bh_strbuf line;
} pg_bulk;

bh_status bh_pg_bulk_begin(bh_db *db, const char *table, const char *const *cols, int n,
                           const int *geom, void **out)
{
    *out = NULL;
    pg_bulk *b = bh_calloc(1, sizeof *b);
    int *g = bh_calloc((size_t)n + 1, sizeof *g);
    bh_strbuf sql;
    bh_strbuf_init(&sql);
    bh_strbuf_printf(&sql, "COPY \"%s\" (", table);
    for (int i = 0; i < n; i++)
        bh_strbuf_printf(&sql, "%s\"%s\"", i ? ", " : "", cols[i]);
    bh_strbuf_append(&sql, ") FROM STDIN");
    if (!b || !g || sql.failed) {
        bh_free(b);
        bh_free(g);
        bh_strbuf_free(&sql);
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    memcpy(g, geom, (size_t)n * sizeof *g);
    PGresult *res = PQexec(PQCONN(db), sql.data);
    bh_strbuf_free(&sql);
    bh_status st = res && PQresultStatus(res) == PGRES_COPY_IN ? BH_OK : bh_pg_fail(db, res);
    PQclear(res);
    if (st != BH_OK) {
        bh_free(b);
        bh_free(g);
        return st;
    }
    b->db = db;
    b->n = n;
    b->geom = g;
    bh_strbuf_init(&b->line);
    *out = b;
    return BH_OK;
}

/* The decimal digits of v into buf (at least 21 bytes), not terminated; their count. Faster
 * than printf for the millions of integers of a bulk load. */
static size_t pg_int_text(char *buf, long long v)
{
    char tmp[24];
    size_t n = 0, k = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        buf[k++] = '-';
    while (n > 0)
        buf[k++] = tmp[--n];
    return k;
}

/* Text for COPY: runs without \\ \t \n \r copied whole, those escaped. */
static void pg_bulk_text(bh_strbuf *sb, const unsigned char *p, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
            continue;
        bh_strbuf_appendn(sb, (const char *)p + run, i - run);
        char e[2] = {'\\', c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r'};
        bh_strbuf_appendn(sb, e, 2);
        run = i + 1;
    }
    bh_strbuf_appendn(sb, (const char *)p + run, n - run);
}

/* One value in COPY's text format: \N for NULL, text with \\ \t \n \r escaped, bytea and
 * geometry (WKB, taking the column's SRID) as hex. */
static void pg_bulk_value(bh_strbuf *sb, const bh_value *v, int geom)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = v->p;
    char num[24];
    switch (v->type) {
    case BH_VAL_INT:
        bh_strbuf_appendn(sb, num, pg_int_text(num, v->i));
        break;
    case BH_VAL_REAL:
        bh_strbuf_printf(sb, "%.17g", v->d);
        break;
    case BH_VAL_TEXT:
        pg_bulk_text(sb, p, v->n);
        break;
    case BH_VAL_BLOB:
        if (!geom)
            bh_strbuf_append(sb, "\\\\x");
        for (size_t i = 0; i < v->n;) { /* 256 bytes at a time */
            char out[512];
            size_t k = 0;
            for (; i < v->n && k < sizeof out; i++, k += 2) {
                out[k] = hex[p[i] >> 4];
                out[k + 1] = hex[p[i] & 15];
            }
            bh_strbuf_appendn(sb, out, k);
        }
        break;
    default:
        bh_strbuf_append(sb, "\\N");
    }
}

static bh_status pg_bulk_flush(pg_bulk *b)
{
    if (b->line.failed)
        return bh_error(b->db->ctx, BH_E_NOMEM, "out of memory");
    if (b->line.len && PQputCopyData(PQCONN(b->db), b->line.data, (int)b->line.len) != 1) {
        char buf[512];
        return bh_error(b->db->ctx, BH_E_DB, "%s: COPY: %s", b->db->path,
                        bh_pg_message(PQerrorMessage(PQCONN(b->db)), buf, sizeof buf));
    }
    bh_strbuf_reset(&b->line);
    return BH_OK;
}

/* A row of integers, NULLs and short plain text (a crime_rows row) made in buf[0..size): its
 * length, or 0 when a value needs pg_bulk_value (escapes, blobs, reals, long text). One append
 * per row instead of several per value: a tenth of the importer's COPY formatting. */
static size_t pg_bulk_short_row(const pg_bulk *b, const bh_value *vals, char *buf, size_t size)
{
    size_t k = 0;
    for (int i = 0; i < b->n; i++) {
        const bh_value *v = &vals[i];
        if (k + 24 > size)
            return 0;
        if (i)
            buf[k++] = '\t';
        if (v->type == BH_VAL_INT) {
            k += pg_int_text(buf + k, v->i);
        } else if (v->type == BH_VAL_NULL) {
            buf[k++] = '\\';
            buf[k++] = 'N';
        } else if (v->type == BH_VAL_TEXT && v->n <= 20) {
            const char *p = v->p;
            for (size_t j = 0; j < v->n; j++)
                if (p[j] == '\\' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r')
                    return 0;
            memcpy(buf + k, p, v->n);
            k += v->n;
        } else {
            return 0;
        }
    }
    buf[k++] = '\n';
    return k;
}

bh_status bh_pg_bulk_row(void *bulk, const bh_value *vals)
{
    pg_bulk *b = bulk;
    char row[512];
    size_t k = pg_bulk_short_row(b, vals, row, sizeof row);
    if (k > 0) {
        bh_strbuf_appendn(&b->line, row, k);
    } else {
        for (int i = 0; i < b->n; i++) {
            if (i)
                bh_strbuf_appendn(&b->line, "\t", 1);
            pg_bulk_value(&b->line, &vals[i], b->geom[i]);
        }
        bh_strbuf_appendn(&b->line, "\n", 1);
    }
    /* small chunks: the server parses one while the next is written */
    return b->line.len >= PG_BULK_CHUNK || b->line.failed ? pg_bulk_flush(b) : BH_OK;
}

bh_status bh_pg_bulk_end(void *bulk, int ok)
{
    pg_bulk *b = bulk;
    bh_status st = ok ? pg_bulk_flush(b) : BH_OK;
    PGconn *c = PQCONN(b->db);
    int sent = PQputCopyEnd(c, st == BH_OK && ok ? NULL : "abandoned by bohan") == 1;
    PGresult *res;
    while ((res = PQgetResult(c)) != NULL) {
        if (st == BH_OK && ok && PQresultStatus(res) != PGRES_COMMAND_OK)
            st = bh_pg_fail(b->db, res);
        PQclear(res);
    }
    if (st == BH_OK && ok && !sent)
        st = bh_pg_fail(b->db, NULL);
    bh_strbuf_free(&b->line);
    bh_free(b->geom);
    bh_free(b);
    return st;
}

/* n values of table.col's identity sequence, in one round trip (nextval: never handed out twice,
 * never rolled back, so concurrent writers get their own). */
bh_status bh_pg_bulk_ids(bh_db *db, const char *table, const char *col, int n, long long *ids)
{
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    const char *params[3] = {table, col, count};
    PGresult *res = PQexecParams(PQCONN(db),
                                 "SELECT nextval(pg_get_serial_sequence($1, $2)) FROM "
                                 "generate_series(1, $3::int)",
                                 3, NULL, params, NULL, NULL, 0);
    bh_status st = BH_OK;
    if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
        st = bh_pg_fail(db, res);
    else if (PQntuples(res) != n)
        st = bh_error(db->ctx, BH_E_DB, "%s: %s.%s: no identity sequence", db->path, table, col);
    for (int i = 0; st == BH_OK && i < n; i++)
        ids[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    PQclear(res);
    return st;
}

/* The identity's last value handed out (pg_sequence_last_value: O(1), where max(id) walks back
 * over every row concurrent writers have inserted but not committed); max(col) when the sequence
 * has handed out none since it was set (db copy sets it past the copied ids). */
bh_status bh_pg_bulk_high_id(bh_db *db, const char *table, const char *col, long long *id)
{
    const char *params[2] = {table, col};
    PGresult *res = PQexecParams(PQCONN(db),
                                 "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, "
                                 "$2)::regclass)",
                                 2, NULL, params, NULL, NULL, 0);
    bh_status st = BH_OK;
    if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        st = bh_pg_fail(db, res);
    int known = st == BH_OK && !PQgetisnull(res, 0, 0);
    *id = known ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    if (st != BH_OK || known)
        return st;
    char *t = PQescapeIdentifier(PQCONN(db), table, strlen(table));
    char *c = PQescapeIdentifier(PQCONN(db), col, strlen(col));
    char *sql = t && c ? bh_asprintf("SELECT COALESCE(max(%s), 0) FROM %s", c, t) : NULL;
    PQfreemem(t);
    PQfreemem(c);
    if (sql == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    res = PQexec(PQCONN(db), sql);
    bh_free(sql);
    if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        st = bh_pg_fail(db, res);
    else
        *id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return st;
}

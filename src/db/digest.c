/* bh_db_digest (bohan/db.h): what a copy must keep, per table, comparable across backends.
 * Each row is serialised canonically (typed values; geometry as WKB; reals by their bits) and
 * hashed twice (FNV-1a 64 and a 64-bit multiply-xorshift), and a table's digest is the sum of its
 * rows' hashes: independent of row order and of each backend's sort rules. A check that a copy
 * kept every row, not a cryptographic seal. */
#include "db/db.h"
#include "core/alloc.h"

#include <stdint.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/backend.h"

typedef struct digest_hash {
    uint64_t a, b;
} digest_hash;

static void digest_bytes(digest_hash *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ s[i]) * 0x100000001b3ULL;
        h->b = (h->b + s[i] + 1) * 0x9e3779b97f4a7c15ULL;
        h->b ^= h->b >> 29;
    }
}

static void digest_value(digest_hash *h, const bh_value *v)
{
    unsigned char tag = (unsigned char)v->type;
    digest_bytes(h, &tag, 1);
    switch (v->type) {
    case BH_VAL_INT:
        digest_bytes(h, &v->i, sizeof v->i);
        break;
    case BH_VAL_REAL: {
        double d = v->d == 0 ? 0 : v->d; /* -0 = 0 */
        digest_bytes(h, &d, sizeof d);
        break;
    }
    case BH_VAL_TEXT:
    case BH_VAL_BLOB:
        digest_bytes(h, &v->n, sizeof v->n);
        digest_bytes(h, v->p, v->n);
        break;
    default:
        break;
    }
}

/* The SELECT of a table's columns by name order (geometry as WKB; PostgreSQL's rowid column,
 * a copy's bookkeeping, left out). */
static bh_status digest_select(bh_db *db, const char *table, bh_strbuf *sql)
{
    bh_db_column *cols = NULL;
    size_t n = 0;
    bh_status rc = bh_db_table_columns(db, table, &cols, &n);
    if (rc != BH_OK)
        return rc;
    int *done = bh_calloc(n + 1, sizeof *done);
    bh_strbuf_append(sql, "SELECT ");
    for (size_t k = 0; done && k < n; k++) { /* selection sort by name: few columns */
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && (best == n || strcmp(cols[i].name, cols[best].name) < 0))
                best = i;
        done[best] = 1;
        if (strcmp(cols[best].name, "rowid") == 0)
            continue;
        char *q = bh_asprintf("\"%s\"", cols[best].name);
        bh_strbuf_append(sql, sql->data[sql->len - 1] == ' ' ? "" : ", ");
        if (cols[best].geometry)
            bh_strbuf_printf(sql, bh_db_sql(db)->geom_out, q);
        else
            bh_strbuf_append(sql, q);
        bh_free(q);
    }
    bh_strbuf_printf(sql, " FROM \"%s\"", table);
    if (!done || sql->failed)
        rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_free(done);
    bh_db_columns_free(cols, n);
    return rc;
}

static bh_status digest_table(bh_db *db, const char *table, bh_strbuf *out)
{
    bh_strbuf sql;
    bh_strbuf_init(&sql);
    bh_stmt *st = NULL;
    bh_status rc = digest_select(db, table, &sql);
    if (rc == BH_OK)
        rc = bh_stmt_prepare(db, sql.data, &st);
    uint64_t sa = 0, sb = 0;
    long long rows = 0;
    int step = BH_STEP_DONE;
    while (rc == BH_OK && (step = bh_stmt_step(st)) == BH_STEP_ROW) {
        digest_hash h = {0xcbf29ce484222325ULL, 0x243f6a8885a308d3ULL};
        int nc = bh_stmt_column_count(st);
        for (int i = 0; i < nc; i++) {
            bh_value v;
            bh_stmt_column_value(st, i, &v);
            digest_value(&h, &v);
        }
        sa += h.a;
        sb += h.b;
        rows++;
    }
    if (rc == BH_OK && step == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(st);
    bh_strbuf_free(&sql);
    if (rc == BH_OK)
        bh_strbuf_printf(out, "%s %lld %016llx%016llx\n", table, rows, (unsigned long long)sa,
                         (unsigned long long)sb);
    return rc;
}

bh_status bh_db_digest_table(bh_db *db, const char *table, bh_strbuf *out)
{
    return digest_table(db, table, out);
}

bh_status bh_db_digest(bh_db *db, bh_strbuf *out)
{
    char **tables = NULL;
    size_t n = 0;
    bh_status rc = bh_db_list_tables(db, &tables, &n);
    for (size_t i = 0; rc == BH_OK && i < n; i++)
        rc = digest_table(db, tables[i], out);
    bh_db_names_free(tables, n);
    if (rc == BH_OK && out->failed)
        rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    return rc;
}

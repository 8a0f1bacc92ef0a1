/* The PostgreSQL + PostGIS backend (db/backend.h) on libpq. One connection per bh_db; one
 * transaction per command as on SQLite (BEGIN … COMMIT; a failed statement aborts it, so a
 * command that fails leaves the database as it was). Parameters are sent separately from the SQL
 * (PQexecPrepared), never spliced in. */
#include "db/backend.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "core/strbuf.h"
#include "db/db.h"
#include "db/backend_pg.h"
#include "db/target.h"

enum {
    PG_INT8 = 20,
    PG_INT2 = 21,
    PG_INT4 = 23,
    PG_OID = 26,
    PG_BOOL = 16,
    PG_BYTEA = 17,
    PG_FLOAT4 = 700,
    PG_FLOAT8 = 701,
    PG_NUMERIC = 1700
};

typedef struct pg_stmt {
    bh_stmt base;
    char name[24];
    int nparams;
    char **values; /* text, or the bytes of a blob */
    int *lengths, *formats;
    PGresult *res;
    int row, nrows;
    int oom;               /* a bound value could not be copied: the next step fails */
    unsigned char **blobs; /* decoded bytea of the current row, per column */
    size_t *blob_len;
} pg_stmt;

static PGconn *pg_conn(bh_db *db)
{
    return db->pg;
}

/* libpq's last message without its trailing newline, in a buffer of the caller. */
static const char *pg_message(const char *m, char *buf, size_t size)
{
    snprintf(buf, size, "%s", m && *m ? m : "unknown error");
    size_t n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    char *nl = strchr(buf, '\n'); /* DETAIL/HINT lines: the first line says it */
    if (nl)
        *nl = '\0';
    return buf;
}

/* The conditions a user can act on, by SQLSTATE; NULL for the rest (the server's message). */
static const char *pg_plain_reason(const char *state)
{
    static const struct {
        const char *code, *text;
    } plain[] = {
        {"40001", "another command changed the same rows at the same time; run it again"},
        {"40P01", "deadlock with another command; run it again"},
        {"55P03", "the rows are locked by another command; try again when it has finished"},
        {"53100", "the server's disk is full (nothing was written: the transaction was rolled "
                  "back)"},
        {"42501", "permission denied (the role lacks a privilege this command needs; see "
                  "docs/postgis.md)"},
        {"25006", "the connection is read-only"},
    };
    for (size_t i = 0; state && i < sizeof plain / sizeof *plain; i++)
        if (strcmp(state, plain[i].code) == 0)
            return plain[i].text;
    return NULL;
}

static bh_status pg_fail_res(bh_db *db, const PGresult *res)
{
    char buf[512];
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *plain = pg_plain_reason(state);
    if (plain)
        return bh_error(db->ctx, BH_E_DB, "%s: %s", db->path, plain);
    const char *m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !*m)
        m = PQerrorMessage(pg_conn(db));
    pg_message(m, buf, sizeof buf);
    const char *p = strncmp(buf, "ERROR:  ", 8) == 0 ? buf + 8 : buf;
    return bh_error(db->ctx, BH_E_DB, "%s: SQL error: %s", db->path, p);
}

/* Server notices go to the log (the library never prints). */
static void pg_notice(void *user, const char *msg)
{
    char buf[512];
    bh_log(((bh_db *)user)->ctx, BH_LOG_DEBUG, "postgresql: %s", pg_message(msg, buf, sizeof buf));
}

/* Statements the server refuses to run (not yet converted code on the guard connection). */
static int pg_guard_deny(void *u, int op, const char *a, const char *b, const char *c,
                         const char *d)
{
    (void)u, (void)op, (void)a, (void)b, (void)c, (void)d;
    return SQLITE_DENY;
}

static bh_status pg_connect(bh_db *db, const char *target)
{
    if (bh_db_target_has_password(target))
        return bh_error(db->ctx, BH_E_USAGE,
                        "%s: a password in --db is refused (it shows in ps and shell history); "
                        "put it in PGPASSFILE (~/.pgpass) or a service file (PGSERVICEFILE)",
                        db->path);
    char *conninfo = bh_db_target_conninfo(target);
    if (conninfo == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    const char *keys[] = {"dbname", "client_encoding", "application_name", NULL};
    const char *vals[] = {conninfo, "UTF8", "bohan", NULL};
    db->pg = PQconnectdbParams(keys, vals, 1);
    bh_free(conninfo);
    if (db->pg == NULL)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    if (PQstatus(pg_conn(db)) != CONNECTION_OK) {
        char buf[512];
        return bh_error(db->ctx, BH_E_NOT_FOUND, "%s: cannot connect: %s", db->path,
                        pg_message(PQerrorMessage(pg_conn(db)), buf, sizeof buf));
    }
    PQsetNoticeProcessor(pg_conn(db), pg_notice, db);
    return BH_OK;
}

static bh_status pg_open(bh_db *db, const char *target, unsigned flags)
{
    /* The guard: an empty SQLite connection that refuses everything (db/db.h). */
    if (sqlite3_open_v2(":memory:", &db->sq, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    sqlite3_set_authorizer(db->sq, pg_guard_deny, NULL);
    bh_status st = pg_connect(db, target);
    if (st == BH_OK && (flags & BH_DB_READONLY))
        st = bh_db_exec(db, "SET default_transaction_read_only = on");
    if (st == BH_OK)
        st = bh_db_exec(db, "SET TIME ZONE 'UTC'; SET extra_float_digits = 3");
    if (st == BH_OK &&
        bh_db_scalar_int(db, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'", 0) != 1)
        st = bh_error(db->ctx, BH_E_DB,
                      "%s: PostGIS is not installed in this database (its owner runs: CREATE "
                      "EXTENSION postgis)",
                      db->path);
    return st;
}

static void pg_close(bh_db *db)
{
    if (db->pg)
        PQfinish(pg_conn(db));
    db->pg = NULL;
    if (db->sq)
        sqlite3_close_v2(db->sq);
}

static bh_status pg_exec(bh_db *db, const char *sql)
{
    PGresult *res = PQexec(pg_conn(db), sql);
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    bh_status st = BH_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        st = pg_fail_res(db, res);
    else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
        st = bh_error(db->ctx, BH_E_DB,
                      "%s: the transaction was rolled back by the server; nothing was written",
                      db->path);
    PQclear(res);
    return st;
}

static bh_status pg_begin(bh_db *db)
{
    return pg_exec(db, "BEGIN");
}

static bh_status pg_commit(bh_db *db)
{
    return pg_exec(db, "COMMIT");
}

static void pg_rollback(bh_db *db)
{
    PQclear(PQexec(pg_conn(db), "ROLLBACK"));
}

/* "?" and "?N" → "$N", outside quotes and comments. *nparams: the highest number. */
static char *pg_translate(const char *sql, int *nparams)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    int next = 0, max = 0;
    for (const char *p = sql; *p;) {
        if (*p == '\'' || *p == '"') {
            const char *q = strchr(p + 1, *p);
            q = q ? q + 1 : p + strlen(p);
            bh_strbuf_appendn(&sb, p, (size_t)(q - p));
            p = q;
        } else if (p[0] == '-' && p[1] == '-') {
            size_t n = strcspn(p, "\n");
            bh_strbuf_appendn(&sb, p, n);
            p += n;
        } else if (*p == '?') {
            char *end;
            long k = strtol(p + 1, &end, 10);
            int n = end > p + 1 ? (int)k : ++next;
            if (end > p + 1)
                next = n;
            max = n > max ? n : max;
            bh_strbuf_printf(&sb, "$%d", n);
            p = end > p + 1 ? end : p + 1;
        } else {
            bh_strbuf_appendn(&sb, p++, 1);
        }
    }
    *nparams = max;
    return bh_strbuf_take(&sb);
}

static void pg_free_blobs(pg_stmt *s)
{
    int n = s->res ? PQnfields(s->res) : 0;
    for (int i = 0; s->blobs && i < n; i++) {
        if (s->blobs[i])
            PQfreemem(s->blobs[i]);
        s->blobs[i] = NULL;
    }
}

static void pg_finalize(bh_stmt *st)
{
    pg_stmt *s = (pg_stmt *)st;
    pg_free_blobs(s);
    bh_free(s->blobs);
    bh_free(s->blob_len);
    PQclear(s->res);
    for (int i = 0; i < s->nparams; i++)
        bh_free(s->values[i]);
    bh_free(s->values);
    bh_free(s->lengths);
    bh_free(s->formats);
    PGconn *c = pg_conn(st->db);
    if (s->name[0] && c && PQtransactionStatus(c) != PQTRANS_INERROR) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(c, sql));
    }
    bh_free(s);
}

static bh_status pg_prepare(bh_db *db, const char *sql, bh_stmt **out)
{
    pg_stmt *s = bh_calloc(1, sizeof *s);
    int n = 0;
    char *text = s ? pg_translate(sql, &n) : NULL;
    if (text == NULL) {
        bh_free(s);
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    s->base.db = db;
    s->nparams = n;
    s->values = bh_calloc((size_t)n + 1, sizeof *s->values);
    s->lengths = bh_calloc((size_t)n + 1, sizeof *s->lengths);
    s->formats = bh_calloc((size_t)n + 1, sizeof *s->formats);
    snprintf(s->name, sizeof s->name, "bh%u", ++db->pg_stmts);
    PGresult *res = s->values && s->lengths && s->formats
                        ? PQprepare(pg_conn(db), s->name, text, 0, NULL)
                        : NULL;
    bh_free(text);
    bh_status st = BH_OK;
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        st = res ? pg_fail_res(db, res) : bh_error(db->ctx, BH_E_NOMEM, "out of memory");
        s->name[0] = '\0';
    }
    PQclear(res);
    if (st != BH_OK) {
        pg_finalize(&s->base);
        return st;
    }
    *out = &s->base;
    return BH_OK;
}

static void pg_bind(bh_stmt *st, int i, const bh_value *v)
{
    pg_stmt *s = (pg_stmt *)st;
    if (i < 1 || i > s->nparams)
        return;
    char **slot = &s->values[i - 1];
    bh_free(*slot);
    *slot = NULL;
    s->formats[i - 1] = 0;
    s->lengths[i - 1] = 0;
    switch (v->type) {
    case BH_VAL_INT:
        *slot = bh_asprintf("%lld", v->i);
        break;
    case BH_VAL_REAL:
        *slot = bh_asprintf("%.17g", v->d);
        break;
    case BH_VAL_TEXT:
    case BH_VAL_BLOB:
        *slot = bh_malloc(v->n + 1);
        if (*slot) {
            memcpy(*slot, v->p, v->n);
            (*slot)[v->n] = '\0';
        }
        s->formats[i - 1] = v->type == BH_VAL_BLOB;
        s->lengths[i - 1] = (int)v->n;
        break;
    default:
        return;
    }
    if (*slot == NULL)
        s->oom = 1;
}

static int pg_step(bh_stmt *st)
{
    pg_stmt *s = (pg_stmt *)st;
    pg_free_blobs(s);
    if (s->res == NULL && s->oom) {
        s->oom = 0;
        bh_error(st->db->ctx, BH_E_NOMEM, "out of memory");
        return BH_STEP_ERROR;
    }
    if (s->res == NULL) {
        s->res = PQexecPrepared(pg_conn(st->db), s->name, s->nparams,
                                (const char *const *)s->values, s->lengths, s->formats, 0);
        ExecStatusType t = s->res ? PQresultStatus(s->res) : PGRES_FATAL_ERROR;
        if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
            pg_fail_res(st->db, s->res);
            PQclear(s->res);
            s->res = NULL;
            return BH_STEP_ERROR;
        }
        s->row = -1;
        s->nrows = t == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
        int nf = PQnfields(s->res);
        bh_free(s->blobs);
        bh_free(s->blob_len);
        s->blobs = bh_calloc((size_t)nf + 1, sizeof *s->blobs);
        s->blob_len = bh_calloc((size_t)nf + 1, sizeof *s->blob_len);
        if (!s->blobs || !s->blob_len) {
            bh_error(st->db->ctx, BH_E_NOMEM, "out of memory");
            return BH_STEP_ERROR;
        }
    }
    return ++s->row < s->nrows ? BH_STEP_ROW : BH_STEP_DONE;
}

static void pg_reset(bh_stmt *st)
{
    pg_stmt *s = (pg_stmt *)st;
    pg_free_blobs(s);
    PQclear(s->res);
    s->res = NULL;
}

static int pg_column_count(bh_stmt *st)
{
    pg_stmt *s = (pg_stmt *)st;
    if (s->res == NULL) { /* before the first step: ask the server */
        PGresult *d = PQdescribePrepared(pg_conn(st->db), s->name);
        int n = d ? PQnfields(d) : 0;
        PQclear(d);
        return n;
    }
    return PQnfields(s->res);
}

static const char *pg_column_name(bh_stmt *st, int i)
{
    pg_stmt *s = (pg_stmt *)st;
    return s->res ? PQfname(s->res, i) : NULL;
}

static void pg_column(bh_stmt *st, int i, bh_value *out)
{
    pg_stmt *s = (pg_stmt *)st;
    memset(out, 0, sizeof *out);
    if (!s->res || s->row < 0 || s->row >= s->nrows || i < 0 || i >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, i))
        return;
    const char *v = PQgetvalue(s->res, s->row, i);
    switch (PQftype(s->res, i)) {
    case PG_INT8:
    case PG_INT2:
    case PG_INT4:
    case PG_OID:
        out->type = BH_VAL_INT;
        out->i = strtoll(v, NULL, 10);
        return;
    case PG_BOOL:
        out->type = BH_VAL_INT;
        out->i = v[0] == 't';
        return;
    case PG_FLOAT4:
    case PG_FLOAT8:
    case PG_NUMERIC:
        out->type = BH_VAL_REAL;
        out->d = strtod(v, NULL);
        return;
    case PG_BYTEA:
        if (s->blobs[i] == NULL)
            s->blobs[i] = PQunescapeBytea((const unsigned char *)v, &s->blob_len[i]);
        out->type = s->blobs[i] ? BH_VAL_BLOB : BH_VAL_NULL;
        out->p = s->blobs[i];
        out->n = s->blob_len[i];
        return;
    default:
        out->type = BH_VAL_TEXT;
        out->p = v;
        out->n = (size_t)PQgetlength(s->res, s->row, i);
    }
}

static int pg_has_table(bh_db *db, const char *name)
{
    bh_stmt *st;
    if (bh_stmt_prepare(db,
                        "SELECT 1 FROM information_schema.tables WHERE table_schema = "
                        "current_schema() AND table_name = ?",
                        &st) != BH_OK)
        return 0;
    bh_stmt_bind_text(st, 1, name);
    int found = bh_stmt_step(st) == BH_STEP_ROW;
    bh_stmt_finalize(st);
    return found;
}

static bh_status pg_list_tables(bh_db *db, char ***names, size_t *n)
{
    return bh_db_text_column(db,
                             "SELECT table_name FROM information_schema.tables WHERE table_schema "
                             "= current_schema() AND table_type = 'BASE TABLE' AND table_name NOT "
                             "IN ('spatial_ref_sys', 'bh_sqlite_schema') ORDER BY table_name "
                             "COLLATE \"C\"",
                             NULL, names, n);
}

/* A table's columns. pg_columns_sql leaves PostGIS alone: format_type of a geometry column
 * (its typmod output function) loads the PostGIS library into the server process and
 * geometry_columns plans a large view that calls pg_get_constraintdef on every constraint, ~15 ms
 * together, a tenth of a small import. A geometry column's type and SRID come from its typmod
 * (pg_columns_geometry); one whose typmod says something else than a plain 2D/3D type and an SRID
 * makes the whole query run again the exact way, pg_columns_view_sql. */
#define PG_COLUMNS_HEAD                                                                            \
    "SELECT a.attname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid), COALESCE((SELECT "           \
    "array_position(ix.indkey::int2[], a.attnum) + 1 FROM pg_index ix WHERE ix.indrelid = "        \
    "a.attrelid AND ix.indisprimary), 0), "
#define PG_COLUMNS_TAIL                                                                            \
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " \
    "to_regclass(quote_ident(?1)) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
static const char pg_columns_sql[] =
    PG_COLUMNS_HEAD "CASE WHEN t.typname = 'geometry' THEN NULL ELSE format_type(a.atttypid, "
                    "a.atttypmod) END, t.typname = 'geometry', a.atttypmod FROM pg_attribute a "
                    "JOIN pg_type t ON t.oid = a.atttypid" PG_COLUMNS_TAIL;
static const char pg_columns_view_sql[] =
    PG_COLUMNS_HEAD "format_type(a.atttypid, a.atttypmod), upper(g.type), g.srid FROM "
                    "pg_attribute a LEFT JOIN geometry_columns g ON g.f_table_schema = "
                    "current_schema() AND g.f_table_name = ?1 AND g.f_geometry_column = "
                    "a.attname" PG_COLUMNS_TAIL;

/* c's type, geometry and srid from the PostGIS typmod tm (liblwgeom's TYPMOD_GET_*; the names
 * as postgis_typmod_out and geometry_columns write them); 0, or -1 when tm is not a plain type
 * with an SRID. */
static int pg_columns_geometry(bh_db_column *c, long long tm)
{
    static const char *const names[] = {
        NULL,         "Point",           "LineString",   "Polygon",
        "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"};
    int type = (int)((tm & 0xFC) >> 2), z = (int)((tm & 2) >> 1), m = (int)(tm & 1);
    long long srid = ((tm & 0x0FFFFF00) - (tm & 0x10000000)) >> 8;
    if (tm < 0 || type < 1 || type > 7 || srid <= 0)
        return -1;
    c->type = bh_asprintf("geometry(%s%s%s,%lld)", names[type], z ? "Z" : "", m ? "M" : "", srid);
    c->geometry = bh_strdup(names[type]);
    for (char *p = c->geometry; p && *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    c->srid = (int)srid;
    return 0;
}

/* One row of pg_columns_sql (view 0) or pg_columns_view_sql (view 1) into c; -1 when the
 * geometry must be read through the view. */
static int pg_columns_row(bh_stmt *st, int view, bh_db_column *c)
{
    memset(c, 0, sizeof *c);
    c->name = bh_strdup(bh_stmt_column_text(st, 0));
    c->notnull = (int)bh_stmt_column_int64(st, 1);
    c->dflt = bh_stmt_column_text(st, 2) ? bh_strdup(bh_stmt_column_text(st, 2)) : NULL;
    c->pk = (int)bh_stmt_column_int64(st, 3);
    if (!view && bh_stmt_column_int64(st, 5))
        return pg_columns_geometry(c, bh_stmt_column_int64(st, 6));
    c->type = bh_strdup(bh_stmt_column_text(st, 4));
    if (view && bh_stmt_column_text(st, 5)) {
        c->geometry = bh_strdup(bh_stmt_column_text(st, 5));
        c->srid = (int)bh_stmt_column_int64(st, 6);
    }
    return 0;
}

/* Runs pg_columns_sql (view 0) or pg_columns_view_sql into *cols; *again: a geometry column
 * the first cannot describe. */
static bh_status pg_columns_run(bh_db *db, int view, const char *table, bh_db_column **cols,
                                size_t *n, int *again)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(db, view ? pg_columns_view_sql : pg_columns_sql, &st);
    if (rc != BH_OK)
        return rc;
    bh_stmt_bind_text(st, 1, table);
    size_t cap = 0;
    int r = BH_STEP_DONE;
    while (rc == BH_OK && !*again && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            bh_db_column *grown = bh_realloc(*cols, cap * sizeof *grown);
            if (grown == NULL) {
                rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
                break;
            }
            *cols = grown;
        }
        bh_db_column *c = &(*cols)[(*n)++];
        *again = pg_columns_row(st, view, c) != 0;
        if (!*again && (!c->name || !c->type || (c->srid > 0 && !c->geometry)))
            rc = bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    if (rc == BH_OK && !*again && r == BH_STEP_ERROR)
        rc = bh_ctx_status(db->ctx);
    bh_stmt_finalize(st);
    return rc;
}

static bh_status pg_table_columns(bh_db *db, const char *table, bh_db_column **cols, size_t *n)
{
    *cols = NULL;
    *n = 0;
    int again = 0;
    bh_status rc = pg_columns_run(db, 0, table, cols, n, &again);
    if (rc == BH_OK && again) {
        bh_db_columns_free(*cols, *n);
        *cols = NULL;
        *n = 0;
        again = 0;
        rc = pg_columns_run(db, 1, table, cols, n, &again);
    }
    if (rc != BH_OK) {
        bh_db_columns_free(*cols, *n);
        *cols = NULL;
        *n = 0;
    }
    return rc;
}

static bh_status pg_add_geometry_column(bh_db *db, const char *table, const char *col,
                                        const char *type, int srid)
{
    return bh_db_execq(db, "ALTER TABLE \"%w\" ADD COLUMN \"%w\" geometry(%s, %d)", table, col,
                       type, srid);
}

static bh_status pg_create_spatial_index(bh_db *db, const char *table, const char *col)
{
    return bh_db_execq(db, "CREATE INDEX \"%w_%w_gist\" ON \"%w\" USING GIST (\"%w\")", table, col,
                       table, col);
}

/* The COPY path (bulk_*) is in backend_pg_bulk.c. */
bh_status bh_pg_fail(bh_db *db, const PGresult *res)
{
    return pg_fail_res(db, res);
}

const char *bh_pg_message(const char *m, char *buf, size_t size)
{
    return pg_message(m, buf, size);
}

static char *pg_index_hit(bh_db *db, const char *table, const char *alias, const char *frame)
{
    (void)db, (void)table; /* the GiST index serves && on the column itself */
    return bh_asprintf("%s.geom && %s", alias, frame);
}

static const bh_db_dialect pg_dialect = {
    .geom_out = "ST_AsBinary(%s)",
    .geom_in = "ST_GeomFromWKB(%s, %d)",
    .dwithin = "ST_DWithin(%s, %s, %s)",
    .multi = "ST_Multi(%s)",
    .union_agg = "ST_Union(%s)",
    .bbox = "%s && ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g, %d)",
    .now_utc = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    .group_any = "(array_agg(%s))[1]",
    .strpos = "strpos(%s, %s)",
    .mbr_hit = "%s && %s",
    .envelope = "ST_MakeEnvelope(%s, %s, %s, %s, %d)",
    .point = "ST_Point(%.17g, %.17g, %d)",
    .bounds = "ST_XMin(%s), ST_YMin(%s), ST_XMax(%s), ST_YMax(%s)",
    .transform = "ST_Transform(%s, %d)",
    .key_lock = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) l",
    .geom_hex = "ST_GeomFromWKB('\\x%s'::bytea, %d)",
    .index_hit = pg_index_hit,
};

const bh_db_backend bh_db_pg_backend = {
    .name = "PostgreSQL",
    .kind = BH_DB_POSTGRES,
    .dialect = &pg_dialect,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .prepare = pg_prepare,
    .bind = pg_bind,
    .step = pg_step,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column = pg_column,
    .has_table = pg_has_table,
    .list_tables = pg_list_tables,
    .table_columns = pg_table_columns,
    .add_geometry_column = pg_add_geometry_column,
    .create_spatial_index = pg_create_spatial_index,
    .bulk_begin = bh_pg_bulk_begin,
    .bulk_row = bh_pg_bulk_row,
    .bulk_end = bh_pg_bulk_end,
    .bulk_ids = bh_pg_bulk_ids,
    .bulk_high_id = bh_pg_bulk_high_id,
};

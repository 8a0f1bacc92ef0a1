/* The PostgreSQL + PostGIS backend (db/backend.h) on libpq. One connection per bh_db; one
 * transaction per command as on SQLite (BEGIN … COMMIT; a failed statement aborts it, so a
 * command that fails leaves the database as it was). Parameters are sent separately from the SQL
 * (PQexecParams / PQexecPrepared), never spliced in.
 *
 * A statement costs one round trip: bh_stmt_prepare only translates the SQL, its first run sends
 * SQL and parameters together (PQexecParams: parse, bind and execute at once), and only a
 * statement run again after a reset is prepared on the server (PQprepare, then PQexecPrepared),
 * so loops do not parse each time. The server checks the SQL at the first step, not at prepare. */
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
    char *sql;     /* translated ("$N" parameters) */
    char name[24]; /* set once prepared on the server */
    int runs;      /* executions so far: the second one prepares */
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

/* The session settings and the PostGIS check, in one round trip at open. */
#define PG_SESSION                                                                                 \
    "SET TIME ZONE 'UTC'; SET extra_float_digits = 3; SELECT count(*) FROM pg_extension WHERE "    \
    "extname = 'postgis'"

static bh_status pg_open(bh_db *db, const char *target, unsigned flags)
{
    /* The guard: an empty SQLite connection that refuses everything (db/db.h). */
    if (sqlite3_open_v2(":memory:", &db->sq, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    sqlite3_set_authorizer(db->sq, pg_guard_deny, NULL);
    bh_status st = pg_connect(db, target);
    if (st != BH_OK)
        return st;
    db->pg_readonly = (flags & BH_DB_READONLY) != 0;
    PGresult *res =
        PQexec(pg_conn(db), db->pg_readonly ? "SET default_transaction_read_only = on; " PG_SESSION
                                            : PG_SESSION);
    if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
        st = pg_fail_res(db, res);
    else if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "1") != 0)
        st = bh_error(db->ctx, BH_E_DB,
                      "%s: PostGIS is not installed in this database (its owner runs: CREATE "
                      "EXTENSION postgis)",
                      db->path);
    PQclear(res);
    return st;
}

/* Drops what a read-only snapshot lets the connection keep (has_table's list, the SRID): a
 * transaction begins or ends, or a statement may change the tables. */
static void pg_forget_snapshot(bh_db *db)
{
    bh_db_names_free(db->pg_tables, db->pg_ntables);
    db->pg_tables = NULL;
    db->pg_ntables = 0;
    db->pg_listed = 0;
    db->pg_srid_known = 0;
}

static void pg_close(bh_db *db)
{
    pg_forget_snapshot(db);
    if (db->pg)
        PQfinish(pg_conn(db));
    db->pg = NULL;
    if (db->sq)
        sqlite3_close_v2(db->sq);
}

static bh_status pg_exec(bh_db *db, const char *sql)
{
    pg_forget_snapshot(db);
    if (strncmp(sql, "BEGIN", 5) == 0 || strcmp(sql, "COMMIT") == 0)
        db->pg_snapshot = 0; /* other statements leave a read-only transaction read-only */
    PGresult *res = PQexec(pg_conn(db), sql);
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    bh_status st = BH_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        st = pg_fail_res(db, res);
    else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
        st = bh_error(db->ctx, BH_E_DB,
                      "%s: the transaction was rolled back by the server; nothing was written",
                      db->path);
    else if (strncmp(sql, "BEGIN ", 6) == 0 && strstr(sql, " READ ONLY") &&
             (strstr(sql, " REPEATABLE READ") || strstr(sql, " SERIALIZABLE")))
        db->pg_snapshot = 1; /* bh_db_read_begin */
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
    pg_forget_snapshot(db);
    db->pg_snapshot = 0;
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
    for (int i = 0; s->values && i < s->nparams; i++)
        bh_free(s->values[i]);
    bh_free(s->values);
    bh_free(s->lengths);
    bh_free(s->formats);
    bh_free(s->sql);
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
    s->sql = text;
    s->nparams = n;
    s->values = bh_calloc((size_t)n + 1, sizeof *s->values);
    s->lengths = bh_calloc((size_t)n + 1, sizeof *s->lengths);
    s->formats = bh_calloc((size_t)n + 1, sizeof *s->formats);
    if (!s->values || !s->lengths || !s->formats) {
        pg_finalize(&s->base);
        return bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    }
    *out = &s->base;
    return BH_OK;
}

/* Prepares s on the server under a name of its own (for a second run, or a describe). */
static bh_status pg_server_prepare(pg_stmt *s)
{
    bh_db *db = s->base.db;
    char name[sizeof s->name];
    snprintf(name, sizeof name, "bh%u", ++db->pg_stmts);
    PGresult *res = PQprepare(pg_conn(db), name, s->sql, 0, NULL);
    bh_status st = BH_OK;
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
        st = res ? pg_fail_res(db, res) : bh_error(db->ctx, BH_E_NOMEM, "out of memory");
    else
        memcpy(s->name, name, sizeof name);
    PQclear(res);
    return st;
}

/* Runs s once into *res: SQL and parameters in one message the first time, by its prepared name
 * after. Fails only when preparing fails (reported); *res then NULL. */
static bh_status pg_run(pg_stmt *s, PGresult **res)
{
    PGconn *c = pg_conn(s->base.db);
    const char *const *vals = (const char *const *)s->values;
    *res = NULL;
    if (s->runs++ == 0 && !s->name[0]) {
        *res = PQexecParams(c, s->sql, s->nparams, NULL, vals, s->lengths, s->formats, 0);
        return BH_OK;
    }
    bh_status st = s->name[0] ? BH_OK : pg_server_prepare(s);
    if (st == BH_OK)
        *res = PQexecPrepared(c, s->name, s->nparams, vals, s->lengths, s->formats, 0);
    return st;
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
        if (pg_run(s, &s->res) != BH_OK)
            return BH_STEP_ERROR;
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
    if (s->res == NULL) { /* before the first step: prepare it to ask the server */
        if (!s->name[0] && pg_server_prepare(s) != BH_OK)
            return 0;
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
    .has_table = bh_pg_has_table,
    .list_tables = bh_pg_list_tables,
    .table_columns = bh_pg_table_columns,
    .add_geometry_column = bh_pg_add_geometry_column,
    .create_spatial_index = bh_pg_create_spatial_index,
    .bulk_begin = bh_pg_bulk_begin,
    .bulk_row = bh_pg_bulk_row,
    .bulk_end = bh_pg_bulk_end,
    .bulk_ids = bh_pg_bulk_ids,
    .bulk_high_id = bh_pg_bulk_high_id,
};

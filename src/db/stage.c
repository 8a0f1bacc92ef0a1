/* The working copy of db/stage.h: copied in, digested, written back where the digest moved. */
#include "db/stage.h"
#include "core/alloc.h"

#include <string.h>
#include "core/strbuf.h"
#include "db/copy.h"
#include "db/schema.h"

struct bh_db_stage {
    bh_db *db, *mem;
    bh_copy_schema rec;
    char **tables;       /* copied, in the record's (creation) order */
    char **digest;       /* each table's digest line when copied (NULL: only read) */
    unsigned char *read; /* 1: copied only to be read (never compared nor written back) */
    size_t n;
    char **absent; /* catalogued tables of db not copied: views over a missing table */
    size_t nabsent;
    const char *const *extra; /* the caller's; tables it may create are written back too */
    int write;                /* opened for a writer: digests taken, write-back allowed */
};

static int stage_has(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

static int stage_listed(const char *const *names, const char *name)
{
    for (size_t k = 0; names && names[k]; k++)
        if (strcmp(names[k], name) == 0)
            return 1;
    return 0;
}

static bh_status stage_keep(bh_db_stage *s, char ***list, size_t *n, const char *t)
{
    if (((*list)[*n] = bh_strdup(t)) == NULL)
        return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
    (*n)++;
    return BH_OK;
}

/* The tables to copy, present in db, in record order: layers, meta, extra, reads and (every) the
 * catalogue's; the catalogue's others are absent. */
static bh_status stage_pick(bh_db_stage *s, const bh_db_stage_spec *spec)
{
    char **named = NULL, **present = NULL; /* one round trip each, not one per table */
    size_t nn = 0, np = 0;
    bh_status rc = bh_db_text_column(s->db, "SELECT table_name FROM layers", NULL, &named, &nn);
    if (rc == BH_OK)
        rc = bh_db_list_tables(s->db, &present, &np);
    size_t cap = s->rec.n + 1;
    s->tables = rc == BH_OK ? bh_calloc(cap, sizeof *s->tables) : NULL;
    s->digest = rc == BH_OK ? bh_calloc(cap, sizeof *s->digest) : NULL;
    s->read = rc == BH_OK ? bh_calloc(cap, 1) : NULL;
    s->absent = rc == BH_OK ? bh_calloc(cap, sizeof *s->absent) : NULL;
    if (rc == BH_OK && (!s->tables || !s->digest || !s->read || !s->absent))
        rc = bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < s->rec.n; i++) {
        const char *t = s->rec.obj[i].name;
        if (strcmp(s->rec.obj[i].type, "table") != 0 || stage_has(s->tables, s->n, t) ||
            stage_has(s->absent, s->nabsent, t))
            continue;
        int cat = stage_has(named, nn, t);
        int write =
            strcmp(t, "layers") == 0 || strcmp(t, "meta") == 0 || stage_listed(spec->extra, t);
        int read = !write && stage_listed(spec->reads, t);
        if (!write && !read && !cat)
            continue;
        if (!stage_has(present, np, t))
            continue;
        if (write || read)
            s->read[s->n] = (unsigned char)read;
        rc = write || read ? stage_keep(s, &s->tables, &s->n, t)
                           : stage_keep(s, &s->absent, &s->nabsent, t);
    }
    bh_db_names_free(named, nn);
    bh_db_names_free(present, np);
    return rc;
}

/* A table the work makes anew: its columns without its rows. */
static bh_status stage_empty(bh_db_stage *s, const char *table)
{
    bh_db_column *cols = NULL;
    size_t n = 0;
    bh_status rc = bh_db_table_columns(s->db, table, &cols, &n);
    if (rc == BH_OK)
        rc = bh_copy_create_table(s->mem, &s->rec, table, cols, n, 0);
    bh_db_columns_free(cols, n);
    return rc;
}

static bh_status stage_digest(bh_db *db, const char *table, char **out)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_status rc = bh_db_digest_table(db, table, &sb);
    if (rc == BH_OK && sb.failed)
        rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (rc == BH_OK)
        *out = sb.data, sb.data = NULL;
    bh_strbuf_free(&sb);
    return rc;
}

bh_status bh_db_stage_lock(bh_db *db)
{
    if (bh_db_kind_of(db) != BH_DB_POSTGRES)
        return BH_OK;
    return bh_db_exec(db, "LOCK TABLE layers IN SHARE ROW EXCLUSIVE MODE");
}

/* A catalogued table not copied: its name a view over a missing table, so the work fails on
 * it (and bh_db_has_table sees it, as on db) instead of reading nothing or taking another path. */
static bh_status stage_absent(bh_db_stage *s)
{
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < s->nabsent; i++)
        rc = bh_db_execq(s->mem,
                         "CREATE VIEW \"%w\" AS SELECT * FROM \"%w (not in the working copy)\"",
                         s->absent[i], s->absent[i]);
    return rc;
}

/* The authorizer of the working copy: a table copied only to be read is never changed (it is
 * not compared, so a change would be lost). */
static int stage_guard(void *user, int action, const char *a, const char *b, const char *c,
                       const char *d)
{
    (void)c, (void)d;
    const bh_db_stage *s = user;
    const char *t = action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE ||
                            action == SQLITE_DROP_TABLE
                        ? a
                    : action == SQLITE_ALTER_TABLE || action == SQLITE_CREATE_INDEX ||
                            action == SQLITE_DROP_INDEX || action == SQLITE_CREATE_TRIGGER
                        ? b
                        : NULL;
    for (size_t i = 0; t && i < s->n; i++)
        if (s->read[i] && strcmp(s->tables[i], t) == 0) {
            bh_log(bh_db_ctx(s->db), BH_LOG_ERROR,
                   "%s: working copy: table %s was copied only to be read", bh_db_path(s->db), t);
            return SQLITE_DENY;
        }
    return SQLITE_OK;
}

/* The copies (fresh ones without rows), their indexes (UNIQUE ones too), the absent tables'
 * views, and what write-back compares: the digests of the tables not only read. */
static bh_status stage_fill(bh_db_stage *s, const char *const *fresh)
{
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < s->n; i++)
        rc = stage_listed(fresh, s->tables[i])
                 ? stage_empty(s, s->tables[i])
                 : bh_copy_table(s->db, s->mem, &s->rec, s->tables[i]);
    for (size_t i = 0; rc == BH_OK && i < s->rec.n; i++)
        if (strcmp(s->rec.obj[i].type, "index") == 0 &&
            stage_has(s->tables, s->n, s->rec.obj[i].tbl))
            rc = bh_db_exec(s->mem, s->rec.obj[i].sql);
    if (rc == BH_OK)
        rc = stage_absent(s);
    for (size_t i = 0; rc == BH_OK && s->write && i < s->n; i++)
        if (!s->read[i])
            rc = stage_digest(s->mem, s->tables[i], &s->digest[i]);
    if (rc == BH_OK)
        sqlite3_set_authorizer(bh_db_sqlite(s->mem), stage_guard, s);
    return rc;
}

bh_status bh_db_stage_open(bh_db *db, const bh_db_stage_spec *spec, bh_db_stage **out)
{
    *out = NULL;
    bh_db_stage *s = bh_calloc(1, sizeof *s);
    if (s == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    s->db = db;
    s->extra = spec->extra;
    s->write = spec->write;
    bh_status rc = spec->write ? bh_db_stage_lock(db) : BH_OK;
    if (rc == BH_OK)
        rc = bh_copy_schema_read(db, &s->rec);
    if (rc == BH_OK)
        rc = stage_pick(s, spec);
    if (rc == BH_OK)
        rc = bh_db_open(bh_db_ctx(db), ":memory:", BH_DB_CREATE, &s->mem);
    if (rc == BH_OK)
        rc = bh_db_set_path(s->mem, bh_db_path(db));
    if (rc == BH_OK)
        rc = bh_schema_spatial_init(s->mem, bh_db_srid(db));
    if (rc == BH_OK)
        rc = stage_fill(s, spec->fresh);
    if (rc != BH_OK) {
        bh_db_stage_destroy(s);
        return rc;
    }
    *out = s;
    return BH_OK;
}

bh_db *bh_db_stage_db(bh_db_stage *s)
{
    return s->mem;
}

/* PostgreSQL's record (bh_sqlite_schema) of table made that of the working copy. */
static bh_status stage_record(bh_db_stage *s, const bh_copy_schema *now, const char *table)
{
    if (!bh_db_has_table(s->db, "bh_sqlite_schema"))
        return BH_OK;
    bh_status rc = bh_db_execq(s->db, "DELETE FROM bh_sqlite_schema WHERE tbl_name = %Q", table);
    bh_stmt *st = NULL;
    if (rc == BH_OK)
        rc = bh_stmt_prepare(s->db,
                             "INSERT INTO bh_sqlite_schema (seq, type, name, tbl_name, sql) SELECT "
                             "COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM bh_sqlite_schema",
                             &st);
    for (size_t i = 0; rc == BH_OK && i < now->n; i++) {
        const bh_copy_obj *o = &now->obj[i];
        if (strcmp(o->tbl, table) != 0 || strcmp(o->type, "trigger") == 0)
            continue;
        bh_stmt_reset(st);
        bh_stmt_bind_text(st, 1, o->type);
        bh_stmt_bind_text(st, 2, o->name);
        bh_stmt_bind_text(st, 3, o->tbl);
        bh_stmt_bind_text(st, 4, o->sql);
        if (bh_stmt_step(st) != BH_STEP_DONE)
            rc = bh_ctx_status(bh_db_ctx(s->db));
        else if (strcmp(o->type, "index") == 0)
            rc = bh_db_exec(s->db, o->sql);
    }
    bh_stmt_finalize(st);
    return rc;
}

/* A table the work made anew (dropped and created, or new): the same on db, rows and record. */
static bh_status stage_recreate(bh_db_stage *s, const bh_copy_schema *now, const char *table)
{
    bh_status rc = bh_db_execq(s->db, "DROP TABLE IF EXISTS \"%w\"", table);
    if (rc == BH_OK && bh_db_has_table(s->mem, table))
        rc = bh_copy_table(s->mem, s->db, now, table);
    if (rc == BH_OK)
        rc = bh_db_kind_of(s->db) == BH_DB_POSTGRES ? stage_record(s, now, table) : BH_OK;
    return rc;
}

static bh_status stage_write_one(bh_db_stage *s, const bh_copy_schema *now, size_t i, int *w)
{
    const char *t = s->tables[i];
    const char *was = bh_copy_schema_table_sql(&s->rec, t), *is = bh_copy_schema_table_sql(now, t);
    if (is == NULL || was == NULL || strcmp(was, is) != 0) {
        (*w)++;
        return stage_recreate(s, now, t);
    }
    char *dig = NULL;
    bh_status rc = stage_digest(s->mem, t, &dig);
    if (rc == BH_OK && strcmp(dig, s->digest[i]) != 0) {
        rc = bh_copy_rows_replace(s->mem, s->db, now, t);
        (*w)++;
    }
    bh_free(dig);
    return rc;
}

bh_status bh_db_stage_write(bh_db_stage *s, int *written)
{
    if (!s->write)
        return bh_error(bh_db_ctx(s->db), BH_E_INTERNAL, "a reader's working copy is not written");
    int w = 0;
    bh_copy_schema now = {0};
    char **named = NULL;
    size_t nn = 0;
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < s->nabsent; i++) /* not tables the work added */
        rc = bh_db_execq(s->mem, "DROP VIEW IF EXISTS \"%w\"", s->absent[i]);
    if (rc == BH_OK)
        rc = bh_copy_schema_read(s->mem, &now);
    if (rc == BH_OK)
        rc = bh_db_text_column(s->mem, "SELECT table_name FROM layers", NULL, &named, &nn);
    for (size_t i = 0; rc == BH_OK && i < s->n; i++)
        rc = s->read[i] ? BH_OK : stage_write_one(s, &now, i, &w);
    for (size_t i = 0; rc == BH_OK && i < nn; i++) /* layers the work added */
        if (!stage_has(s->tables, s->n, named[i]) && bh_db_has_table(s->mem, named[i])) {
            rc = stage_recreate(s, &now, named[i]);
            w++;
        }
    for (size_t i = 0; rc == BH_OK && s->extra && s->extra[i]; i++)
        if (!stage_has(s->tables, s->n, s->extra[i]) && !stage_has(named, nn, s->extra[i]) &&
            bh_db_has_table(s->mem, s->extra[i])) {
            rc = stage_recreate(s, &now, s->extra[i]);
            w++;
        }
    bh_db_names_free(named, nn);
    bh_copy_schema_free(&now);
    if (written)
        *written = w;
    return rc;
}

static bh_status stage_rows_table(bh_db_stage *s, const char *table, bh_stmt *r, bh_stmt **ins)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    int nc = bh_stmt_column_count(r);
    for (int i = 0; i < nc; i++)
        bh_strbuf_printf(&sb, "%s\"%s\"", i ? ", " : "", bh_stmt_column_name(r, i));
    bh_status rc = sb.failed ? bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory")
                             : bh_db_execq(s->mem, "CREATE TABLE \"%w\" (%s)", table, sb.data);
    bh_strbuf_free(&sb);
    bh_strbuf_init(&sb);
    for (int i = 0; i < nc; i++)
        bh_strbuf_append(&sb, i ? ", ?" : "?");
    if (rc == BH_OK)
        rc = bh_stmt_preparef(s->mem, ins, "INSERT INTO \"%w\" VALUES (%s)", table,
                              sb.data ? sb.data : "");
    bh_strbuf_free(&sb);
    return rc;
}

bh_status bh_db_stage_rows(bh_db_stage *s, const char *table, const char *select)
{
    bh_stmt *r = NULL, *ins = NULL;
    bh_status rc = bh_stmt_prepare(s->db, select, &r);
    int step = rc == BH_OK ? bh_stmt_step(r) : BH_STEP_ERROR;
    if (rc == BH_OK && step != BH_STEP_ERROR) /* columns are known after the first step */
        rc = stage_rows_table(s, table, r, &ins);
    for (; rc == BH_OK && step == BH_STEP_ROW; step = bh_stmt_step(r)) {
        bh_stmt_reset(ins);
        for (int i = 0; i < bh_stmt_column_count(r); i++) {
            bh_value v;
            bh_stmt_column_value(r, i, &v);
            bh_stmt_bind_value(ins, i + 1, &v);
        }
        if (bh_stmt_step(ins) != BH_STEP_DONE)
            rc = bh_ctx_status(bh_db_ctx(s->mem));
    }
    if (rc == BH_OK && step == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    bh_stmt_finalize(r);
    bh_stmt_finalize(ins);
    return rc;
}

void bh_db_stage_destroy(bh_db_stage *s)
{
    if (s == NULL)
        return;
    bh_db_close(s->mem);
    bh_copy_schema_free(&s->rec);
    for (size_t i = 0; i < s->n; i++) {
        bh_free(s->tables[i]);
        bh_free(s->digest[i]);
    }
    for (size_t i = 0; i < s->nabsent; i++)
        bh_free(s->absent[i]);
    bh_free(s->tables);
    bh_free(s->digest);
    bh_free(s->read);
    bh_free(s->absent);
    bh_free(s);
}

bh_status bh_db_staged(bh_db *db, const bh_db_stage_spec *spec, bh_db_stage_fn fn, void *user)
{
    if (bh_db_kind_of(db) != BH_DB_POSTGRES)
        return fn(db, user);
    int alone = !bh_db_in_tx(db);
    bh_status rc = alone ? bh_db_begin(db) : BH_OK;
    bh_db_stage *sg = NULL;
    if (rc == BH_OK)
        rc = bh_db_stage_open(db, spec, &sg);
    if (rc == BH_OK && spec->prepare)
        rc = spec->prepare(db, sg, user);
    if (rc == BH_OK)
        rc = fn(bh_db_stage_db(sg), user);
    if (rc == BH_OK && spec->write)
        rc = bh_db_stage_write(sg, NULL);
    bh_db_stage_destroy(sg);
    if (alone && rc == BH_OK)
        rc = bh_db_commit(db);
    else if (alone && bh_db_in_tx(db))
        bh_db_rollback(db);
    return rc;
}

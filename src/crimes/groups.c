/* The importer's per-file group counts (groups.h). A key is "state\0place\0type\0" followed by
 * the month (4 bytes) and the sample flag (1 byte). */
#include "crimes/groups.h"

#include <stdint.h>
#include <string.h>

static void put_text(bh_strbuf *k, const char *s)
{
    bh_strbuf_appendn(k, s ? s : "", (s ? strlen(s) : 0) + 1);
}

int bh_crime_groups_add(bh_crime_groups *g, const char *state, const char *place, const char *type,
                        int ym, int sample)
{
    int located = strcmp(state, "chome") == 0 || strcmp(state, "oaza") == 0;
    bh_strbuf_reset(&g->key);
    put_text(&g->key, state);
    put_text(&g->key, located ? place : NULL);
    put_text(&g->key, type);
    int32_t m = ym;
    char flag = sample != 0;
    bh_strbuf_appendn(&g->key, (const char *)&m, sizeof m);
    bh_strbuf_appendn(&g->key, &flag, 1);
    if (g->key.failed)
        return -1;
    bh_hash_entry *e = bh_hash_map_add(&g->m, g->key.data, g->key.len, NULL);
    if (e == NULL)
        return -1;
    e->val.num++;
    return 0;
}

void bh_crime_groups_clear(bh_crime_groups *g)
{
    bh_hash_map_free(&g->m, NULL);
    bh_strbuf_free(&g->key);
}

/* The values of one group: state, place, type, month, rows, sample rows. */
static void group_values(const bh_hash_entry *e, bh_value v[6])
{
    const char *state = e->key, *place = state + strlen(state) + 1;
    const char *type = place + strlen(place) + 1, *tail = type + strlen(type) + 1;
    int32_t ym;
    memcpy(&ym, tail, sizeof ym);
    v[0] = (bh_value){.type = BH_VAL_TEXT, .p = state, .n = strlen(state)};
    v[1] = (bh_value){.type = BH_VAL_TEXT, .p = place, .n = strlen(place)};
    v[2] = (bh_value){.type = BH_VAL_TEXT, .p = type, .n = strlen(type)};
    v[3] = (bh_value){.type = BH_VAL_INT, .i = ym};
    v[4] = (bh_value){.type = BH_VAL_INT, .i = e->val.num};
    v[5] = (bh_value){.type = BH_VAL_INT, .i = tail[sizeof ym] ? e->val.num : 0};
}

/* The groups into bh_file_groups: by the bulk path when the backend has one (a few thousand
 * rows: one COPY instead of a round trip each), else one prepared INSERT. */
static bh_status store_rows(bh_db *db, const bh_crime_groups *g)
{
    static const char *const cols[] = {"state", "place", "crime_type", "ym", "n", "n_sample"};
    int bulk = bh_db_has_bulk(db);
    bh_db_bulk *b = NULL;
    bh_stmt *ins = NULL;
    bh_status rc =
        bulk ? bh_db_bulk_begin(db, "bh_file_groups", cols, 6, NULL, &b)
             : bh_stmt_prepare(db, "INSERT INTO bh_file_groups VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               &ins);
    size_t i = 0;
    const bh_hash_entry *e;
    while (rc == BH_OK && (e = bh_hash_map_next(&g->m, &i)) != NULL) {
        bh_value v[6];
        group_values(e, v);
        if (bulk) {
            rc = bh_db_bulk_row(b, v);
            continue;
        }
        bh_stmt_reset(ins);
        for (int k = 0; k < 6; k++)
            bh_stmt_bind_value(ins, k + 1, &v[k]);
        if (bh_stmt_step(ins) != BH_STEP_DONE)
            rc = bh_ctx_status(bh_db_ctx(db));
    }
    bh_stmt_finalize(ins);
    if (b != NULL) {
        bh_status end = bh_db_bulk_end(b, rc == BH_OK);
        rc = rc == BH_OK ? end : rc;
    }
    return rc;
}

bh_status bh_crime_groups_store(bh_db *db, const bh_crime_groups *g)
{
    bh_status rc = bh_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS bh_file_groups (state TEXT NOT "
                                  "NULL, place TEXT NOT NULL, crime_type TEXT NOT NULL, ym "
                                  "INTEGER NOT NULL, n INTEGER NOT NULL, n_sample INTEGER NOT "
                                  "NULL); DELETE FROM bh_file_groups");
    /* Unqualified: the temporary table comes first on both backends (SQLite temp, pg_temp). */
    return rc == BH_OK ? store_rows(db, g) : rc;
}

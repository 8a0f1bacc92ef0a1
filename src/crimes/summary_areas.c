/* The areas of a summary and where each crime row falls (docs/crime-stats.md).
 *
 * chome: one area per place (crimes/places.h): a town_blocks row (id key_code), or the group of
 * the blocks sharing a name (id their key_codes joined by '+', union, population summed); places
 * of the areal kinds are in the 町丁目 → area table, groups included. Rows known only to the 大字
 * (state 'oaza') go to one "大字のみ" remainder row per 大字 (id "oaza:<name>", no geometry, no
 * population), listed after the blocks. oaza: oaza layer rows (id name), or the dissolve of
 * town_blocks by oaza without an oaza layer; population = sum of its blocks. koban: koban_areas
 * (id name); school-district: school_districts (id school_name); grid:M: cells of M metres (id
 * "col:row"). For every areal kind the population weights and the area of each block and 大字 come
 * from the stored 町丁目 → area table (summary_map.c, areamap.c): a crime row counts in the area
 * holding its block's (or 大字's) representative point. Count-table rows by 交番 (state 'koban') go
 * to that koban area for koban summaries and to a "<name>（交番単位）" row (id "koban:<name>")
 * otherwise; city-wide count rows (state 'city') to a "（市全体・地区不明）" row (id "city"). These
 * rows have no geometry and no population. A row whose place is in no area (unknown key_code,
 * point outside every polygon) is counted in a "位置不明" row (id "unlocated"), so the areas'
 * totals always add up to the in-city rows. */
#include "crimes/summary_internal.h"
#include "core/alloc.h"

#include <string.h>
#include "core/hash.h"
#include "core/normalize.h"
#include "core/strbuf.h"
#include "crimes/places.h"

int bh_sum_index_get(const bh_hash_map *m, const char *key, int *val)
{
    const bh_hash_entry *e = bh_hash_map_get(m, key);
    if (e)
        *val = (int)e->val.num;
    return e != NULL;
}

int bh_sum_index_put(bh_hash_map *m, const char *key, int val)
{
    bh_hash_entry *e = bh_hash_map_add(m, key, strlen(key), NULL);
    if (!e)
        return -1;
    e->val.num = val;
    return 0;
}

int bh_sum_add_area(bh_summary *s, const char *id, const char *name, double pop, unsigned char *wkb,
                    size_t wkb_len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        bh_sum_area *a = bh_realloc(s->areas, cap * sizeof *a);
        if (a == NULL) {
            bh_free(wkb);
            return -1;
        }
        s->areas = a;
        s->cap = cap;
    }
    bh_sum_area *a = &s->areas[s->n];
    memset(a, 0, sizeof *a);
    a->id = bh_strdup(id);
    a->name = bh_strdup(name ? name : id);
    a->pop = pop;
    a->wkb = wkb;
    a->wkb_len = wkb_len;
    a->counts = bh_calloc(s->n_types ? s->n_types : 1, sizeof *a->counts);
    s->n++;
    if (a->id == NULL || a->name == NULL || a->counts == NULL ||
        bh_sum_index_put(&s->ids, id, (int)(s->n - 1)) != 0)
        return -1;
    return (int)(s->n - 1);
}

/* A copy of column col's blob in *out (NULL when the column holds no blob, e.g. a NULL
 * geometry); -1 when the copy cannot be allocated, so an area never loses its shape silently. */
static int blob_copy(bh_stmt *st, int col, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (bh_stmt_column_type(st, col) != BH_VAL_BLOB)
        return 0;
    size_t n = 0;
    const void *src = bh_stmt_column_blob(st, col, &n);
    unsigned char *p = bh_malloc(n ? n : 1);
    if (p == NULL)
        return -1;
    memcpy(p, src, n);
    *out = p;
    *len = n;
    return 0;
}

static bh_status nomem(bh_summary *s)
{
    return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
}

/* The backend's spelling of fmt's spatial calls (db/stmt.h): "@WKB(x)" → geometry as WKB (NULL,
 * x left out, when s->no_geom), "@MULTI(x)" → its MULTI type, "@MBR(a, b)" → their boxes meet,
 * "@ANY(x)" → x of a one-row group. Caller frees. */
static char *sum_sql(bh_summary *s, const char *fmt)
{
    const bh_db_dialect *d = bh_db_sql(s->db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (const char *p = fmt; *p;) {
        const char *f = strncmp(p, "@WKB(", 5) == 0     ? d->geom_out
                        : strncmp(p, "@MULTI(", 7) == 0 ? d->multi
                        : strncmp(p, "@ANY(", 5) == 0   ? d->group_any
                        : strncmp(p, "@MBR(", 5) == 0   ? d->mbr_hit
                                                        : NULL;
        if (f == NULL) {
            bh_strbuf_appendn(&sb, p++, 1);
            continue;
        }
        const char *open = strchr(p, '('), *q = open + 1;
        int depth = 1;
        const char *comma = NULL;
        for (; *q && depth; q++) {
            depth += (*q == '(') - (*q == ')');
            if (*q == ',' && depth == 1 && !comma)
                comma = q;
        }
        if (s->no_geom && f == d->geom_out) {
            bh_strbuf_append(&sb, "NULL");
            p = q;
            continue;
        }
        char *inner = bh_asprintf("%.*s", (int)(q - open - 2), open + 1);
        char *a = comma ? bh_asprintf("%.*s", (int)(comma - open - 1), open + 1) : NULL;
        char *b = comma ? bh_asprintf("%.*s", (int)(q - comma - 3), comma + 2) : NULL;
        char *in = inner ? sum_sql(s, comma ? "" : inner) : NULL;
        if (comma && a && b)
            bh_strbuf_printf(&sb, f, a, b);
        else if (in)
            bh_strbuf_printf(&sb, f, in);
        bh_free(in);
        bh_free(inner);
        bh_free(a);
        bh_free(b);
        p = q;
    }
    return bh_strbuf_take(&sb);
}

/* Runs sql (sum_sql spelling) yielding (id, name, population, wkb) rows, appended as areas. */
static bh_status load_rows(bh_summary *s, const char *fmt)
{
    char *sql = sum_sql(s, fmt);
    bh_stmt *st;
    bh_status rc = sql ? bh_stmt_prepare(s->db, sql, &st) : nomem(s);
    bh_free(sql);
    if (rc != BH_OK)
        return rc;
    int r;
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *id = bh_stmt_column_text(st, 0);
        if (id == NULL)
            continue;
        size_t len;
        unsigned char *wkb;
        if (blob_copy(st, 3, &wkb, &len) != 0 ||
            bh_sum_add_area(s, id, bh_stmt_column_text(st, 1), bh_stmt_column_double(st, 2), wkb,
                            len) < 0) {
            bh_stmt_finalize(st);
            return nomem(s);
        }
    }
    bh_stmt_finalize(st);
    return r == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(s->db));
}

static bh_status need_table(bh_summary *s, const char *table, const char *hint)
{
    if (bh_db_has_table(s->db, table))
        return BH_OK;
    return bh_error(bh_db_ctx(s->db), BH_E_UNKNOWN_LAYER, "%s: layer '%s' is not loaded%s",
                    bh_db_path(s->db), table, hint);
}

bh_status bh_sum_load_layer_areas(bh_summary *s)
{
    switch (s->by) {
    case BH_AREA_OAZA:
        if (bh_db_has_table(s->db, "oaza"))
            return load_rows(s, "SELECT o.name, o.name, (SELECT COALESCE(SUM(b.population), 0) "
                                "FROM town_blocks b WHERE b.oaza = o.name), @WKB(o.geom) "
                                "FROM oaza o ORDER BY o.name");
        return load_rows(s, "SELECT oaza, oaza, COALESCE(SUM(population), 0), "
                            "@WKB(@MULTI(ST_Union(geom))) FROM town_blocks "
                            "WHERE oaza IS NOT NULL GROUP BY oaza ORDER BY oaza");
    case BH_AREA_KOBAN:
        return load_rows(s, "SELECT name, name, 0, @WKB(geom) FROM koban_areas ORDER BY name");
    case BH_AREA_SCHOOL_DISTRICT:
        return load_rows(s, "SELECT school_name, school_name, 0, @WKB(geom) "
                            "FROM school_districts ORDER BY school_name");
    default:
        return bh_error(bh_db_ctx(s->db), BH_E_INTERNAL, "summary: not a layer kind");
    }
}

/* One area per place (crimes/places.h): a block, or a group of blocks sharing a name (union,
 * population summed). A member's own key_code (rows imported before groups) locates the group. */
/* The blocks' places (key_code, place, n) as BH_PLACES_OF_BLOCKS gives them, for PostgreSQL as
 * a VALUES list: the grouping key is the library's bh_norm_chome (SQLite's bh_chome_key). */
static bh_status places_values(bh_summary *s, bh_strbuf *out)
{
    bh_stmt *st;
    bh_status rc = bh_stmt_prepare(s->db,
                                   "SELECT key_code, name FROM town_blocks WHERE key_code IS NOT "
                                   "NULL ORDER BY key_code",
                                   &st);
    bh_hash_map groups = {0}; /* grouping key → 1 + index in place/count */
    char **codes = NULL, **place = NULL;
    long *count = NULL, *of = NULL;
    size_t n = 0, ng = 0;
    while (rc == BH_OK && bh_stmt_step(st) == BH_STEP_ROW) {
        const char *code = bh_stmt_column_text(st, 0), *name = bh_stmt_column_text(st, 1);
        char *k = name ? bh_norm_chome(name) : NULL;
        const char *key = k ? k : code;
        char **c2 = bh_realloc(codes, (n + 1) * sizeof *codes);
        long *o2 = c2 ? bh_realloc(of, (n + 1) * sizeof *of) : NULL;
        codes = c2 ? c2 : codes;
        of = o2 ? o2 : of;
        bh_hash_entry *e = o2 ? bh_hash_map_add(&groups, key, strlen(key), NULL) : NULL;
        if (e && e->val.num == 0) { /* a new group: index + 1 */
            char **p2 = bh_realloc(place, (ng + 1) * sizeof *place);
            long *n2 = p2 ? bh_realloc(count, (ng + 1) * sizeof *count) : NULL;
            place = p2 ? p2 : place;
            count = n2 ? n2 : count;
            if (n2 && (place[ng] = bh_strdup(code)) != NULL)
                count[ng] = 0, e->val.num = (long long)++ng;
        } else if (e) {
            char *joined = bh_asprintf("%s+%s", place[e->val.num - 1], code);
            bh_free(place[e->val.num - 1]);
            place[e->val.num - 1] = joined;
        }
        if (e && e->val.num > 0 && place[e->val.num - 1] && (codes[n] = bh_strdup(code)) != NULL) {
            of[n++] = (long)e->val.num - 1;
            count[e->val.num - 1]++;
        } else {
            rc = nomem(s);
        }
        bh_free(k);
    }
    bh_stmt_finalize(st);
    if (rc == BH_OK)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    bh_strbuf_append(out, n ? "(VALUES " : "(SELECT NULL::text, NULL::text, 0 WHERE false");
    for (size_t i = 0; rc == BH_OK && i < n; i++) {
        char *row =
            sqlite3_mprintf("%s(%Q, %Q, %ld)", i ? ", " : "", codes[i], place[of[i]], count[of[i]]);
        bh_strbuf_append(out, row ? row : "");
        if (row == NULL)
            rc = nomem(s);
        sqlite3_free(row);
    }
    bh_strbuf_append(out, ") AS m(key_code, place, n)");
    for (size_t i = 0; i < n; i++)
        bh_free(codes[i]);
    for (size_t i = 0; i < ng; i++)
        bh_free(place[i]);
    bh_free(codes), bh_free(place), bh_free(count), bh_free(of);
    bh_hash_map_free(&groups, NULL);
    return rc == BH_OK && out->failed ? nomem(s) : rc;
}

/* One area per place (crimes/places.h): a block, or a group of blocks sharing a name (union,
 * population summed). A member's own key_code (rows imported before groups) locates the group. */
static bh_status load_places(bh_summary *s)
{
    bh_strbuf src;
    bh_strbuf_init(&src);
    bh_status rc = BH_OK;
    if (bh_db_kind_of(s->db) == BH_DB_SQLITE)
        bh_strbuf_append(&src, "(" BH_PLACES_OF_BLOCKS ") AS m");
    else
        rc = places_values(s, &src);
    char *rows =
        rc == BH_OK
            ? sqlite3_mprintf("SELECT m.place, min(b.name), COALESCE(sum(b.population), 0), "
                              "CASE count(*) WHEN 1 THEN @WKB(@ANY(b.geom)) ELSE "
                              "@WKB(@MULTI(ST_Union(b.geom))) END FROM town_blocks b JOIN "
                              "%s USING (key_code) GROUP BY m.place ORDER BY min(b.key_code)",
                              src.data)
            : NULL;
    char *grp = rc == BH_OK ? sqlite3_mprintf("SELECT 'c:' || key_code, place FROM %s WHERE n > 1",
                                              src.data)
                            : NULL;
    bh_strbuf_free(&src);
    if (rc == BH_OK)
        rc = rows && grp ? load_rows(s, rows) : nomem(s);
    bh_stmt *st = NULL;
    if (rc == BH_OK)
        rc = bh_stmt_prepare(s->db, grp, &st);
    sqlite3_free(rows);
    sqlite3_free(grp);
    if (rc != BH_OK)
        return rc;
    int r, idx;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW)
        if (bh_sum_index_get(&s->ids, bh_stmt_column_text(st, 1), &idx) &&
            bh_sum_index_put(&s->locs, bh_stmt_column_text(st, 0), idx) != 0)
            rc = nomem(s);
    bh_stmt_finalize(st);
    return rc != BH_OK || r == BH_STEP_DONE ? rc : bh_ctx_status(bh_db_ctx(s->db));
}

bh_status bh_sum_load_areas(bh_summary *s)
{
    bh_status rc = need_table(s, "town_blocks", " (run 'bohan init')");
    if (rc == BH_OK && s->by == BH_AREA_KOBAN)
        rc = need_table(s, "koban_areas", " (run 'bohan crimes koban')");
    if (rc == BH_OK && s->by == BH_AREA_SCHOOL_DISTRICT)
        rc = need_table(s, "school_districts", " (run 'bohan init')");
    if (rc != BH_OK)
        return rc;
    if (s->by == BH_AREA_CHOME)
        return load_places(s);
    /* every areal kind: the 町丁目 → area table (summary_map.c) */
    return bh_sum_map_load(s);
}

static bh_status special_row(bh_summary *s, const char *id, const char *name, int *index)
{
    if (bh_sum_index_get(&s->ids, id, index))
        return BH_OK;
    if (s->frozen) { /* a computed summary: no crime of the period lies there */
        *index = -1;
        return BH_OK;
    }
    *index = bh_sum_add_area(s, id, name, 0.0, NULL, 0);
    return *index < 0 ? nomem(s) : BH_OK;
}

static bh_status locate_uncached(bh_summary *s, char kind, const char *place, int *index)
{
    *index = -1;
    if (kind == 'w')
        return special_row(s, "city", "（市全体・地区不明）", index);
    if (kind == 'k' && s->by != BH_AREA_KOBAN) {
        char *rid = bh_asprintf("koban:%s", place), *rname = bh_asprintf("%s（交番単位）", place);
        bh_status rc = (rid && rname) ? special_row(s, rid, rname, index) : nomem(s);
        bh_free(rid);
        bh_free(rname);
        return rc;
    }
    if (kind == 'o' && s->by == BH_AREA_CHOME) {
        char *rid = bh_asprintf("oaza:%s", place), *rname = bh_asprintf("%s（大字のみ）", place);
        bh_status rc = (rid && rname) ? special_row(s, rid, rname, index) : nomem(s);
        bh_free(rid);
        bh_free(rname);
        return rc;
    }
    /* a 交番 by its name, a block by its key_code; the places of the areal kinds are all in the
     * location cache already (summary_map.c): one missing there lies in no area */
    if ((kind == 'k' || (kind == 'c' && s->by == BH_AREA_CHOME)) &&
        !bh_sum_index_get(&s->ids, place, index))
        *index = -1;
    return BH_OK;
}

bh_status bh_sum_locate(bh_summary *s, char kind, const char *place, int *index)
{
    *index = -1;
    if (kind == 'w' || (place != NULL && *place != '\0')) {
        char *key = bh_asprintf("%c:%s", kind, kind == 'w' ? "" : place);
        if (key == NULL)
            return nomem(s);
        bh_status rc = BH_OK;
        if (!bh_sum_index_get(&s->locs, key, index)) {
            rc = locate_uncached(s, kind, place, index);
            if (rc == BH_OK && bh_sum_index_put(&s->locs, key, *index) != 0)
                rc = nomem(s);
        }
        bh_free(key);
        if (rc != BH_OK)
            return rc;
    }
    if (*index < 0)
        return special_row(s, "unlocated", "（位置不明）", index);
    return BH_OK;
}

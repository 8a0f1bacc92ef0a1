/* 町丁目 matcher (see matcher.h): hash maps (core/hash.h) from normalised keys to areas. */
#include "crimes/matcher.h"
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/hash.h"
#include "core/strbuf.h"
#include "core/normalize.h"

typedef struct area {
    char *key_code;
    char *oaza; /* display spelling */
    double population;
    int candidates;
} area;

typedef struct cache_entry {
    char *key; /* bh_norm_chome(name), may be NULL */
    bh_match match;
} cache_entry;

struct bh_matcher {
    bh_ctx *ctx;
    char *pref;
    char *city;
    bh_hash_map areas; /* bh_norm_chome(name) → area */
    bh_hash_map oazas; /* bh_norm_chome(oaza) → display spelling (first seen, in key_code order) */
    long added;
    bh_hash_map cache; /* name as given → cache_entry; see bh_matcher_match_cached */
    char *spill;       /* key handed out when the cache could not grow */
};

bh_status bh_matcher_create(bh_ctx *ctx, const char *prefecture, const char *city_name,
                            bh_matcher **out)
{
    *out = NULL;
    bh_matcher *m = bh_calloc(1, sizeof *m);
    if (!m)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    m->ctx = ctx;
    m->pref = prefecture ? bh_strdup(prefecture) : NULL;
    m->city = city_name ? bh_strdup(city_name) : NULL;
    if ((prefecture && !m->pref) || (city_name && !m->city)) {
        bh_matcher_destroy(m);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    *out = m;
    return BH_OK;
}

static void area_free(void *p)
{
    area *a = p;
    if (a) {
        bh_free(a->key_code);
        bh_free(a->oaza);
        bh_free(a);
    }
}

static void cache_free(void *p)
{
    cache_entry *c = p;
    if (c) {
        bh_free(c->key);
        bh_free(c);
    }
}

void bh_matcher_destroy(bh_matcher *m)
{
    if (!m)
        return;
    bh_hash_map_free(&m->areas, area_free);
    bh_hash_map_free(&m->oazas, free);
    bh_hash_map_free(&m->cache, cache_free);
    bh_free(m->spill);
    bh_free(m->pref);
    bh_free(m->city);
    bh_free(m);
}

/* code inserted into the '+'-joined, ascending list (a group's place key); NULL when out of
 * memory. The list is returned unchanged (a copy) when it holds code already. */
static char *place_with(const char *list, const char *code)
{
    size_t len = strlen(code);
    const char *at = list;
    for (const char *p = list; *p;) {
        const char *end = strchr(p, '+');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int c = strncmp(p, code, n < len ? n : len);
        if (c == 0 && n == len)
            return bh_strdup(list);
        if (c > 0 || (c == 0 && n > len))
            break;
        at = end ? end + 1 : p + n;
        p = at;
    }
    size_t pre = (size_t)(at - list);
    return pre == strlen(list) ? bh_asprintf("%s+%s", list, code)
                               : bh_asprintf("%.*s%s+%s", (int)pre, list, code, list + pre);
}

/* Records key → (key_code, oz, population); a key known with another code becomes the group of
 * all its codes (one place: the codes joined by '+', ascending). */
static int add_area(bh_matcher *m, const char *key, const char *key_code, const char *oz,
                    double population)
{
    /* the area's copies, made before anything changes so that a failure changes nothing */
    int added = 0;
    bh_hash_entry *e = bh_hash_map_add(&m->areas, key, strlen(key), &added);
    area *a = e ? e->val.ptr : NULL;
    if (!e)
        return -1;
    if (a == NULL) {
        char *code_copy = bh_strdup(key_code), *oz_copy = bh_strdup(oz);
        a = code_copy && oz_copy ? bh_calloc(1, sizeof *a) : NULL;
        if (!a) {
            bh_free(code_copy);
            bh_free(oz_copy);
            return -1;
        }
        a->key_code = code_copy;
        a->oaza = oz_copy;
        a->population = population;
        a->candidates = 1;
        e->val.ptr = a;
        return 0;
    }
    char *place = place_with(a->key_code, key_code);
    if (!place)
        return -1;
    if (strcmp(place, a->key_code) == 0) { /* known: nothing changes */
        bh_free(place);
        return 0;
    }
    bh_free(a->key_code);
    a->key_code = place;
    a->population += population;
    a->candidates++;
    return 0;
}

/* Records okey → oz (taking oz) unless okey is known; *oz is then NULL when taken. */
static int add_oaza(bh_matcher *m, const char *okey, char **oz)
{
    int added;
    bh_hash_entry *e = bh_hash_map_add(&m->oazas, okey, strlen(okey), &added);
    if (!e)
        return -1;
    if (added) {
        e->val.ptr = *oz;
        *oz = NULL;
    }
    return 0;
}

bh_status bh_matcher_add(bh_matcher *m, const char *key_code, const char *name, const char *oaza,
                         double population)
{
    if (!key_code || !name)
        return bh_error(m->ctx, BH_E_FORMAT, "town_blocks: a row without key_code or name");
    char *key = bh_norm_chome(name);
    char *oz = oaza && oaza[0] ? bh_strdup(oaza) : bh_norm_oaza(name);
    char *okey = oz ? bh_norm_chome(oz) : NULL;
    int fail = !key || !oz || !okey;
    if (!fail) {
        m->added++;
        fail = add_area(m, key, key_code, oz, population) != 0 || add_oaza(m, okey, &oz) != 0;
    }
    bh_free(key);
    bh_free(okey);
    bh_free(oz);
    return fail ? bh_error(m->ctx, BH_E_NOMEM, "out of memory") : BH_OK;
}

bh_status bh_matcher_load_db(bh_matcher *m, bh_db *db)
{
    if (!bh_db_has_table(db, "town_blocks"))
        return bh_error(m->ctx, BH_E_NOT_FOUND,
                        "%s: table 'town_blocks' is missing: run 'bohan init' first",
                        bh_db_path(db));
    bh_db_column *cols = NULL;
    size_t ncols = 0;
    bh_status rc = bh_db_table_columns(db, "town_blocks", &cols, &ncols);
    int has[4] = {0};
    static const char *const names[4] = {"key_code", "name", "oaza", "population"};
    for (size_t i = 0; rc == BH_OK && i < ncols; i++)
        for (int k = 0; k < 4; k++)
            has[k] |= strcmp(cols[i].name, names[k]) == 0;
    bh_db_columns_free(cols, ncols);
    if (rc != BH_OK)
        return rc;
    if (!has[0] || !has[1])
        return bh_error(m->ctx, BH_E_SCHEMA,
                        "%s: table 'town_blocks': field 'key_code'/'name': missing",
                        bh_db_path(db));
    bh_stmt *st = NULL;
    rc = bh_stmt_preparef(db, &st,
                          "SELECT key_code, name, %s, %s FROM town_blocks ORDER BY key_code",
                          has[2] ? "oaza" : "NULL", has[3] ? "population" : "0");
    if (rc != BH_OK)
        return rc;
    long before = m->added;
    int s;
    while (rc == BH_OK && (s = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *code = bh_stmt_column_text(st, 0);
        const char *name = bh_stmt_column_text(st, 1);
        if (!code || !name)
            continue;
        rc =
            bh_matcher_add(m, code, name, bh_stmt_column_text(st, 2), bh_stmt_column_double(st, 3));
    }
    bh_stmt_finalize(st);
    if (rc == BH_OK && m->added == before)
        rc = bh_error(m->ctx, BH_E_NOT_FOUND,
                      "%s: table 'town_blocks' is empty: load the 町丁目 layer first",
                      bh_db_path(db));
    return rc;
}

long bh_matcher_size(const bh_matcher *m)
{
    return m->added;
}

/* The name without a leading prefecture and city name (千葉県松戸市稔台 → 稔台). */
static const char *strip_prefix(const bh_matcher *m, const char *name)
{
    while (*name == ' ')
        name++;
    if (m->pref && m->pref[0] && strncmp(name, m->pref, strlen(m->pref)) == 0)
        name += strlen(m->pref);
    if (m->city && m->city[0] && strncmp(name, m->city, strlen(m->city)) == 0)
        name += strlen(m->city);
    return name;
}

char *bh_matcher_key(const bh_matcher *m, const char *name)
{
    return name ? bh_norm_chome(strip_prefix(m, name)) : NULL;
}

int bh_matcher_oaza(const bh_matcher *m, const char *name, const char **oaza)
{
    *oaza = NULL;
    char *oz = bh_norm_oaza(strip_prefix(m, name));
    char *okey = oz ? bh_norm_chome(oz) : NULL;
    int found = 0;
    if (okey && okey[0]) {
        const bh_hash_entry *o = bh_hash_map_get(&m->oazas, okey);
        if (o) {
            *oaza = o->val.ptr;
            found = 1;
        }
    }
    bh_free(oz);
    bh_free(okey);
    return found;
}

int bh_matcher_match_key(const bh_matcher *m, const char *name, bh_match *out, char **key_out)
{
    memset(out, 0, sizeof *out);
    if (key_out)
        *key_out = NULL;
    if (!name)
        return BH_MATCH_NONE;
    name = strip_prefix(m, name);
    char *key = bh_norm_chome(name);
    if (key && key[0]) {
        const bh_hash_entry *e = bh_hash_map_get(&m->areas, key);
        if (e && e->val.ptr) { /* NULL: its record could not be allocated */
            const area *a = e->val.ptr;
            out->state = BH_MATCH_CHOME;
            out->key_code = a->key_code;
            out->oaza = a->oaza;
            out->candidates = a->candidates;
        }
    }
    if (key_out)
        *key_out = key;
    else
        bh_free(key);
    if (out->state == BH_MATCH_NONE && bh_matcher_oaza(m, name, &out->oaza))
        out->state = BH_MATCH_OAZA;
    return out->state;
}

int bh_matcher_match(const bh_matcher *m, const char *name, bh_match *out)
{
    return bh_matcher_match_key(m, name, out, NULL);
}

int bh_matcher_match_cached(bh_matcher *m, const char *name, bh_match *out, const char **key_out)
{
    *key_out = NULL;
    bh_free(m->spill);
    m->spill = NULL;
    if (!name) {
        memset(out, 0, sizeof *out);
        return BH_MATCH_NONE;
    }
    const bh_hash_entry *hit = bh_hash_map_get(&m->cache, name);
    if (hit && hit->val.ptr) {
        const cache_entry *c = hit->val.ptr;
        *out = c->match;
        *key_out = c->key;
        return out->state;
    }
    char *key = NULL;
    bh_matcher_match_key(m, name, out, &key);
    bh_hash_entry *e = bh_hash_map_add(&m->cache, name, strlen(name), NULL);
    cache_entry *c = e ? e->val.ptr = bh_malloc(sizeof(cache_entry)) : NULL;
    if (c) {
        c->key = key;
        c->match = *out;
    } else {
        m->spill = key;
    }
    *key_out = key;
    return out->state;
}

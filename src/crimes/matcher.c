/* 町丁目 matcher (see matcher.h): open-addressing hash maps from normalised keys to areas. */
#include "crimes/matcher.h"
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "crimes/normalize.h"

typedef struct area {
    char *key; /* bh_norm_chome(name) */
    char *key_code;
    char *oaza; /* display spelling */
    double population;
    int candidates;
} area;

typedef struct omap_entry {
    char *key;  /* bh_norm_chome(oaza) */
    char *oaza; /* display spelling (first seen, in key_code order of loading) */
} omap_entry;

typedef struct cache_entry {
    char *name; /* as given */
    char *key;  /* bh_norm_chome(name), may be NULL */
    bh_match match;
} cache_entry;

struct bh_matcher {
    bh_ctx *ctx;
    char *pref;
    char *city;
    area *areas; /* hash slots (key NULL = empty) */
    size_t cap, n;
    omap_entry *oazas; /* hash slots */
    size_t ocap, on;
    long added;
    cache_entry *cache; /* hash slots (name NULL = empty); see bh_matcher_match_cached */
    size_t ccap, cn;
    char *spill; /* key handed out when the cache could not grow */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

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
    m->cap = 64;
    m->ocap = 64;
    m->areas = bh_calloc(m->cap, sizeof *m->areas);
    m->oazas = bh_calloc(m->ocap, sizeof *m->oazas);
    if (!m->areas || !m->oazas) {
        bh_matcher_destroy(m);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    *out = m;
    return BH_OK;
}

void bh_matcher_destroy(bh_matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->areas && i < m->cap; i++) {
        bh_free(m->areas[i].key);
        bh_free(m->areas[i].key_code);
        bh_free(m->areas[i].oaza);
    }
    for (size_t i = 0; m->oazas && i < m->ocap; i++) {
        bh_free(m->oazas[i].key);
        bh_free(m->oazas[i].oaza);
    }
    for (size_t i = 0; m->cache && i < m->ccap; i++) {
        bh_free(m->cache[i].name);
        bh_free(m->cache[i].key);
    }
    bh_free(m->cache);
    bh_free(m->spill);
    bh_free(m->areas);
    bh_free(m->oazas);
    bh_free(m->pref);
    bh_free(m->city);
    bh_free(m);
}

static area *area_slot(area *tab, size_t cap, const char *key)
{
    size_t i = (size_t)(hash_str(key) & (cap - 1));
    while (tab[i].key && strcmp(tab[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static omap_entry *oaza_slot(omap_entry *tab, size_t cap, const char *key)
{
    size_t i = (size_t)(hash_str(key) & (cap - 1));
    while (tab[i].key && strcmp(tab[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static int grow_areas(bh_matcher *m)
{
    size_t ncap = m->cap * 2;
    area *nt = bh_calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->areas[i].key)
            *area_slot(nt, ncap, m->areas[i].key) = m->areas[i];
    bh_free(m->areas);
    m->areas = nt;
    m->cap = ncap;
    return 0;
}

static int grow_oazas(bh_matcher *m)
{
    size_t ncap = m->ocap * 2;
    omap_entry *nt = bh_calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (size_t i = 0; i < m->ocap; i++)
        if (m->oazas[i].key)
            *oaza_slot(nt, ncap, m->oazas[i].key) = m->oazas[i];
    bh_free(m->oazas);
    m->oazas = nt;
    m->ocap = ncap;
    return 0;
}

/* Q5: the most populous code wins, ties go to the smallest key_code. */
static int better(double pop, const char *code, const area *cur)
{
    if (pop != cur->population)
        return pop > cur->population;
    return strcmp(code, cur->key_code) < 0;
}

bh_status bh_matcher_add(bh_matcher *m, const char *key_code, const char *name, const char *oaza,
                         double population)
{
    if (!key_code || !name)
        return bh_error(m->ctx, BH_E_FORMAT, "town_blocks: a row without key_code or name");
    if ((m->n + 1) * 2 > m->cap && grow_areas(m) != 0)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    if ((m->on + 1) * 2 > m->ocap && grow_oazas(m) != 0)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    char *key = bh_norm_chome(name);
    char *oz = oaza && oaza[0] ? bh_strdup(oaza) : bh_norm_oaza(name);
    char *okey = oz ? bh_norm_chome(oz) : NULL;
    /* the area's copies, made before anything changes so that a failure changes nothing */
    char *code_copy = bh_strdup(key_code), *oz_copy = oz ? bh_strdup(oz) : NULL;
    if (!key || !oz || !okey || !code_copy || !oz_copy) {
        bh_free(key);
        bh_free(oz);
        bh_free(okey);
        bh_free(code_copy);
        bh_free(oz_copy);
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    }
    m->added++;
    area *a = area_slot(m->areas, m->cap, key);
    if (a->key == NULL) {
        a->key = key;
        a->key_code = code_copy;
        a->oaza = oz_copy;
        a->population = population;
        a->candidates = 1;
        m->n++;
        key = code_copy = oz_copy = NULL;
    } else if (strcmp(a->key_code, key_code) != 0) {
        a->candidates++;
        if (better(population, key_code, a)) {
            bh_free(a->key_code);
            bh_free(a->oaza);
            a->key_code = code_copy;
            a->oaza = oz_copy;
            a->population = population;
            code_copy = oz_copy = NULL;
        }
    }
    omap_entry *o = oaza_slot(m->oazas, m->ocap, okey);
    if (o->key == NULL) {
        o->key = okey;
        o->oaza = oz;
        m->on++;
        okey = NULL;
        oz = NULL;
    }
    bh_free(key);
    bh_free(okey);
    bh_free(oz);
    bh_free(code_copy);
    bh_free(oz_copy);
    return BH_OK;
}

bh_status bh_matcher_load_db(bh_matcher *m, bh_db *db)
{
    if (!bh_db_has_table(db, "town_blocks"))
        return bh_error(m->ctx, BH_E_NOT_FOUND,
                        "%s: table 'town_blocks' is missing: run 'bohan init' first",
                        bh_db_path(db));
    static const char *const queries[] = {
        "SELECT key_code, name, oaza, population FROM town_blocks ORDER BY key_code",
        "SELECT key_code, name, NULL, population FROM town_blocks ORDER BY key_code",
        "SELECT key_code, name, NULL, 0 FROM town_blocks ORDER BY key_code"};
    sqlite3 *sq = bh_db_sqlite(db);
    sqlite3_stmt *st = NULL;
    for (size_t i = 0; i < 3 && !st; i++)
        if (sqlite3_prepare_v2(sq, queries[i], -1, &st, NULL) != SQLITE_OK) {
            sqlite3_finalize(st);
            st = NULL;
        }
    if (!st)
        return bh_error(m->ctx, BH_E_SCHEMA,
                        "%s: table 'town_blocks': field 'key_code'/'name': missing",
                        bh_db_path(db));
    long before = m->added;
    bh_status rc = BH_OK;
    int s;
    while (rc == BH_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        if (!code || !name)
            continue;
        rc = bh_matcher_add(m, code, name, (const char *)sqlite3_column_text(st, 2),
                            sqlite3_column_double(st, 3));
    }
    sqlite3_finalize(st);
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
        const omap_entry *o = oaza_slot(m->oazas, m->ocap, okey);
        if (o->key) {
            *oaza = o->oaza;
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
        const area *a = area_slot(m->areas, m->cap, key);
        if (a->key) {
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

static cache_entry *cache_slot(cache_entry *tab, size_t cap, const char *name)
{
    size_t i = (size_t)(hash_str(name) & (cap - 1));
    while (tab[i].name && strcmp(tab[i].name, name) != 0)
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static int grow_cache(bh_matcher *m)
{
    size_t ncap = m->ccap ? m->ccap * 2 : 512;
    cache_entry *nt = bh_calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (size_t i = 0; i < m->ccap; i++)
        if (m->cache[i].name)
            *cache_slot(nt, ncap, m->cache[i].name) = m->cache[i];
    bh_free(m->cache);
    m->cache = nt;
    m->ccap = ncap;
    return 0;
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
    if (m->ccap) {
        const cache_entry *e = cache_slot(m->cache, m->ccap, name);
        if (e->name) {
            *out = e->match;
            *key_out = e->key;
            return out->state;
        }
    }
    char *key = NULL;
    bh_matcher_match_key(m, name, out, &key);
    cache_entry *e = NULL;
    if ((m->cn + 1) * 2 <= m->ccap || grow_cache(m) == 0) {
        e = cache_slot(m->cache, m->ccap, name);
        e->name = bh_strdup(name);
        if (!e->name)
            e = NULL;
    }
    if (e) {
        e->key = key;
        e->match = *out;
        m->cn++;
    } else {
        m->spill = key;
    }
    *key_out = key;
    return out->state;
}

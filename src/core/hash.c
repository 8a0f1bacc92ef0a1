#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

uint64_t bh_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) { /* 8 bytes at a time: keys and field values are mostly 8-200 */
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ULL;
    return h ^ (h >> 29);
}

#define FIRST_CAP 64

/* The slot holding key, or the free slot where it would go (cap is a power of two, never full). */
static bh_hash_entry *slot_of(bh_hash_entry *tab, size_t cap, const char *key, size_t len,
                              uint64_t h)
{
    size_t i = (size_t)(h & (cap - 1));
    while (tab[i].key &&
           !(tab[i].hash == h && tab[i].len == len && memcmp(tab[i].key, key, len) == 0))
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

bh_hash_entry *bh_hash_map_find(const bh_hash_map *m, const char *key, size_t len)
{
    if (m->cap == 0)
        return NULL;
    bh_hash_entry *e = slot_of(m->slots, m->cap, key, len, bh_hash_bytes(key, len));
    return e->key ? e : NULL;
}

bh_hash_entry *bh_hash_map_get(const bh_hash_map *m, const char *key)
{
    return bh_hash_map_find(m, key, strlen(key));
}

static int grow(bh_hash_map *m)
{
    size_t ncap = m->cap ? 2 * m->cap : FIRST_CAP;
    bh_hash_entry *nt = calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *slot_of(nt, ncap, m->slots[i].key, m->slots[i].len, m->slots[i].hash) = m->slots[i];
    free(m->slots);
    m->slots = nt;
    m->cap = ncap;
    return 0;
}

bh_hash_entry *bh_hash_map_add(bh_hash_map *m, const char *key, size_t len, int *added)
{
    uint64_t h = bh_hash_bytes(key, len);
    if (added)
        *added = 0;
    if (m->cap) {
        bh_hash_entry *e = slot_of(m->slots, m->cap, key, len, h);
        if (e->key)
            return e;
    }
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return NULL;
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, key, len);
    copy[len] = '\0';
    bh_hash_entry *e = slot_of(m->slots, m->cap, key, len, h);
    *e = (bh_hash_entry){.key = copy, .len = len, .hash = h};
    m->n++;
    if (added)
        *added = 1;
    return e;
}

bh_hash_entry *bh_hash_map_next(const bh_hash_map *m, size_t *i)
{
    for (; *i < m->cap; (*i)++)
        if (m->slots[*i].key)
            return &m->slots[(*i)++];
    return NULL;
}

void bh_hash_map_free(bh_hash_map *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slots[i].key);
        if (free_val && m->slots[i].key)
            free_val(m->slots[i].val.ptr);
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

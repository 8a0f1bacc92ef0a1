/* bh_hash_bytes: a fast 64-bit hash of a byte string (not stored, not cryptographic), and
 * bh_hash_map: the one in-memory hash map of the library, from byte-string keys to a pointer or an
 * integer. Open addressing, linear probing, at most half full. */
#ifndef BH_HASH_H
#define BH_HASH_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

uint64_t bh_hash_bytes(const char *s, size_t n);

typedef struct bh_hash_entry {
    char *key; /* the map's NUL-terminated copy of the key; NULL marks a free slot */
    size_t len;
    uint64_t hash;
    union {
        void *ptr;
        long long num;
    } val; /* the caller's; zeroed when the key is added */
} bh_hash_entry;

/* A map; all zero (BH_HASH_MAP_INIT) is an empty one. */
typedef struct bh_hash_map {
    bh_hash_entry *slots;
    size_t cap, n;
} bh_hash_map;

#define BH_HASH_MAP_INIT                                                                           \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* The entry of key[0..len) (key may hold NUL bytes), or NULL when absent. Borrowed from m: valid
 * until the next bh_hash_map_add. */
bh_hash_entry *bh_hash_map_find(const bh_hash_map *m, const char *key, size_t len);
/* bh_hash_map_find of a NUL-terminated key. */
bh_hash_entry *bh_hash_map_get(const bh_hash_map *m, const char *key);
/* The entry of key[0..len), added (with a copy of the key and a zero value) when absent; *added
 * (may be NULL) says which. NULL when memory runs out (m is then unchanged). Borrowed from m:
 * valid until the next bh_hash_map_add. */
BH_MUST_CHECK bh_hash_entry *bh_hash_map_add(bh_hash_map *m, const char *key, size_t len,
                                             int *added);
/* The next used entry from slot *i on (start with *i = 0), or NULL at the end; in slot order. */
bh_hash_entry *bh_hash_map_next(const bh_hash_map *m, size_t *i);
/* Frees the keys, and each val.ptr with free_val when it is not NULL; m is left empty. */
void bh_hash_map_free(bh_hash_map *m, void (*free_val)(void *));

#endif

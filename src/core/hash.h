/* bh_hash_bytes: a fast 64-bit hash of a byte string for in-memory hash tables (not stored, not
 * cryptographic). */
#ifndef BH_HASH_H
#define BH_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t bh_hash_bytes(const char *s, size_t n);

#endif

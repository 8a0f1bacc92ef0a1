/* bh_array_grow: growing a plain C array by doubling. */
#ifndef BH_ARRAY_H
#define BH_ARRAY_H

#include <stddef.h>

/* Makes *v (elements of `size` bytes, capacity *cap) hold at least `need` elements, doubling from
 * `first`. 0 on success; -1 when memory runs out, *v and *cap then unchanged. */
int bh_array_grow(void **v, size_t *cap, size_t need, size_t size, size_t first);

#endif

/* The library's allocation functions: malloc, calloc, realloc and free through the allocator of
 * bh_set_allocator (include/bohan/alloc.h). Code in libbohan and libbohan-io calls these, never
 * the C library's directly, so that a test can make any one of them fail. */
#ifndef BH_CORE_ALLOC_H
#define BH_CORE_ALLOC_H

#include <stddef.h>
#include "bohan/alloc.h"

/* Exported for libbohan-io, which is a second shared library; not part of the public API. */
BH_API void *bh_malloc(size_t size);
/* Zeroed n * size bytes; NULL when the product overflows or memory ran out. */
BH_API void *bh_calloc(size_t n, size_t size);
BH_API void *bh_realloc(void *ptr, size_t size);
/* bh_free is public (bohan/alloc.h). */

/* The allocator in force (for the io module, which has its own copy of this file). */
void bh_allocator_current(bh_allocator *out);

#endif

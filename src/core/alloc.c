#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bh_allocator alloc_current = {malloc, realloc, free};

void bh_set_allocator(const bh_allocator *a)
{
    static const bh_allocator libc = {malloc, realloc, free};
    alloc_current = a && a->malloc && a->realloc && a->free ? *a : libc;
}

void bh_allocator_current(bh_allocator *out)
{
    *out = alloc_current;
}

void *bh_malloc(size_t size)
{
    return alloc_current.malloc(size);
}

void *bh_calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = alloc_current.malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *bh_realloc(void *ptr, size_t size)
{
    return alloc_current.realloc(ptr, size);
}

void bh_free(void *ptr)
{
    alloc_current.free(ptr);
}

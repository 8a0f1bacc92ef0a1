#include "core/array.h"
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>

int bh_array_grow(void **v, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : (first ? first : 16);
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    if (size && nc > SIZE_MAX / size)
        return -1;
    void *p = bh_realloc(*v, nc * size);
    if (p == NULL)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

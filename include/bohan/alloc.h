/* The allocator of libbohan: one setter, as libcbor's cbor_set_allocs and SQLite's
 * SQLITE_CONFIG_MALLOC.
 *
 * Every block libbohan (and libbohan-io) allocates itself comes from the allocator set here, and
 * every block it frees goes back to it. Blocks allocated inside GDAL, PROJ, GEOS, SQLite,
 * SpatiaLite, cairo, pango, json-c and GLPK are theirs, from their own allocators. */
#ifndef BOHAN_ALLOC_H
#define BOHAN_ALLOC_H

#include <stddef.h>
#include "bohan/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The three functions, with the C library's contracts (malloc(0) and realloc may return NULL
 * on failure; free(NULL) is a no-op). */
typedef struct bh_allocator {
    void *(*malloc)(size_t size);
    void *(*realloc)(void *ptr, size_t size);
    void (*free)(void *ptr);
} bh_allocator;

/* Routes libbohan's own allocations through *a (copied); NULL restores the C library's malloc,
 * realloc and free. Call before any other bohan call, from one thread, and not again while
 * blocks from the previous allocator are alive: it is a setting of the process, which belongs
 * to the program (and its tests, which fail the Nth allocation), never to a library. */
BH_API void bh_set_allocator(const bh_allocator *a);

/* Frees a block that a bohan function returned to the caller (text such as
 * bh_crimes_report_json's, bh_crimes_check's *text, bh_strbuf_take's), through the allocator it
 * came from; NULL is a no-op. Use it, never the C library's free, on every block the comments
 * of the public API mark "the caller frees with bh_free": a program that installed its own
 * allocator would otherwise free a block it never allocated. Objects with a destroy function
 * (bh_crimes_report_destroy, …) are released by that function. */
BH_API void bh_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif

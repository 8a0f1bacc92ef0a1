/* The export macro of libbohan's public API.
 *
 * libbohan is built with hidden visibility: only what a header under include/bohan/ marks BH_API
 * is part of the shared library's ABI; every other function stays internal to the library. */
#ifndef BOHAN_EXPORT_H
#define BOHAN_EXPORT_H

#if defined(__GNUC__) && defined(BH_BUILDING_LIBRARY)
#define BH_API __attribute__((visibility("default")))
#else
#define BH_API
#endif

#endif

/* The export and checking macros of libbohan's public API.
 *
 * libbohan is built with hidden visibility: only what a header under include/bohan/ marks BH_API
 * is part of the shared library's ABI (listed in include/bohan/symbols.txt, checked by the test
 * public_symbols); every other function stays internal to the library. */
#ifndef BOHAN_EXPORT_H
#define BOHAN_EXPORT_H

#if defined(__GNUC__) && defined(BH_BUILDING_LIBRARY)
#define BH_API __attribute__((visibility("default")))
#else
#define BH_API
#endif

/* On every function that can fail: ignoring its bh_status is a compiler warning. */
#if defined(__GNUC__)
#define BH_WARN_UNUSED __attribute__((warn_unused_result))
#define BH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define BH_FORMAT_ARG(a) __attribute__((format_arg(a)))
#else
#define BH_WARN_UNUSED
#define BH_PRINTF(f, a)
#define BH_FORMAT_ARG(a)
#endif

#ifdef __cplusplus
#define BH_BEGIN_DECLS extern "C" {
#define BH_END_DECLS }
#else
#define BH_BEGIN_DECLS
#define BH_END_DECLS
#endif

#endif

/* Fonts: loading the font configuration ahead of drawing, and releasing the font caches. */
#ifndef BOHAN_TEXT_H
#define BOHAN_TEXT_H

#include "bohan/export.h"

BH_BEGIN_DECLS

/* Loads the system font configuration (fontconfig's rules and font caches, process-wide) on a
 * second thread, to overlap what the caller does next, such as opening the database. Returns the
 * handle for bh_text_prefetch_finish (owned by the caller), or NULL when no thread could be
 * started: fonts then load on first use, as without it. */
typedef struct bh_text_prefetch bh_text_prefetch;
BH_API bh_text_prefetch *bh_text_prefetch_start(void);
/* Waits for the prefetch and releases p; NULL is a no-op. Call before drawing text. */
BH_API void bh_text_prefetch_finish(bh_text_prefetch *p);

/* Frees the process-wide font caches of pango, cairo and fontconfig so that leak checkers
 * (ASan/LSan) see a clean exit. Call once at exit, when no cairo or pango object is alive. */
BH_API void bh_text_release_caches(void);

BH_END_DECLS

#endif

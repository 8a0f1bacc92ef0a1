/* Growable byte buffer (public: bohan/strbuf.h) and string helpers. */
#ifndef BH_STRBUF_H
#define BH_STRBUF_H

#include <stddef.h>
#include "bohan/strbuf.h"
#include "core/status.h"

/* malloc'ed copy (caller frees); NULL in, NULL out. */
char *bh_strdup(const char *s);
/* malloc'ed formatted string (caller frees); NULL on failure. */
char *bh_asprintf(const char *fmt, ...) BH_PRINTF(1, 2);

#endif

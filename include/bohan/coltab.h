/* Text tables for the terminal, aligned by display width: a 全角 character takes two columns
 * (East Asian Wide/Fullwidth), so Japanese headers and names line up with the numbers. Pure
 * byte/codepoint arithmetic: no locale, no wcwidth. */
#ifndef BOHAN_COLTAB_H
#define BOHAN_COLTAB_H

#include <stddef.h>
#include "bohan/export.h"
#include "bohan/strbuf.h"

BH_BEGIN_DECLS

/* Terminal columns of a UTF-8 string (wide characters 2, combining marks 0, others 1). */
BH_API size_t bh_coltab_width(const char *utf8);

typedef struct bh_coltab bh_coltab;

/* A table of ncols columns; NULL when out of memory. The caller owns it (bh_coltab_destroy;
 * NULL is a no-op). */
BH_API bh_coltab *bh_coltab_create(size_t ncols);
BH_API void bh_coltab_destroy(bh_coltab *t);
/* Column c right-aligned (numbers) instead of left-aligned. */
BH_API void bh_coltab_right(bh_coltab *t, size_t c);
/* Appends a row of ncols cells (copied; NULL = empty); -1 when out of memory. */
BH_API BH_WARN_UNUSED int bh_coltab_add(bh_coltab *t, const char *const *cells);
/* Writes every row, columns padded to their widest cell, sep_cols spaces between, no trailing
 * spaces. */
BH_API void bh_coltab_write(const bh_coltab *t, bh_strbuf *sb, size_t sep_cols);

BH_END_DECLS

#endif

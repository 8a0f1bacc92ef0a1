/* Text table reader for crime files: reads the bytes, works out the encoding (BOM, UTF-8, CP932),
 * recodes to UTF-8 with CPLRecode into /vsimem/, and hands out records tokenised by CPL's CSV
 * tokenizer together with the physical line each record starts on. */
#ifndef BH_CRIMES_READER_H
#define BH_CRIMES_READER_H

#include <stddef.h>
#include "core/ctx.h"

typedef struct bh_reader bh_reader;

/* Opens path. encoding is "auto" (NULL too), "CP932" (also Shift_JIS, SJIS) or "UTF-8". Errors:
 * BH_E_IO (unreadable), BH_E_ENCODING (bytes not valid in the asked/detected encoding), BH_E_EMPTY.
 * *out is owned by the caller (bh_reader_destroy). */
BH_MUST_CHECK bh_status bh_reader_open(bh_ctx *ctx, const char *path, const char *encoding,
                                       bh_reader **out);
/* Same, from bytes in memory (copied); name is used in messages. */
BH_MUST_CHECK bh_status bh_reader_open_mem(bh_ctx *ctx, const char *name, const void *data,
                                           size_t len, const char *encoding, bh_reader **out);
void bh_reader_destroy(bh_reader *rd);

/* Next record: 1 and *fields (borrowed until the next call; may be modified in place), *n and
 * *line (1-based physical line where the record starts); 0 at the end. Blank lines are skipped
 * and counted (bh_reader_blank_lines). */
int bh_reader_next(bh_reader *rd, char ***fields, int *n, long *line);

/* Borrowed strings: "CP932" or "UTF-8"; hex SHA-256 of the file bytes; the /vsimem/ path of the
 * UTF-8 text (for OGR); the name given at open. */
const char *bh_reader_encoding(const bh_reader *rd);
const char *bh_reader_sha256(const bh_reader *rd);
const char *bh_reader_utf8_path(const bh_reader *rd);
const char *bh_reader_name(const bh_reader *rd);
/* 1 when the file had a UTF-8 byte-order mark. */
int bh_reader_had_bom(const bh_reader *rd);
long bh_reader_blank_lines(const bh_reader *rd);
/* 1 when the raw bytes are valid UTF-8 with some non-ASCII text (used to hint at a wrong
 * --encoding CP932). */
int bh_reader_looks_utf8(const bh_reader *rd);

/* Hex SHA-256 of len bytes into out (65 bytes incl. NUL). */
void bh_sha256_hex(const void *data, size_t len, char out[65]);

#endif

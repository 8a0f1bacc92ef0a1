/* Text table reader for crime files: reads the bytes, works out the encoding (BOM, UTF-8, CP932),
 * and hands out records tokenised by CPL's CSV tokenizer, in UTF-8, together with the physical
 * line each record starts on. CP932 text is tokenised as it is (no CP932 trail byte is a comma,
 * a quote or a line break) and each distinct field value is recoded once with CPLRecode. */
#ifndef BH_CRIMES_READER_H
#define BH_CRIMES_READER_H

#include <stddef.h>
#include "core/ctx.h"
#include "core/strbuf.h"

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

/* Next record: 1 and *fields (UTF-8; borrowed until the next call; may be modified in place), *n
 * and *line (1-based physical line where the record starts); 0 at the end, or when a record could
 * not be recoded for lack of memory (bh_reader_failed then says 1). Blank lines are skipped and
 * counted (bh_reader_blank_lines). */
int bh_reader_next(bh_reader *rd, char ***fields, int *n, long *line);

/* Borrowed strings: "CP932" or "UTF-8"; the name given at open. */
const char *bh_reader_encoding(const bh_reader *rd);
/* Hex SHA-256 of the file bytes (borrowed), computed on a second thread from the open on: this
 * waits for it. Safe to call while a bh_crime_feed reads rd on its own thread (the two touch
 * different members). */
const char *bh_reader_sha256(bh_reader *rd);
/* The /vsimem/ path of the whole text in UTF-8 (for OGR), borrowed from rd; a CP932 file is
 * recoded on the first call. NULL when out of memory. */
const char *bh_reader_utf8_path(bh_reader *rd);
const char *bh_reader_name(const bh_reader *rd);
/* 1 when the file had a UTF-8 byte-order mark. */
int bh_reader_had_bom(const bh_reader *rd);
long bh_reader_blank_lines(const bh_reader *rd);
/* Splits the text not read yet in two at a record boundary near its middle, so that two threads
 * can read it: rd keeps the first half, the returned reader (borrowed: rd owns it, and destroys
 * it with itself) reads the second half, with line numbers counted from the start of the file.
 * NULL, and rd unchanged, when less than BH_READER_SPLIT_MIN bytes are left, no boundary was
 * found, memory ran out or rd was split before. bh_reader_blank_lines and bh_reader_failed of
 * rd cover both halves. */
#define BH_READER_SPLIT_MIN (1u << 20)
bh_reader *bh_reader_split(bh_reader *rd);
/* bh_reader_next that appends the record's fields to out instead (each ended by its NUL byte;
 * *n of them): one copy less for a caller that keeps them. */
int bh_reader_next_packed(bh_reader *rd, bh_strbuf *out, int *n, long *line);
/* 1 when bh_reader_next (or _packed) stopped for lack of memory. */
int bh_reader_failed(const bh_reader *rd);
/* 1 when the raw bytes are valid UTF-8 with some non-ASCII text (used to hint at a wrong
 * --encoding CP932). */
int bh_reader_looks_utf8(const bh_reader *rd);

/* Hex SHA-256 of len bytes into out (65 bytes incl. NUL). */
void bh_sha256_hex(const void *data, size_t len, char out[65]);

#endif

/* Row feed for the open-data importer: threads read and tokenise the records of a crime file (the
 * CPL CSV tokenizer; two threads, one per half, for a file of a megabyte or more: see
 * bh_reader_split) into batches while the caller inserts the rows it already has;
 * bh_crime_feed_next maps each record (bh_crime_row_map_memo) and matches its 町丁目 on the
 * caller's thread. Rows come out in file order, exactly as a single thread would produce them. */
#ifndef BH_CRIMES_FEED_H
#define BH_CRIMES_FEED_H

#include "crimes/matcher.h"
#include "crimes/reader.h"
#include "crimes/row.h"

typedef struct bh_crime_feed bh_crime_feed;

/* One row ready to insert. Every pointer is borrowed until the next bh_crime_feed_next call
 * (mt's strings from the matcher). */
typedef struct bh_feed_row {
    long line;             /* physical line the record starts on */
    bh_crime_row r;        /* r.fields[] trimmed, never NULL */
    bh_match mt;           /* state BH_MATCH_NONE unless r.where is inside and the name matched */
    const char *norm;      /* bh_norm_chome key of the 町丁目, NULL when not looked up */
    const char *extra_key; /* the trailing columns' values as read, each ended by a NUL byte */
    size_t extra_len;      /* (their JSON: bh_crime_feed_extra_json) */
    int sample;            /* force_sample, or 備考 says サンプル/sample */
} bh_feed_row;

/* Starts the threads on the records of rd after its header (splitting rd when large). rd, lay,
 * m, city and known (and the strings they hold) must stay alive until bh_crime_feed_destroy; rd
 * must not be used by the caller meanwhile, except bh_reader_sha256 (m is used by
 * bh_crime_feed_next, on the caller's thread).
 * BH_E_NOMEM when the thread or its buffers cannot be made. *out is owned by the caller. */
BH_MUST_CHECK bh_status bh_crime_feed_start(bh_ctx *ctx, bh_reader *rd, const bh_crime_layout *lay,
                                            bh_matcher *m, const bh_crime_city *city,
                                            const char *const *known, int force_sample,
                                            bh_crime_feed **out);
/* Next row: 1 and *row (borrowed, see bh_feed_row); 0 at the end of the file; -1 when a
 * thread ran out of memory. */
int bh_crime_feed_next(bh_crime_feed *f, const bh_feed_row **row);
/* The `extra` JSON object of the trailing columns of the row last returned by
 * bh_crime_feed_next (borrowed until the next call); NULL when out of memory. */
const char *bh_crime_feed_extra_json(bh_crime_feed *f);
/* Stops the thread (if still running) and frees everything; NULL is a no-op. */
void bh_crime_feed_destroy(bh_crime_feed *f);

#endif

/* 町丁目 matcher: resolves a name as written in crime data to a census small area (town_blocks
 * key_code) or to a 大字, through bh_norm_chome keys in hash maps.
 *
 * A name shared by several KEY_CODEs (PROVENANCE Q5: 上本郷 ×3, 松戸新田, 馬橋, 松戸 …) names
 * all of them: it resolves to one place, the group of those blocks, whose key is their key_codes
 * ascending, joined by '+' (crimes/places.h: the place model every reader shares). The number of
 * blocks is reported so callers can count the rows placed on a group. */
#ifndef BH_CRIMES_MATCHER_H
#define BH_CRIMES_MATCHER_H

#include "db/db.h"

typedef struct bh_matcher bh_matcher;

enum bh_match_state { BH_MATCH_NONE = 0, BH_MATCH_CHOME = 1, BH_MATCH_OAZA = 2 };

typedef struct bh_match {
    int state;            /* bh_match_state */
    const char *key_code; /* borrowed: the place (a key_code, or a group's '+'-joined key_codes);
                             NULL unless CHOME */
    const char *oaza;     /* borrowed: the 大字 in town_blocks' spelling; NULL when NONE */
    int candidates;       /* KEY_CODEs sharing the name (1 = one block, > 1 = a group) */
} bh_match;

/* An empty matcher. city_name (e.g. 松戸市) and prefecture are stripped when a name starts with
 * them; either may be NULL. *out is owned by the caller (bh_matcher_destroy). */
BH_MUST_CHECK bh_status bh_matcher_create(bh_ctx *ctx, const char *prefecture,
                                          const char *city_name, bh_matcher **out);
void bh_matcher_destroy(bh_matcher *m);
/* Adds one small area. oaza may be NULL (then derived with bh_norm_oaza). */
BH_MUST_CHECK bh_status bh_matcher_add(bh_matcher *m, const char *key_code, const char *name,
                                       const char *oaza, double population);
/* Adds every row of town_blocks (key_code, name, oaza and population when those columns exist).
 * BH_E_NOT_FOUND when the table is missing or empty. */
BH_MUST_CHECK bh_status bh_matcher_load_db(bh_matcher *m, bh_db *db);
/* Number of small areas added. */
long bh_matcher_size(const bh_matcher *m);
/* Resolves name; *out's strings are borrowed from m. Returns out->state. */
int bh_matcher_match(const bh_matcher *m, const char *name, bh_match *out);
/* bh_matcher_match that also hands out the normalised key it looked up (*key_out, caller frees;
 * NULL when name is NULL). */
int bh_matcher_match_key(const bh_matcher *m, const char *name, bh_match *out, char **key_out);
/* bh_matcher_match_key through a cache of the names seen before (crime files repeat a few
 * hundred names): *key_out is borrowed from m (valid until the next call or bh_matcher_destroy;
 * NULL when name is NULL). Not thread-safe: one caller at a time. Returns out->state, the same
 * as bh_matcher_match_key; when the cache cannot grow the name is resolved without it. */
int bh_matcher_match_cached(bh_matcher *m, const char *name, bh_match *out, const char **key_out);
/* The normalised key used for name (city prefix stripped). Caller frees. */
char *bh_matcher_key(const bh_matcher *m, const char *name);
/* 1 when name is a known 大字 (in any spelling); *oaza gets the borrowed display spelling. */
int bh_matcher_oaza(const bh_matcher *m, const char *name, const char **oaza);

#endif

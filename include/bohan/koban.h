/* 交番管内: which 交番 covers each 町丁目, derived from the crime rows, dissolved into the
 * koban_areas layer.
 *
 * Derivation (deterministic, documented in docs/crime-stats.md):
 *  1. majority — a block with crime rows (state 'chome', koban named, any date) takes the 交番
 *     named by most of its rows; a tie goes to the 交番 name first in UTF-8 byte order.
 *  2. neighbour — repeatedly, every block still without a 交番 that touches assigned blocks takes
 *     the 交番 with the longest shared boundary among them (ties: name order); each pass uses the
 *     assignments made before it, so the result does not depend on row order.
 *  3. nearest — blocks left over (islands) take the 交番 of the nearest assigned block
 *     (ST_Distance, ties: name order).
 * police_station = the 警察署 most rows of that 交番 name. The dissolve is ST_Union per 交番.
 * The layer is catalogued in `layers` with source 'derived' and kind 'sample' when any row used is
 * sample data, else 'approximate'. A koban_areas layer imported from a file (layers.source not
 * 'derived') wins: derivation then leaves it untouched. */
#ifndef BOHAN_KOBAN_H
#define BOHAN_KOBAN_H

#include <stddef.h>
#include "bohan/db.h"

BH_BEGIN_DECLS

/* Derives (or re-derives) koban_areas from crimes + town_blocks. Atomic on its own (SAVEPOINT),
 * so it may run inside the caller's transaction (bohan init) or alone. Does nothing and returns
 * BH_OK when an imported koban_areas layer exists or when no crime row names a 交番 (logged).
 * Needs town_blocks (BH_E_UNKNOWN_LAYER otherwise). */
BH_API BH_WARN_UNUSED bh_status bh_koban_derive(bh_db *db);

typedef struct bh_koban_list bh_koban_list;

/* Reads the koban_areas layer; *out is owned by the caller (bh_koban_list_destroy).
 * BH_E_UNKNOWN_LAYER when there is no such layer. */
BH_API BH_WARN_UNUSED bh_status bh_koban_list_load(bh_db *db, bh_koban_list **out);
/* Releases l; NULL is a no-op. */
BH_API void bh_koban_list_destroy(bh_koban_list *l);
BH_API size_t bh_koban_list_count(const bh_koban_list *l);
/* Borrowed strings, valid while l lives. */
BH_API const char *bh_koban_list_name(const bh_koban_list *l, size_t i);
BH_API const char *bh_koban_list_station(const bh_koban_list *l, size_t i);
BH_API const char *bh_koban_list_derived_from(const bh_koban_list *l, size_t i);
BH_API double bh_koban_list_area_m2(const bh_koban_list *l, size_t i);
/* "derived" or the imported file; the layer kind (sample / approximate / real). */
BH_API const char *bh_koban_list_source(const bh_koban_list *l);
BH_API const char *bh_koban_list_kind(const bh_koban_list *l);

BH_END_DECLS

#endif

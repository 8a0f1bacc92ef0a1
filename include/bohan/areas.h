/* The areas of a kind (交番管内, 大字, 小学校区, 町丁目) by name: the list an officer picks from,
 * and finding one area from what was typed (exact id or name, then the normalised name — 全角/半角,
 * 小 = 小学校, a trailing 区/管内/交番 … left off —, then a prefix, then a part of the name). */
#ifndef BOHAN_AREAS_H
#define BOHAN_AREAS_H

#include <stddef.h>
#include "bohan/db.h"
#include "bohan/summary.h"

BH_BEGIN_DECLS

typedef struct bh_area_list bh_area_list;

/* The areas of kind `by` that have a polygon, in the summary's order, each with its population
 * and the number of 町丁目 (census blocks) it holds (by the counting rule: a block's place lies in
 * the area). BH_AREA_GRID is refused. *out: owned by the caller (bh_area_list_destroy). */
BH_API BH_WARN_UNUSED bh_status bh_area_list_compute(bh_db *db, bh_area_kind by,
                                                     bh_area_list **out);
BH_API void bh_area_list_destroy(bh_area_list *l);
BH_API size_t bh_area_list_n(const bh_area_list *l);
/* Area i's id and name (borrowed from l), population, and 町丁目 count. */
BH_API const char *bh_area_list_id(const bh_area_list *l, size_t i);
BH_API const char *bh_area_list_name(const bh_area_list *l, size_t i);
BH_API double bh_area_list_population(const bh_area_list *l, size_t i);
BH_API long bh_area_list_blocks(const bh_area_list *l, size_t i);

/* Finds the area `text` names: an exact id or name; else the one whose normalised name
 * (bh_norm_area) equals, else starts with, else contains the normalised text. *index = its
 * position in l. No match: BH_E_UNKNOWN_AREA "… no such area; did you mean: A, B, …" (names
 * sharing the most leading characters); several: BH_E_UNKNOWN_AREA "… N areas match: A, B, …".
 * One line either way. */
BH_API BH_WARN_UNUSED bh_status bh_area_list_find(bh_ctx *ctx, const bh_area_list *l,
                                                  const char *text, size_t *index);

BH_END_DECLS

#endif

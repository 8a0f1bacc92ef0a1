/* Placing a こども110番の家 from its address: the 街区 (or 地番) number of an address and the
 * points of the 街区レベル位置参照情報 layer (gaiku_points, 国土交通省) keyed by 町丁目 and number.
 */
#ifndef BH_REFUGES_PLACE_H
#define BH_REFUGES_PLACE_H

#include <stddef.h>
#include "crimes/matcher.h"
#include "db/db.h"

/* The 街区 number of an address into out ("2" for 稔台5丁目2番3号, 稔台五丁目2-3 or 稔台5-2-3;
 * the 地番 "1234" for 紙敷1234番地): 1 when found, else 0. 全角 digits are read. */
int bh_refuge_gaiku_number(const char *address, char *out, size_t n);

typedef struct bh_gaiku_index bh_gaiku_index;

/* Reads gaiku_points (oaza_chome, gaiku, geom) keyed by the matcher's 町丁目 key and number.
 * *out is NULL (and BH_OK) when the layer is absent or empty; else owned by the caller. */
BH_MUST_CHECK bh_status bh_gaiku_index_load(bh_db *db, const bh_matcher *m, bh_gaiku_index **out);
/* The point of address's 街区: 1 and *x, *y (storage CRS), else 0. idx may be NULL. */
int bh_gaiku_index_find(const bh_gaiku_index *idx, const bh_matcher *m, const char *address,
                        double *x, double *y);
/* Number of points; 0 for NULL. */
size_t bh_gaiku_index_size(const bh_gaiku_index *idx);
/* NULL is a no-op. */
void bh_gaiku_index_destroy(bh_gaiku_index *idx);

#endif

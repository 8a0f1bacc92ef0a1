/* bh_shape: a polygon read from WKB for repeated point-in-polygon tests (GEOS prepared geometry),
 * so that rendering never needs OGR. */
#ifndef BH_SHAPE_H
#define BH_SHAPE_H

#include <stddef.h>

typedef struct bh_shape bh_shape;

/* NULL when wkb is not a readable geometry or memory runs out; owned by the caller
 * (bh_shape_destroy). */
bh_shape *bh_shape_from_wkb(const unsigned char *wkb, size_t len);
/* NULL is a no-op. */
void bh_shape_destroy(bh_shape *s);
/* 1 when (x, y), in the geometry's coordinates, lies in the interior of s; 0 otherwise. */
int bh_shape_contains(const bh_shape *s, double x, double y);

#endif

#include "render/shape.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <geos_c.h>

struct bh_shape {
    GEOSContextHandle_t h;
    GEOSGeometry *g;
    const GEOSPreparedGeometry *prep;
};

bh_shape *bh_shape_from_wkb(const unsigned char *wkb, size_t len)
{
    if (wkb == NULL || len < 5 || len > (size_t)0x7fffffff)
        return NULL;
    bh_shape *s = bh_calloc(1, sizeof *s);
    if (s == NULL || (s->h = GEOS_init_r()) == NULL) {
        bh_free(s);
        return NULL;
    }
    GEOSWKBReader *r = GEOSWKBReader_create_r(s->h);
    if (r != NULL) {
        s->g = GEOSWKBReader_read_r(s->h, r, wkb, len);
        GEOSWKBReader_destroy_r(s->h, r);
    }
    if (s->g != NULL)
        s->prep = GEOSPrepare_r(s->h, s->g);
    if (s->prep == NULL) {
        bh_shape_destroy(s);
        return NULL;
    }
    return s;
}

void bh_shape_destroy(bh_shape *s)
{
    if (s == NULL)
        return;
    if (s->prep)
        GEOSPreparedGeom_destroy_r(s->h, s->prep);
    if (s->g)
        GEOSGeom_destroy_r(s->h, s->g);
    if (s->h)
        GEOS_finish_r(s->h);
    bh_free(s);
}

int bh_shape_contains(const bh_shape *s, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(s->h, x, y);
    if (pt == NULL)
        return 0;
    int in = GEOSPreparedContains_r(s->h, s->prep, pt) == 1;
    GEOSGeom_destroy_r(s->h, pt);
    return in;
}

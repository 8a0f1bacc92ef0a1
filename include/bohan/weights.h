/* Spatial weights of the local statistics (hot spots): which areas count as neighbours. */
#ifndef BOHAN_WEIGHTS_H
#define BOHAN_WEIGHTS_H

#include "bohan/ctx.h"

BH_BEGIN_DECLS

typedef enum bh_weights_kind {
    BH_WEIGHTS_QUEEN = 0,   /* polygons sharing at least one point (ST_Intersects) */
    BH_WEIGHTS_ROOK = 1,    /* polygons sharing a boundary of positive length */
    BH_WEIGHTS_DISTANCE = 2 /* centroids no more than band metres apart */
} bh_weights_kind;

/* "queen" | "rook" | "distance:METRES" → kind (and *band for distance). BH_E_ARG otherwise. */
BH_API BH_WARN_UNUSED bh_status bh_weights_parse(bh_ctx *ctx, const char *text,
                                                 bh_weights_kind *kind, double *band);

BH_END_DECLS

#endif

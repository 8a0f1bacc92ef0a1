/* Which class (and so which paint) each area of a map gets: 危険度 levels 1..5 or a
 * classification (analysis/classify.h) of counts or counts per 1,000 residents; the legend
 * entries of the classes in use and the count labels with small-count suppression. */
#ifndef BH_MAPCLASS_H
#define BH_MAPCLASS_H

#include <stddef.h>
#include "render/legend.h"
#include "render/map.h"

typedef struct bh_mapclass {
    int *cls;          /* per area: class index, -1 = no data */
    size_t n;          /* areas */
    int k;             /* classes */
    double bounds[65]; /* k+1 class bounds for count/per_1000 fills */
    size_t n_bounds;   /* 0 for risk/none */
} bh_mapclass;

/* Classifies md's areas for layer L (fixed bounds from o->class_bounds when given). An empty
 * or all-NaN variable is not an error: every area gets class 0 or -1. Free with
 * bh_mapclass_free. */
BH_MUST_CHECK bh_status bh_mapclass_compute(bh_ctx *ctx, bh_mapclass *mc, const bh_style_layer *L,
                                            const bh_summary *md, const bh_map_opts *o);
void bh_mapclass_free(bh_mapclass *mc);

/* The paint of area i (borrowed from L). */
const bh_style_paint *bh_mapclass_paint(const bh_mapclass *mc, const bh_style_layer *L, size_t i);
/* Index into L->classes of class c of k. */
size_t bh_mapclass_paint_index(const bh_mapclass *mc, const bh_style_layer *L, int c);

/* Count label: "0件", "12件", or with o->suppress_below = N and 1 <= total < N "N未満" (or ""
 * when o->suppress_hide). */
void bh_mapclass_count_text(const bh_map_opts *o, long total, char *buf, size_t size);

/* tmpl with "{lo}" and "{hi}" replaced (caller frees; NULL when out of memory). */
char *bh_mapclass_template(const char *tmpl, const char *lo, const char *hi);

/* Adds the heading and one entry per class in use (high to low) and a no-data entry, counting
 * only the areas with visible[i] != 0 (visible NULL = every area). */
BH_MUST_CHECK bh_status bh_mapclass_legend(const bh_mapclass *mc, const bh_style_layer *L,
                                           const bh_summary *md, const bh_map_opts *o,
                                           const unsigned char *visible, bh_legend *lg);

#endif

/* Which class (and so which paint) each area of a map gets: 危険度 levels 1..5 or a
 * classification (analysis/classify.h) of counts or counts per 1,000 residents; the legend
 * entries of the classes in use and the count labels with small-count suppression. */
#ifndef BH_MAPCLASS_H
#define BH_MAPCLASS_H

#include <stddef.h>
#include "render/legend.h"
#include "render/map.h"

typedef struct bh_mapclass {
    int *cls;          /* per area: class index, -1 = no data, -2 = new (前年比 of 0 → n) */
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

/* 前年比 label: "+12件 (+35%)", "-3件 (-20%)", "±0件 (±0%)", "+4件（新規）" (0 → n); the
 * count text of bh_mapclass_count_text when there is no year before (prev < 0) or when either
 * year's count is one the suppression rule hides (so the change cannot reveal it). */
void bh_mapclass_change_text(const bh_map_opts *o, long total, long prev, char *buf, size_t size);

/* Adds the heading and one entry per class in use (high to low) and a no-data entry, counting
 * only the areas with visible[i] != 0 (visible NULL = every area). */
BH_MUST_CHECK bh_status bh_mapclass_legend(const bh_mapclass *mc, const bh_style_layer *L,
                                           const bh_summary *md, const bh_map_opts *o,
                                           const unsigned char *visible, bh_legend *lg);

#endif

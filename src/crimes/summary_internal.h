/* Internals shared by summary.c (counting) and summary_areas.c (the areas of each --by kind and
 * where a crime row lies). Not a public header. */
#ifndef BH_SUMMARY_INTERNAL_H
#define BH_SUMMARY_INTERNAL_H

#include <stddef.h>
#include <json-c/json.h>
#include "core/hash.h"
#include "crimes/summary.h"

typedef struct bh_sum_area {
    char *id, *name;
    double pop;
    unsigned char *wkb;
    size_t wkb_len;
    long *counts; /* n_types */
    long total, prev, risk;
    int level;
} bh_sum_area;

struct bh_summary {
    bh_db *db;
    bh_area_kind by;
    double grid_m;
    int srid;
    size_t n_types;
    char **types;
    size_t n, cap;
    bh_sum_area *areas;
    bh_hash_map ids;  /* area id → index (val.num) */
    bh_hash_map locs; /* "c:<key_code>" / "o:<oaza>" → area index (-1 unlocated) */
    double breaks[4];
    int has_breaks; /* 0 only in a built summary before bh_summary_set_risk */
    const char *method;
    char method_buf[32]; /* bh_summary_set_risk's copy */
    int from_ym, to_ym, prev_available, sample;
    char **group_member, **group_name; /* type groups: member i → group i (typegroup.c) */
    size_t n_groups;
    char *partial; /* 「・」-joined types of yearly count rows left out of the period, or NULL */
    int frozen;    /* set after compute: bh_sum_locate finds rows, never adds them */
    int mapped;  /* locs hold every place of the stored 町丁目 → area table (summary_map.c) */
    int no_geom; /* bh_summary_opts.no_geometry: "@WKB(…)" reads NULL, cells get no square */
};

/* The index stored for key in m (ids or locs): 1 and *val, or 0 when absent. */
int bh_sum_index_get(const bh_hash_map *m, const char *key, int *val);
/* Stores key → val in m; 0, or -1 when memory runs out. */
BH_MUST_CHECK int bh_sum_index_put(bh_hash_map *m, const char *key, int val);

/* Appends an area (copies strings, takes wkb); returns its index or -1 (out of memory). */
int bh_sum_add_area(bh_summary *s, const char *id, const char *name, double pop, unsigned char *wkb,
                    size_t wkb_len);
/* Loads the areas of s->by with their population (area-weighted where needed). */
BH_MUST_CHECK bh_status bh_sum_load_areas(bh_summary *s);
/* The area rows of an oaza, koban or school-district summary (population: oaza's own; 0 for the
 * others, which bh_sum_load_areas weights). */
BH_MUST_CHECK bh_status bh_sum_load_layer_areas(bh_summary *s);
/* Areal kinds from the 町丁目 → area table (summary_map.c): the areas (grid) or their population
 * (koban, school-district) and every block's and 大字's area in s->locs. */
BH_MUST_CHECK bh_status bh_sum_map_load(bh_summary *s);
/* Area index of a crime location: kind 'c' (state chome, place = key_code), 'o' (state oaza,
 * place = 大字), 'k' (count rows by 交番, place = koban name) or 'w' (count rows for the whole
 * city, place ignored). Creates the remainder rows (大字のみ, 交番単位, 市全体) and the 位置不明
 * row on demand. */
BH_MUST_CHECK bh_status bh_sum_locate(bh_summary *s, char kind, const char *place, int *index);

/* Type groups of the city profile (typegroup.c). */
BH_MUST_CHECK bh_status bh_sum_groups_load(bh_summary *s, json_object *profile);
const char *bh_sum_group_of(const bh_summary *s, const char *type); /* group name or NULL */
int bh_sum_is_group(const bh_summary *s, const char *name);
void bh_sum_groups_free(bh_summary *s);

#endif

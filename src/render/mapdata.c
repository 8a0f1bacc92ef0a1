#include "render/mapdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

typedef struct area {
    char *id, *name;
    double pop;
    long *counts;
    long total;
    int risk;
    unsigned char *wkb;
    size_t wkb_len;
} area;

struct bh_mapdata {
    size_t n_types;
    char **types;
    area *a;
    size_t n, cap;
    int from_ym, to_ym, sample, has_breaks;
    double breaks[4];
    char method[32];
    char *partial; /* bh_summary_partial_types */
};

bh_status bh_mapdata_create(size_t n_types, const char *const *type_names, bh_mapdata **out)
{
    *out = NULL;
    bh_mapdata *md = calloc(1, sizeof *md);
    if (md == NULL)
        return BH_E_NOMEM;
    md->types = calloc(n_types + 1, sizeof *md->types);
    md->n_types = n_types;
    if (md->types == NULL) {
        free(md);
        return BH_E_NOMEM;
    }
    for (size_t t = 0; t < n_types; t++) {
        if ((md->types[t] = bh_strdup(type_names[t] ? type_names[t] : "")) == NULL) {
            bh_mapdata_destroy(md);
            return BH_E_NOMEM;
        }
    }
    *out = md;
    return BH_OK;
}

void bh_mapdata_destroy(bh_mapdata *md)
{
    if (md == NULL)
        return;
    for (size_t i = 0; i < md->n; i++) {
        free(md->a[i].id);
        free(md->a[i].name);
        free(md->a[i].counts);
        free(md->a[i].wkb);
    }
    free(md->a);
    free(md->partial);
    for (size_t t = 0; t < md->n_types; t++)
        free(md->types[t]);
    free(md->types);
    free(md);
}

bh_status bh_mapdata_add(bh_mapdata *md, const char *id, const char *name, double population,
                         const long *counts, int risk_level, const unsigned char *wkb,
                         size_t wkb_len)
{
    if (md->n == md->cap) {
        size_t cap = md->cap ? md->cap * 2 : 64;
        area *a = realloc(md->a, cap * sizeof *a);
        if (a == NULL)
            return BH_E_NOMEM;
        md->a = a;
        md->cap = cap;
    }
    area *a = &md->a[md->n];
    *a = (area){0};
    a->id = bh_strdup(id ? id : "");
    a->name = bh_strdup(name ? name : (id ? id : ""));
    a->counts = calloc(md->n_types ? md->n_types : 1, sizeof *a->counts);
    if (wkb && wkb_len) {
        a->wkb = malloc(wkb_len);
        if (a->wkb) {
            memcpy(a->wkb, wkb, wkb_len);
            a->wkb_len = wkb_len;
        }
    }
    if (!a->id || !a->name || !a->counts || (wkb && wkb_len && !a->wkb)) {
        free(a->id);
        free(a->name);
        free(a->counts);
        free(a->wkb);
        return BH_E_NOMEM;
    }
    a->pop = population;
    for (size_t t = 0; t < md->n_types; t++) {
        a->counts[t] = counts ? counts[t] : 0;
        a->total += a->counts[t];
    }
    a->risk = risk_level >= 0 && risk_level <= 5 ? risk_level : 0;
    md->n++;
    return BH_OK;
}

bh_status bh_mapdata_from_summary(const bh_summary *s, bh_mapdata **out)
{
    size_t nt = bh_summary_n_types(s);
    const char **names = calloc(nt + 1, sizeof *names);
    long *counts = calloc(nt + 1, sizeof *counts);
    bh_status st = names && counts ? BH_OK : BH_E_NOMEM;
    for (size_t t = 0; st == BH_OK && t < nt; t++)
        names[t] = bh_summary_type_name(s, t);
    bh_mapdata *md = NULL;
    if (st == BH_OK)
        st = bh_mapdata_create(nt, names, &md);
    for (size_t i = 0; st == BH_OK && i < bh_summary_n_areas(s); i++) {
        for (size_t t = 0; t < nt; t++)
            counts[t] = bh_summary_count(s, i, t);
        size_t len = 0;
        const unsigned char *wkb = bh_summary_area_wkb(s, i, &len);
        st = bh_mapdata_add(md, bh_summary_area_id(s, i), bh_summary_area_name(s, i),
                            bh_summary_population(s, i), counts, bh_summary_risk_level(s, i), wkb,
                            wkb ? len : 0);
    }
    free(names);
    free(counts);
    if (st != BH_OK) {
        bh_mapdata_destroy(md);
        return st;
    }
    bh_mapdata_set_period(md, bh_summary_from_ym(s), bh_summary_to_ym(s));
    bh_mapdata_set_sample(md, bh_summary_is_sample(s));
    if (bh_summary_partial_types(s) &&
        (md->partial = bh_strdup(bh_summary_partial_types(s))) == NULL) {
        bh_mapdata_destroy(md);
        return BH_E_NOMEM;
    }
    if (bh_summary_risk_breaks(s))
        bh_mapdata_set_risk(md, bh_summary_risk_breaks(s), bh_summary_risk_method(s));
    *out = md;
    return BH_OK;
}

void bh_mapdata_set_period(bh_mapdata *md, int from_ym, int to_ym)
{
    md->from_ym = from_ym;
    md->to_ym = to_ym;
}

void bh_mapdata_set_sample(bh_mapdata *md, int sample)
{
    md->sample = sample;
}

void bh_mapdata_set_risk(bh_mapdata *md, const double *breaks, const char *method)
{
    memcpy(md->breaks, breaks, sizeof md->breaks);
    md->has_breaks = 1;
    snprintf(md->method, sizeof md->method, "%s", method ? method : "");
}

size_t bh_mapdata_n_types(const bh_mapdata *md)
{
    return md->n_types;
}

const char *bh_mapdata_type(const bh_mapdata *md, size_t t)
{
    return t < md->n_types ? md->types[t] : NULL;
}

size_t bh_mapdata_n_areas(const bh_mapdata *md)
{
    return md->n;
}

const char *bh_mapdata_id(const bh_mapdata *md, size_t i)
{
    return md->a[i].id;
}

const char *bh_mapdata_name(const bh_mapdata *md, size_t i)
{
    return md->a[i].name;
}

double bh_mapdata_population(const bh_mapdata *md, size_t i)
{
    return md->a[i].pop;
}

long bh_mapdata_count(const bh_mapdata *md, size_t i, size_t t)
{
    return t < md->n_types ? md->a[i].counts[t] : 0;
}

long bh_mapdata_total(const bh_mapdata *md, size_t i)
{
    return md->a[i].total;
}

int bh_mapdata_risk(const bh_mapdata *md, size_t i)
{
    return md->a[i].risk;
}

const unsigned char *bh_mapdata_wkb(const bh_mapdata *md, size_t i, size_t *len)
{
    *len = md->a[i].wkb_len;
    return md->a[i].wkb;
}

int bh_mapdata_from_ym(const bh_mapdata *md)
{
    return md->from_ym;
}

int bh_mapdata_to_ym(const bh_mapdata *md)
{
    return md->to_ym;
}

int bh_mapdata_is_sample(const bh_mapdata *md)
{
    return md->sample;
}

const double *bh_mapdata_risk_breaks(const bh_mapdata *md)
{
    return md->has_breaks ? md->breaks : NULL;
}

const char *bh_mapdata_risk_method(const bh_mapdata *md)
{
    return md->method;
}

const char *bh_mapdata_partial_types(const bh_mapdata *md)
{
    return md->partial;
}

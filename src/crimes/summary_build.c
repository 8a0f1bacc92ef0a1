/* Summaries built row by row (see summary.h): the same model as a computed one, for fixtures and
 * numbers that come from elsewhere. */
#include "crimes/summary_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

bh_status bh_summary_create(size_t n_types, const char *const *type_names, bh_summary **out)
{
    *out = NULL;
    bh_summary *s = calloc(1, sizeof *s);
    if (s == NULL)
        return BH_E_NOMEM;
    s->types = calloc(n_types + 1, sizeof *s->types);
    if (s->types == NULL) {
        free(s);
        return BH_E_NOMEM;
    }
    for (size_t t = 0; t < n_types; t++, s->n_types++) {
        if ((s->types[t] = bh_strdup(type_names[t] ? type_names[t] : "")) == NULL) {
            bh_summary_destroy(s);
            return BH_E_NOMEM;
        }
    }
    *out = s;
    return BH_OK;
}

bh_status bh_summary_add(bh_summary *s, const char *id, const char *name, double population,
                         const long *counts, int risk_level, const unsigned char *wkb,
                         size_t wkb_len)
{
    unsigned char *copy = NULL;
    if (wkb && wkb_len) {
        if ((copy = malloc(wkb_len)) == NULL)
            return BH_E_NOMEM;
        memcpy(copy, wkb, wkb_len);
    }
    if (id == NULL)
        id = "";
    int i = bh_sum_add_area(s, id, name ? name : id, population, copy, copy ? wkb_len : 0);
    if (i < 0)
        return BH_E_NOMEM;
    bh_sum_area *a = &s->areas[i];
    for (size_t t = 0; t < s->n_types; t++) {
        a->counts[t] = counts ? counts[t] : 0;
        a->total += a->counts[t];
    }
    a->level = risk_level >= 0 && risk_level <= 5 ? risk_level : 0;
    return BH_OK;
}

void bh_summary_set_period(bh_summary *s, int from_ym, int to_ym)
{
    s->from_ym = from_ym;
    s->to_ym = to_ym;
}

void bh_summary_set_sample(bh_summary *s, int sample)
{
    s->sample = sample;
}

void bh_summary_set_risk(bh_summary *s, const double *breaks, const char *method)
{
    memcpy(s->breaks, breaks, sizeof s->breaks);
    s->has_breaks = 1;
    snprintf(s->method_buf, sizeof s->method_buf, "%s", method ? method : "");
    s->method = s->method_buf;
}

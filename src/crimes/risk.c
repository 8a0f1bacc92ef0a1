#include "crimes/risk.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const risk_default_types[] = {"ひったくり", "自動車盗", "住宅対象侵入盗",
                                                 "車上ねらい", "部品ねらい"};

void bh_risk_config_default(bh_risk_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->method = BH_RISK_RATIO;
    cfg->breaks[0] = 0.5;
    cfg->breaks[1] = 0.8;
    cfg->breaks[2] = 1.2;
    cfg->breaks[3] = 2.0;
    cfg->min_population = 50;
    cfg->n_types = sizeof risk_default_types / sizeof *risk_default_types;
    for (size_t i = 0; i < cfg->n_types; i++)
        snprintf(cfg->types[i], sizeof cfg->types[i], "%s", risk_default_types[i]);
}

static int risk_increasing(const double *b)
{
    for (int i = 0; i < BH_RISK_N_BREAKS; i++) {
        if (!isfinite(b[i]))
            return 0;
        if (i > 0 && !(b[i] > b[i - 1]))
            return 0;
    }
    return 1;
}

bh_status bh_risk_config_from_json(bh_ctx *ctx, json_object *city_root, bh_risk_config *cfg)
{
    return bh_risk_config_from_file(ctx, city_root, "city.json", cfg);
}

/* The most people a 町丁目 or 大字 could hold: a larger minimum would leave every area unrated. */
#define RISK_MAX_MIN_POPULATION 1e7

bh_status bh_risk_config_from_file(bh_ctx *ctx, json_object *city_root, const char *file,
                                   bh_risk_config *cfg)
{
    bh_risk_config_default(cfg);
    json_object *risk, *v;
    if (city_root == NULL || !json_object_object_get_ex(city_root, "risk", &risk))
        return BH_OK;
    if (!json_object_is_type(risk, json_type_object))
        return bh_error(ctx, BH_E_FORMAT, "%s: field 'risk': expected an object", file);
    if (json_object_object_get_ex(risk, "method", &v)) {
        const char *m = json_object_get_string(v);
        if (json_object_is_type(v, json_type_string) && strcmp(m, "ratio") == 0)
            cfg->method = BH_RISK_RATIO;
        else if (json_object_is_type(v, json_type_string) && strcmp(m, "quantile") == 0)
            cfg->method = BH_RISK_QUANTILE;
        else
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: field 'risk.method': expected \"ratio\" or \"quantile\"", file);
    }
    if (json_object_object_get_ex(risk, "breaks", &v)) {
        if (!json_object_is_type(v, json_type_array) ||
            json_object_array_length(v) != BH_RISK_N_BREAKS)
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: field 'risk.breaks': expected 4 increasing numbers", file);
        for (size_t i = 0; i < BH_RISK_N_BREAKS; i++) {
            json_object *e = json_object_array_get_idx(v, i);
            if (!json_object_is_type(e, json_type_double) && !json_object_is_type(e, json_type_int))
                return bh_error(ctx, BH_E_FORMAT,
                                "%s: field 'risk.breaks': expected 4 increasing numbers", file);
            cfg->breaks[i] = json_object_get_double(e);
        }
        if (!risk_increasing(cfg->breaks))
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: field 'risk.breaks': expected 4 increasing numbers", file);
    }
    if (json_object_object_get_ex(risk, "min_population", &v)) {
        if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
            return bh_error(ctx, BH_E_FORMAT, "%s: field 'risk.min_population': expected a number",
                            file);
        cfg->min_population = json_object_get_double(v);
        if (!(cfg->min_population >= 0 && cfg->min_population <= RISK_MAX_MIN_POPULATION))
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: field 'risk.min_population': expected a number of people from 0 "
                            "to %.0f",
                            file, RISK_MAX_MIN_POPULATION);
    }
    if (json_object_object_get_ex(risk, "types", &v)) {
        if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) == 0 ||
            json_object_array_length(v) > BH_RISK_MAX_TYPES)
            return bh_error(ctx, BH_E_FORMAT,
                            "%s: field 'risk.types': expected 1..%d crime type names", file,
                            BH_RISK_MAX_TYPES);
        cfg->n_types = json_object_array_length(v);
        for (size_t i = 0; i < cfg->n_types; i++) {
            json_object *e = json_object_array_get_idx(v, i);
            if (!json_object_is_type(e, json_type_string) ||
                strlen(json_object_get_string(e)) >= sizeof cfg->types[i])
                return bh_error(ctx, BH_E_FORMAT,
                                "%s: field 'risk.types[%zu]': expected a crime type name", file, i);
            snprintf(cfg->types[i], sizeof cfg->types[i], "%s", json_object_get_string(e));
        }
    }
    return BH_OK;
}

int bh_risk_is_type(const bh_risk_config *cfg, const char *type)
{
    for (size_t i = 0; i < cfg->n_types; i++)
        if (type && strcmp(cfg->types[i], type) == 0)
            return 1;
    return 0;
}

const char *bh_risk_method_name(bh_risk_method m)
{
    switch (m) {
    case BH_RISK_RATIO:
        return "ratio";
    case BH_RISK_QUANTILE:
        return "quantile";
    case BH_RISK_FIXED:
        return "fixed";
    }
    return "ratio";
}

int bh_risk_level_of(const double *breaks, double ratio)
{
    int level = 1;
    for (int i = 0; i < BH_RISK_N_BREAKS; i++)
        if (ratio > breaks[i])
            level++;
    return level;
}

static int risk_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type-7 sample quantile (R's default) of sorted v[0..n). */
static double risk_quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

bh_status bh_risk_levels(bh_ctx *ctx, const bh_risk_config *cfg, const long *counts,
                         const double *population, size_t n, double city_count,
                         double city_population, const double *fixed, int *levels,
                         double *breaks_out, double *ratio_out)
{
    if (fixed != NULL && !risk_increasing(fixed))
        return bh_error(ctx, BH_E_ARG, "risk breaks: expected 4 increasing numbers");
    double city_rate = city_population > 0 ? city_count / city_population : 0.0;
    double *ratio = bh_malloc((n ? n : 1) * sizeof *ratio);
    double *sorted = bh_malloc((n ? n : 1) * sizeof *sorted);
    if (ratio == NULL || sorted == NULL) {
        bh_free(ratio);
        bh_free(sorted);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(population[i] > 0) || population[i] < cfg->min_population) {
            ratio[i] = NAN;
            continue;
        }
        double rate = (double)counts[i] / population[i];
        /* With no risk crimes anywhere every rated area is "at the city rate" of zero: ratio 0. */
        ratio[i] = city_rate > 0 ? rate / city_rate : 0.0;
        sorted[m++] = ratio[i];
    }
    if (fixed != NULL) {
        memcpy(breaks_out, fixed, BH_RISK_N_BREAKS * sizeof *fixed);
    } else if (cfg->method == BH_RISK_QUANTILE && m > 0) {
        qsort(sorted, m, sizeof *sorted, risk_cmp_double);
        for (int k = 0; k < BH_RISK_N_BREAKS; k++)
            breaks_out[k] = risk_quantile(sorted, m, (k + 1) / 5.0);
    } else {
        memcpy(breaks_out, cfg->breaks, BH_RISK_N_BREAKS * sizeof *breaks_out);
    }
    for (size_t i = 0; i < n; i++) {
        levels[i] = isnan(ratio[i]) ? 0 : bh_risk_level_of(breaks_out, ratio[i]);
        if (ratio_out)
            ratio_out[i] = ratio[i];
    }
    bh_free(ratio);
    bh_free(sorted);
    return BH_OK;
}

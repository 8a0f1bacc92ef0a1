/* 市内対比危険度: how an area's per-capita count of the 窃盗4罪種 compares with the whole city's,
 * as a level 1 (low) .. 5 (high). Pure computation over arrays; no database.
 *
 * Measure: ratio_i = (risk_count_i / population_i) / (city risk count / city population), i.e.
 * the area's rate as a multiple of the city rate (1.0 = city average). Level = 1 + the number of
 * breaks strictly below the ratio, so with breaks b0..b3: ratio <= b0 → 1, b0 < ratio <= b1 → 2,
 * ..., ratio > b3 → 5. Areas with population below min_population get level 0 (not rated:
 * a block with 20 residents and one crime would otherwise read as "12× the city").
 *
 * Methods (city profile, section "risk"):
 *   "ratio"    (default) fixed breaks on the ratio, default [0.5, 0.8, 1.2, 2.0]: level 3 is
 *              "within ±20 % of the city average", 2/4 are noticeably below/above, 1 is under half
 *              and 5 at least twice the city rate. The ratio does not depend on the overall crime
 *              level, so the same breaks keep two years' maps comparable.
 *   "quantile" breaks at the 20/40/60/80 % quantiles (type 7) of the rated areas' ratios, so
 *              each level holds about a fifth of the areas.
 *   Fixed breaks given by the caller (an earlier edition's) override both; method "fixed". */
#ifndef BH_RISK_H
#define BH_RISK_H

#include <stddef.h>
#include <json-c/json.h>
#include "core/ctx.h"

#define BH_RISK_N_BREAKS 4
#define BH_RISK_MAX_TYPES 16

typedef enum bh_risk_method {
    BH_RISK_RATIO = 0,
    BH_RISK_QUANTILE = 1,
    BH_RISK_FIXED = 2
} bh_risk_method;

typedef struct bh_risk_config {
    bh_risk_method method;
    double breaks[BH_RISK_N_BREAKS]; /* for ratio/fixed */
    double min_population;           /* areas below it are not rated (level 0) */
    size_t n_types;
    char types[BH_RISK_MAX_TYPES]
              [64]; /* crime types counted: 窃盗4罪種 (車上・部品ねらい as two) */
} bh_risk_config;

/* Fills cfg with the built-in defaults (ratio, [0.5,0.8,1.2,2.0], min_population 50, the four
 * 窃盗 types as ひったくり, 自動車盗, 住宅対象侵入盗, 車上ねらい, 部品ねらい). */
void bh_risk_config_default(bh_risk_config *cfg);
/* Reads the "risk" object of a city profile (root may be NULL or lack it: defaults). Keys:
 * method ("ratio"|"quantile"), breaks [4 increasing numbers], min_population, types [strings].
 * BH_E_FORMAT naming the key when a value is malformed. */
BH_MUST_CHECK bh_status bh_risk_config_from_json(bh_ctx *ctx, struct json_object *city_root,
                                                 bh_risk_config *cfg);
/* The same, naming file (the profile's path) in messages; also refuses a min_population that is
 * not a number from 0 to 10 million (NaN, negative, huge: every area would be unrated). */
BH_MUST_CHECK bh_status bh_risk_config_from_file(bh_ctx *ctx, struct json_object *city_root,
                                                 const char *file, bh_risk_config *cfg);
/* 1 when type is one of cfg's risk types. */
int bh_risk_is_type(const bh_risk_config *cfg, const char *type);
/* "ratio" | "quantile" | "fixed" (static). */
const char *bh_risk_method_name(bh_risk_method m);

/* Computes levels[i] for n areas from their risk counts and populations. city_count and
 * city_population are the city totals the ratio is taken against. fixed (4 values, may be NULL)
 * overrides the configured method. breaks_out receives the 4 breaks used; ratio_out (may be
 * NULL) each area's ratio (NAN where not rated). BH_E_ARG when fixed breaks are not increasing. */
BH_MUST_CHECK bh_status bh_risk_levels(bh_ctx *ctx, const bh_risk_config *cfg, const long *counts,
                                       const double *population, size_t n, double city_count,
                                       double city_population, const double *fixed, int *levels,
                                       double *breaks_out, double *ratio_out);

/* Level of one ratio against 4 breaks: 1 + number of breaks strictly below it. */
int bh_risk_level_of(const double *breaks, double ratio);

#endif

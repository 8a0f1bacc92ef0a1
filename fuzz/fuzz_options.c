/* libFuzzer: the small parsers of command-line values that live in the library (the CLI holds
 * no domain logic): --by (bh_summary_parse_by, bh_atlas_parse_by), months (bh_atlas_parse_ym),
 * --edition, output formats, classification methods and --weights, on arbitrary bytes.
 * Invariants: the error contract (fuzz_common.h); on success the value is in its documented
 * range (a month YYYYMM with 1900 <= YYYY <= 2999 and MM 1..12; a grid of 10..100000 m; a
 * positive finite distance band; an enum member). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/classify.h"
#include "analysis/weights.h"
#include "crimes/summary.h"
#include "fuzz_common.h"
#include "render/atlas.h"
#include "render/map.h"
#include "render/surface.h"

static const int ok_marker = 1;

/* The error contract for parsers that fill a value instead of allocating one. */
static void check(bh_ctx *ctx, bh_status st)
{
    bh_fuzz_check_result(ctx, st, st == BH_OK ? &ok_marker : NULL);
    bh_ctx_clear_error(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    char *s = bh_fuzz_cstr(data, size);

    bh_summary_opts so;
    memset(&so, 0, sizeof so);
    bh_status st = bh_summary_parse_by(ctx, s, &so);
    check(ctx, st);
    if (st == BH_OK && (so.by < BH_AREA_CHOME || so.by > BH_AREA_GRID ||
                        (so.by == BH_AREA_GRID && !(so.grid_m >= 10 && so.grid_m <= 100000))))
        abort();

    bh_area_kind by = BH_AREA_CHOME;
    st = bh_atlas_parse_by(ctx, s, &by);
    check(ctx, st);
    if (st == BH_OK && by != BH_AREA_KOBAN && by != BH_AREA_OAZA && by != BH_AREA_SCHOOL_DISTRICT)
        abort();

    int ym = 0;
    st = bh_atlas_parse_ym(ctx, "--from", s, &ym);
    check(ctx, st);
    if (st == BH_OK && (ym / 100 < 1900 || ym / 100 > 2999 || ym % 100 < 1 || ym % 100 > 12))
        abort();

    bh_map_edition e = BH_MAP_PUBLIC;
    st = bh_map_parse_edition(ctx, s, &e);
    check(ctx, st);
    if (st == BH_OK && e != BH_MAP_PUBLIC && e != BH_MAP_INTERNAL)
        abort();

    bh_surface_format f = BH_SURFACE_PDF;
    st = bh_surface_parse_format(ctx, s, &f);
    check(ctx, st);
    if (st == BH_OK && f != BH_SURFACE_PDF && f != BH_SURFACE_PNG && f != BH_SURFACE_SVG)
        abort();

    bh_classify_method m = BH_CLASSIFY_QUANTILE;
    st = bh_classify_parse_method(ctx, s, &m);
    check(ctx, st);
    if (st == BH_OK && (m < BH_CLASSIFY_QUANTILE || m > BH_CLASSIFY_MANUAL))
        abort();

    bh_weights_kind w = BH_WEIGHTS_QUEEN;
    double band = 0;
    st = bh_weights_parse(ctx, s, &w, &band);
    check(ctx, st);
    if (st == BH_OK && (w < BH_WEIGHTS_QUEEN || w > BH_WEIGHTS_DISTANCE ||
                        (w == BH_WEIGHTS_DISTANCE && !(isfinite(band) && band > 0))))
        abort();

    free(s);
    return 0;
}

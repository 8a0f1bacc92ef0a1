/* libFuzzer: the month parser of core/month.h (every --from/--to of the bohan command) on
 * arbitrary bytes. Invariants: the error contract (fuzz_common.h); bh_month_scan and
 * bh_month_parse agree; on success the month is YYYYMM with 1900 <= YYYY <= 2999 and MM 1..12,
 * and its canonical spelling YYYY-MM parses back to the same month. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/month.h"
#include "fuzz_common.h"

static const int ok_marker = 1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    char *s = bh_fuzz_cstr(data, size);
    int ym = 0, ym2 = 0;
    bh_status st = bh_month_parse(ctx, "--from", s, &ym);
    bh_fuzz_check_result(ctx, st, st == BH_OK ? &ok_marker : NULL);
    int scanned = bh_month_scan(s, &ym2);
    if ((scanned == 0) != (st == BH_OK))
        abort();
    if (st == BH_OK) {
        if (ym != ym2 || ym / 100 < 1900 || ym / 100 > 2999 || ym % 100 < 1 || ym % 100 > 12)
            abort();
        char canon[16];
        snprintf(canon, sizeof canon, "%04d-%02d", ym / 100, ym % 100);
        int back = 0;
        if (bh_month_scan(canon, &back) != 0 || back != ym)
            abort();
    }
    bh_ctx_clear_error(ctx);
    free(s);
    return 0;
}

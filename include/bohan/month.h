/* Months as the office writes them: 2023-07, 202307, 2023/7, 2023.07, 2023年7月, 令和5年7月,
 * 令和元年5月, 平成31年4月, R5-07, R5.7, H30/4 (full-width digits and signs too). One parser for
 * every --from/--to of the library and the bohan command. */
#ifndef BOHAN_MONTH_H
#define BOHAN_MONTH_H

#include "bohan/ctx.h"
#include "bohan/export.h"
#include "bohan/status.h"

BH_BEGIN_DECLS

/* Parses text into *ym = YYYYMM (1900 <= YYYY <= 2999, a month of the era it names); BH_OK, or
 * BH_E_USAGE naming what (e.g. "--from"), the text and the accepted forms (*ym unchanged). */
BH_API BH_WARN_UNUSED bh_status bh_month_parse(bh_ctx *ctx, const char *what, const char *text,
                                               int *ym);

BH_END_DECLS

#endif

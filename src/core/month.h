/* Month parser (bohan/month.h) and its context-free core, for the fuzzer and tests. */
#ifndef BH_CORE_MONTH_H
#define BH_CORE_MONTH_H

#include "bohan/month.h"
#include <stddef.h>

/* text → *ym = YYYYMM; 0 on success, -1 when text is not a month (*ym unchanged). */
int bh_month_scan(const char *text, int *ym);

#endif

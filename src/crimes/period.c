/* Is there crime data for a period, and is the database sample data? Used by every printed
 * product before drawing (issue 18.2): a period without any data is refused with the data's
 * actual range, so an empty month never prints as a normal-looking map of 危険度1 areas. */
#include "core/alloc.h"
#include "crimes/period.h"
#include "core/i18n.h"

#include <stdio.h>
#include "core/strbuf.h"

static long scalar(bh_db *db, const char *sql)
{
    return bh_db_scalar_int(db, sql, 0);
}

bh_status bh_crimes_period_check(bh_db *db, int from_ym, int to_ym, int allow_empty)
{
    if (!bh_db_has_table(db, "crimes") || (from_ym == 0 && to_ym == 0))
        return BH_OK;
    int counts = bh_db_has_table(db, "crime_counts");
    int lo = from_ym ? from_ym : 0, hi = to_ym ? to_ym : 999912;
    char *sql = sqlite3_mprintf(
        counts ? "SELECT EXISTS (SELECT 1 FROM crimes WHERE state IN ('chome','oaza') AND "
                 "occurred_ym BETWEEN %d AND %d) OR EXISTS (SELECT 1 FROM crime_counts WHERE "
                 "state IN ('chome','oaza','koban','city') AND from_ym <= %d AND to_ym >= %d)"
               : "SELECT EXISTS (SELECT 1 FROM crimes WHERE state IN ('chome','oaza') AND "
                 "occurred_ym BETWEEN %d AND %d) + 0 * %d * %d",
        lo, hi, hi, lo);
    long any = sql ? scalar(db, sql) : 0;
    sqlite3_free(sql);
    if (any || allow_empty)
        return BH_OK;
    long dmin = scalar(db, counts ? "SELECT MIN(m) FROM (SELECT occurred_ym m FROM crimes WHERE "
                                    "state IN ('chome','oaza') UNION ALL SELECT from_ym FROM "
                                    "crime_counts WHERE state IN ('chome','oaza','koban','city')) u"
                                  : "SELECT MIN(occurred_ym) FROM crimes WHERE state IN "
                                    "('chome','oaza')");
    long dmax = scalar(db, counts ? "SELECT MAX(m) FROM (SELECT occurred_ym m FROM crimes WHERE "
                                    "state IN ('chome','oaza') UNION ALL SELECT to_ym FROM "
                                    "crime_counts WHERE state IN ('chome','oaza','koban','city')) u"
                                  : "SELECT MAX(occurred_ym) FROM crimes WHERE state IN "
                                    "('chome','oaza')");
    char range[160];
    if (dmin > 0 && dmax > 0)
        snprintf(range, sizeof range, bh_tr("the data covers %04ld-%02ld..%04ld-%02ld"), dmin / 100,
                 dmin % 100, dmax / 100, dmax % 100);
    else
        snprintf(range, sizeof range, "%s", bh_tr("the database has no crime data"));
    char from[16] = "", to[16] = "";
    if (from_ym)
        snprintf(from, sizeof from, "%04d-%02d", from_ym / 100, from_ym % 100);
    if (to_ym)
        snprintf(to, sizeof to, "%04d-%02d", to_ym / 100, to_ym % 100);
    return bh_error(bh_db_ctx(db), BH_E_EMPTY,
                    "period %s..%s: no crime data (%s); choose a period inside it, or "
                    "--allow-empty to print the period as データなし",
                    *from ? from : bh_tr("start"), *to ? to : bh_tr("end"), range);
}

int bh_crimes_db_is_sample(bh_db *db)
{
    if (bh_db_has_table(db, "crime_files") &&
        scalar(db, "SELECT EXISTS (SELECT 1 FROM crime_files WHERE sample = 1)"))
        return 1;
    return bh_db_has_table(db, "crime_counts") &&
           scalar(db, "SELECT EXISTS (SELECT 1 FROM crime_counts WHERE sample = 1)");
}

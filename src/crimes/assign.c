/* Which page area each row of a finer summary belongs to: the one rule every atlas uses.
 *
 * A crime is counted in the area that contains its place's representative point (the block's
 * PointOnSurface for a 町丁目 row, the 大字's for a 大字-only row; summary_areas.c). A row of a
 * 町丁目 summary holds exactly the crimes of one such place, so it belongs to the area the same
 * lookup gives, and the rows of an area always add up to the area's total, also where the area
 * cuts across 大字 (小学校区, 交番管内, 町会 …). A 大字 row is one place only for 大字 pages. */
#include "core/alloc.h"
#include "crimes/summary_internal.h"

#include <string.h>

/* The location kind and place of a sub row id (see bh_summary_n_areas). */
static char row_place(const bh_summary *subs, const char *id, const char **place)
{
    *place = id;
    if (strcmp(id, "unlocated") == 0)
        return 0;
    if (strcmp(id, "city") == 0)
        return 'w';
    if (strncmp(id, "koban:", 6) == 0) {
        *place = id + 6;
        return 'k';
    }
    if (strncmp(id, "oaza:", 5) == 0) {
        *place = id + 5;
        return 'o';
    }
    return subs->by == BH_AREA_OAZA ? 'o' : 'c';
}

bh_status bh_summary_assign(bh_db *db, bh_summary *areas, const bh_summary *subs, long *area_of)
{
    bh_ctx *ctx = bh_db_ctx(db);
    if (subs->by != BH_AREA_CHOME && !(subs->by == BH_AREA_OAZA && areas->by == BH_AREA_OAZA))
        return bh_error(ctx, BH_E_ARG,
                        "summary: rows by 大字 cannot be assigned to areas that cut across 大字; "
                        "use rows by 町丁目");
    areas->db = db;
    areas->frozen = 1;
    bh_status rc = BH_OK;
    for (size_t j = 0; rc == BH_OK && j < subs->n; j++) {
        const char *place;
        char kind = row_place(subs, subs->areas[j].id, &place);
        int idx = -1;
        if (kind != 0)
            rc = bh_sum_locate(areas, kind, place, &idx);
        /* the 位置不明 row is no area: its rows belong to none */
        if (idx >= 0 && strcmp(areas->areas[idx].id, "unlocated") == 0)
            idx = -1;
        area_of[j] = idx;
    }
    areas->db = NULL;
    return rc;
}

#include "analysis/refuge_refresh.h"
#include "core/alloc.h"

#include <string.h>
#include "bohan/refuges.h"
#include "core/strbuf.h"

static const char *const refresh_read[] = {"school_districts", "town_blocks",   "oaza",
                                           "koban_areas",      "refuge_houses", NULL};
static const char *const refresh_write[] = {"refuge_gaps", "refuge_gap_cells", "refuge_gap_centres",
                                            NULL};

int bh_refuge_refresh_reads(const char *table)
{
    for (size_t i = 0; refresh_read[i]; i++)
        if (strcmp(table, refresh_read[i]) == 0)
            return 1;
    return 0;
}

const char *const *bh_refuge_refresh_writes(void)
{
    return refresh_write;
}

const char *const *bh_refuge_refresh_read_list(void)
{
    return refresh_read;
}

bh_status bh_refuge_refresh(bh_db *db)
{
    if (!bh_db_has_table(db, "refuge_gaps"))
        return BH_OK;
    sqlite3_stmt *q = NULL;
    bh_status st = bh_db_prepare(db,
                                 "SELECT json_extract(definition, '$.by'), "
                                 "json_extract(definition, '$.radius_m') FROM layers WHERE name = "
                                 "'refuge_gaps' AND json_valid(definition)",
                                 &q);
    if (st != BH_OK || sqlite3_step(q) != SQLITE_ROW || sqlite3_column_text(q, 0) == NULL) {
        sqlite3_finalize(q);
        return st;
    }
    char *by = bh_strdup((const char *)sqlite3_column_text(q, 0));
    bh_refuge_opts o = {.by = by, .radius_m = sqlite3_column_double(q, 1), .write_gaps = 1};
    sqlite3_finalize(q);
    bh_refuge_table *t = NULL;
    st =
        by ? bh_refuges_coverage(db, &o, &t) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_refuge_table_destroy(t);
    bh_free(by);
    return st;
}

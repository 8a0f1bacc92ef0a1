#include "db/sqlfn.h"

#include <stdlib.h>
#include "core/normalize.h"

static void sql_oaza(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (name == NULL) {
        if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
            sqlite3_result_error_nomem(c);
        else
            sqlite3_result_null(c);
        return;
    }
    char *oaza = bh_norm_oaza(name);
    if (oaza == NULL)
        sqlite3_result_error_nomem(c);
    else
        sqlite3_result_text(c, oaza, -1, free);
}

int bh_sqlfn_register(sqlite3 *sq)
{
    return sqlite3_create_function_v2(sq, "bh_oaza", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                      sql_oaza, NULL, NULL, NULL);
}

int sqlite3_bohan_init(sqlite3 *sq, char **errmsg, const sqlite3_api_routines *api)
{
    (void)errmsg;
    (void)api; /* libbohan links libsqlite3 itself: the shell's copy is the same library */
    return bh_sqlfn_register(sq);
}

#include "db/sqlfn.h"

#include <stdlib.h>
#include "core/alloc.h"
#include "core/normalize.h"

/* f(name) through one of the library's name rules; NULL for NULL. */
static void sql_name_rule(sqlite3_context *c, sqlite3_value **argv, char *(*f)(const char *))
{
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (name == NULL) {
        if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
            sqlite3_result_error_nomem(c);
        else
            sqlite3_result_null(c);
        return;
    }
    char *v = f(name);
    if (v == NULL)
        sqlite3_result_error_nomem(c);
    else
        sqlite3_result_text(c, v, -1, bh_free);
}

static void sql_oaza(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_name_rule(c, argv, bh_norm_oaza);
}

static void sql_chome_key(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_name_rule(c, argv, bh_norm_chome);
}

int bh_sqlfn_register(sqlite3 *sq)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function_v2(sq, "bh_oaza", 1, flags, NULL, sql_oaza, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(sq, "bh_chome_key", 1, flags, NULL, sql_chome_key, NULL,
                                        NULL, NULL);
    return rc;
}

int sqlite3_bohan_init(sqlite3 *sq, char **errmsg, const sqlite3_api_routines *api)
{
    (void)errmsg;
    (void)api; /* libbohan links libsqlite3 itself: the shell's copy is the same library */
    return bh_sqlfn_register(sq);
}

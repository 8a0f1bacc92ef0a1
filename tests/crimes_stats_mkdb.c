/* Writes the crimes-stats fixture database (crimes_stats_fixture.h) for the CLI tests:
 *   crimes_stats_mkdb PATH [--no-crimes]   */
#include <stdio.h>
#include <string.h>
#include "crimes_stats_fixture.h"
#include "support.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: crimes_stats_mkdb PATH [--no-crimes]\n");
        return 2;
    }
    bh_ctx *ctx = NULL;
    if (bh_ctx_create(&ctx) != BH_OK)
        return 1;
    bh_db *db = cs_fixture_db(ctx, argv[1]);
    int rc = db == NULL;
    if (db && argc > 2 && strcmp(argv[2], "--no-crimes") == 0)
        rc = bh_db_exec(db, "DELETE FROM crimes; DELETE FROM crime_counts") != BH_OK;
    bh_db_close(db);
    bh_ctx_destroy(ctx);
    return rc;
}

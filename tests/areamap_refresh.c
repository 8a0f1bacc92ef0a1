/* Rebuilds the 町丁目 → area table of a database (every kind and the base cells) in one write
 * transaction, as a layer import does (bh_area_map_refresh): tests/cli/postgis.sh runs it on
 * PostgreSQL, where `bohan import` is not enabled yet.
 *   areamap_refresh DB [CHANGED_TABLE]   (exit 0 and nothing printed when done) */
#include <stdio.h>
#include "crimes/areamap.h"
#include "support.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: areamap_refresh DB [CHANGED_TABLE]\n");
        return 2;
    }
    bh_ctx *ctx = NULL;
    bh_db *db = NULL;
    if (bh_ctx_create(&ctx) != BH_OK)
        return 1;
    bh_status rc = bh_db_open(ctx, argv[1], 0, &db);
    if (rc == BH_OK)
        rc = bh_db_begin(db);
    if (rc == BH_OK)
        rc = bh_area_map_refresh(db, argc > 2 ? argv[2] : NULL);
    if (rc == BH_OK)
        rc = bh_db_commit(db);
    else if (db)
        bh_db_rollback(db);
    if (rc != BH_OK)
        fprintf(stderr, "areamap_refresh: %s\n", bh_ctx_error(ctx));
    bh_db_close(db);
    bh_ctx_destroy(ctx);
    return rc != BH_OK;
}

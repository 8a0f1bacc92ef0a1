/* Test helper for tests/cli/plan.sh: plan_mkdb DB [PLAN_DIR] makes a bohan database (schema
 * only) and loads the plan (default: the Matsudo profile's plan) through the library. */
#include <stdio.h>
#include <stdlib.h>
#include "core/city.h"
#include "plan/plan.h"
#include "support.h"

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: plan_mkdb DB [PLAN_DIR]\n");
        return 2;
    }
    bh_ctx *ctx = NULL;
    if (bh_ctx_create(&ctx) != BH_OK)
        return 1;
    bh_db *db = bh_test_new_db(ctx, argv[1], 6677);
    bh_city *city = NULL;
    bh_status st = db ? BH_OK : BH_E_DB;
    if (st == BH_OK && argc == 2)
        st = bh_city_load(ctx, bh_city_default_dir(), &city);
    if (st == BH_OK)
        st = bh_db_begin(db);
    if (st == BH_OK)
        st = argc == 3 ? bh_plan_load_dir(db, argv[2]) : bh_plan_load(db, city);
    if (st == BH_OK)
        st = bh_db_commit(db);
    if (st != BH_OK)
        fprintf(stderr, "plan_mkdb: %s\n", bh_ctx_error(ctx));
    bh_city_destroy(city);
    bh_db_close(db);
    bh_ctx_destroy(ctx);
    return st == BH_OK ? 0 : 1;
}

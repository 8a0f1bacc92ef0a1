/* libFuzzer: the department-sheet import (bh_plan_import: a CSV through OGR, the year from the
 * headers, IDs, 区分, No., texts, "metric=value" lines, 廃止) on arbitrary bytes, written as a CSV
 * file to a private temp directory and imported into an in-memory database holding a two-item
 * plan (cycle R5) as a dry run (the import's own transaction is rolled back).
 * Invariants: a diff is always returned; a failure is the status recorded in ctx with a
 * non-empty one-line message; the database never refuses a write the import decided on with
 * anything but a reported error; after the rollback the plan tables are as before. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "db/db.h"
#include "db/schema.h"
#include "fuzz_common.h"
#include "plan/plan.h"
#include "plan/sheet.h"

static char dir[64], sheet[96];

static const char *const plan[][2] = {
    {"categories.csv", "id,name,summary,declared_count\n1,防犯体制,概要,1\n2,見守り,概要,1\n"},
    {"items.csv", "no,category,project,content,departments,report_r5,plan_r6\n"
                  "1,1,本部,推進本部,市民安全課,開催した。,開催する。\n"
                  "2,2,見守り,カメラ,市民安全課,20台増設。計290台。,設置する。\n"},
    {"departments.csv", "item,department\n1,市民安全課\n2,市民安全課\n"},
    {"metrics.csv", "item,fiscal_year,metric,label,value,unit,source_text\n"
                    "2,R5,cameras_total,カメラ,290,台,計290台\n"},
    {"links.csv", "item,layer,filter,note\n"},
};
enum { N_PLAN = sizeof plan / sizeof *plan };

static void cleanup(void)
{
    char p[160];
    for (int i = 0; i < N_PLAN; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, plan[i][0]);
        unlink(p);
    }
    unlink(sheet);
    rmdir(dir);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || (n > 0 && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
        abort();
}

static bh_db *sheet_db(bh_ctx *ctx)
{
    static bh_db *db;
    if (db != NULL)
        return db;
    snprintf(dir, sizeof dir, "%s", "/tmp/bohan-fuzz-sheet-XXXXXX");
    if (mkdtemp(dir) == NULL)
        abort();
    atexit(cleanup);
    snprintf(sheet, sizeof sheet, "%s/R6_sheet.csv", dir);
    for (int i = 0; i < N_PLAN; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s/%s", dir, plan[i][0]);
        write_file(p, plan[i][1], strlen(plan[i][1]));
    }
    if (bh_db_open(ctx, ":memory:", BH_DB_CREATE, &db) != BH_OK ||
        bh_schema_create(db, 6677) != BH_OK || bh_plan_load_dir(db, dir) != BH_OK)
        abort();
    return db;
}

static long long state(bh_db *db)
{
    return bh_db_scalar_int(db,
                            "SELECT (SELECT count(*) FROM plan_texts) * 1000000 + (SELECT count(*) "
                            "FROM plan_items) * 10000 + (SELECT count(*) FROM plan_item_years) * "
                            "100 + (SELECT count(*) FROM plan_metrics)",
                            -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    bh_db *db = sheet_db(ctx);
    long long before = state(db);
    write_file(sheet, data, size);
    const char *paths[] = {sheet};
    bh_plan_import_opts o = {1, size % 2}; /* dry run: the import rolls back itself */
    char *diff = NULL;
    bh_status st = bh_plan_import(db, paths, 1, &o, &diff);
    const char *msg = bh_ctx_error(ctx);
    if (diff == NULL)
        abort();
    if (st != BH_OK && (bh_ctx_status(ctx) != st || msg[0] == '\0' || strchr(msg, '\n')))
        abort();
    if (state(db) != before)
        abort();
    free(diff);
    return 0;
}

/* libFuzzer: the plan loader (bh_plan_load_dir: CSV files through OGR, validation, inserts) on
 * arbitrary bytes. The plan has no in-memory entry point, so the input is split at form feeds
 * ('\f') into categories.csv, items.csv, departments.csv, metrics.csv and links.csv (missing
 * parts are empty files) written to a private temp directory, and loaded into an in-memory
 * bohan database inside a transaction that is rolled back after every input.
 * Invariants: the error contract (fuzz_common.h); everything is validated before the first
 * write, so a failure other than a database error leaves the plan tables empty, and the
 * database never refuses what validation accepted (no BH_E_DB); on success plan_items holds
 * one row per items.csv row and every category's declared count matches. */
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

static const char *const plan_files[] = {"categories.csv", "items.csv", "departments.csv",
                                         "metrics.csv", "links.csv"};
enum { N_FILES = sizeof plan_files / sizeof *plan_files };
static char plan_dir[64];

static void plan_dir_remove(void)
{
    char path[128];
    for (int i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", plan_dir, plan_files[i]);
        unlink(path);
    }
    rmdir(plan_dir);
}

static bh_db *plan_db(bh_ctx *ctx)
{
    static bh_db *db;
    if (db != NULL)
        return db;
    snprintf(plan_dir, sizeof plan_dir, "%s", "/tmp/bohan-fuzz-plan-XXXXXX");
    if (mkdtemp(plan_dir) == NULL)
        abort();
    atexit(plan_dir_remove);
    if (bh_db_open(ctx, ":memory:", BH_DB_CREATE, &db) != BH_OK ||
        bh_schema_create(db, 6677) != BH_OK)
        abort();
    return db;
}

static void write_part(int i, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", plan_dir, plan_files[i]);
    FILE *f = fopen(path, "wb");
    if (f == NULL || (n > 0 && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
        abort();
}

static void write_parts(const uint8_t *data, size_t size)
{
    size_t start = 0;
    int part = 0;
    for (size_t i = 0; i <= size && part < N_FILES; i++) {
        if (i == size || (data[i] == '\f' && part < N_FILES - 1)) {
            write_part(part++, data + start, i - start);
            start = i + 1;
        }
    }
    while (part < N_FILES)
        write_part(part++, data, 0);
}

static long long count(bh_db *db, const char *sql)
{
    return bh_db_scalar_int(db, sql, -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    bh_db *db = plan_db(ctx);
    write_parts(data, size);
    if (bh_db_begin(db) != BH_OK)
        abort();
    bh_status st = bh_plan_load_dir(db, plan_dir);
    bh_fuzz_check_result(ctx, st, st == BH_OK ? (void *)db : NULL);
    if (st == BH_E_DB)
        abort(); /* validation let through something the schema refuses */
    if (st != BH_OK && count(db, "SELECT count(*) FROM plan_items") +
                               count(db, "SELECT count(*) FROM plan_categories") !=
                           0)
        abort(); /* wrote before validating */
    if (st == BH_OK) {
        if (count(db, "SELECT count(*) FROM plan_items") < 1 ||
            count(db, "SELECT count(*) FROM plan_categories c WHERE declared_count <> "
                      "(SELECT count(*) FROM plan_items i WHERE i.category_id = c.id)") != 0)
            abort();
    }
    bh_db_rollback(db);
    return 0;
}

/* bohan crimes check: the crime aggregate against a fresh count of the rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/bohan.h"
#include "cli/cli.h"

int bh_cli_crimes_check(bh_cli *cli, int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: bohan crimes check\n\n"
               "Recomputes the crime aggregate (the counts per 町丁目/大字, 手口 and month that\n"
               "summaries, maps, atlases and hot spots read) from the crime rows and lists every\n"
               "difference. Exit 0 when they match, 1 when any group differs.\n");
        return BH_EXIT_OK;
    }
    if (argc > 1)
        return bh_cli_usage_error("crimes check", "unexpected argument '%s'", argv[1]);
    bh_db *db = NULL;
    int rc = bh_cli_open_db(cli, BH_DB_READONLY, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    long n_diff = 0;
    char *text = NULL;
    bh_status st = bh_crimes_check(db, &n_diff, &text);
    if (st != BH_OK) {
        rc = bh_cli_fail(cli, st);
    } else {
        fputs(text, n_diff ? stderr : stdout);
        if (n_diff)
            fprintf(stderr, "bohan crimes check: %ld groups of crime_agg differ from the rows\n",
                    n_diff);
        rc = n_diff ? BH_EXIT_FAIL : BH_EXIT_OK;
    }
    free(text);
    bh_db_close(db);
    return rc;
}

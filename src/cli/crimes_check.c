/* bohan crimes check | files | remove: the crime aggregate against a fresh count of the rows;
 * the imported files and the undo of one. Argument parsing and printing only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/bohan.h"
#include "cli/cli.h"

int bh_cli_crimes_check(bh_cli *cli, int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(_("usage: bohan crimes check\n\n"
                "Recomputes the crime aggregate (the counts per 町丁目/大字, 手口 and month that\n"
                "summaries, maps, atlases and hot spots read) from the crime rows, and the stored\n"
                "町丁目 → area table (chome_area_map) from the layers, and lists every\n"
                "difference. Exit 0 when they match, 1 when any group or map row differs.\n"),
              stdout);
        return BH_EXIT_OK;
    }
    if (argc > 1)
        return bh_cli_usage_error("crimes check", "unexpected argument '%s'", argv[1]);
    bh_db *db = NULL;
    /* the fresh map is built in temporary tables, which PostgreSQL refuses in a read-only
     * transaction; the check writes nothing else */
    int rc = bh_cli_open_db(cli, bh_db_target_is_postgres(cli->db_path) ? 0 : BH_DB_READONLY, &db);
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
            fprintf(stderr,
                    _("bohan crimes check: %ld groups of crime_agg or rows of chome_area_map "
                      "differ\n"),
                    n_diff);
        rc = n_diff ? BH_EXIT_FAIL : BH_EXIT_OK;
    }
    bh_free(text);
    bh_db_close(db);
    return rc;
}

static int help_or_args(int argc, char **argv, const char *cmd, const char *usage, int want)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(_(usage), stdout);
        return BH_EXIT_OK;
    }
    if (argc - 1 != want)
        return argc - 1 > want ? bh_cli_usage_error(cmd, "unexpected argument '%s'", argv[want + 1])
                               : bh_cli_usage_error(cmd, "missing FILE or ID");
    return -1;
}

int bh_cli_crimes_files(bh_cli *cli, int argc, char **argv)
{
    int rc = help_or_args(argc, argv, "crimes files",
                          N_("usage: bohan crimes files\n\nLists the imported crime files: id, "
                             "when, kind, 手口, encoding, rows, sample, path\n(tab-separated). "
                             "'bohan crimes remove ID' undoes one.\n"),
                          0);
    if (rc >= 0)
        return rc;
    bh_db *db = NULL;
    rc = bh_cli_open_db(cli, BH_DB_READONLY, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    char *text = NULL;
    bh_status st = bh_crimes_files(db, &text);
    rc = st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
    if (text)
        fputs(text, stdout);
    bh_free(text);
    bh_db_close(db);
    return rc;
}

int bh_cli_crimes_remove(bh_cli *cli, int argc, char **argv)
{
    int rc = help_or_args(argc, argv, "crimes remove",
                          N_("usage: bohan crimes remove FILE|ID\n\nRemoves one imported crime "
                             "file (its id or path as in 'bohan crimes files', or\nits base name) "
                             "with all its rows, in one transaction.\n"),
                          1);
    if (rc >= 0)
        return rc;
    bh_db *db = NULL;
    rc = bh_cli_open_db(cli, 0, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    long long rows = 0;
    bh_status st = bh_crimes_remove(db, argv[1], &rows);
    rc = st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
    if (st == BH_OK)
        printf(_("removed %s: %lld rows\n"), argv[1], rows);
    bh_db_close(db);
    return rc;
}

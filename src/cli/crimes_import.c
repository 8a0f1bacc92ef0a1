#include "cli/cli.h"

/* Placeholders until the commands land. */
int bh_cli_crimes_import(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}

int bh_cli_crimes_import_counts(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}

int bh_cli_crimes_rejects(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}


#include "cli/cli.h"

/* Placeholders until the commands land. */
int bh_cli_crimes_summary(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}

int bh_cli_crimes_hotspots(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}

int bh_cli_crimes_koban(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}


#include "cli/cli.h"

/* Placeholder until the command lands. */
int bh_cli_import(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan import: not implemented yet\n");
    return BH_EXIT_FAIL;
}

#include "cli/cli.h"

/* Placeholder until the command lands. */
int bh_cli_crimes(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan crimes: not implemented yet\n");
    return BH_EXIT_FAIL;
}

#include "cli/cli.h"

/* Placeholder until the command lands. */
int bh_cli_map(bh_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    fprintf(stderr, "bohan map: not implemented yet\n");
    return BH_EXIT_FAIL;
}

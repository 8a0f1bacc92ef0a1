#include <string.h>
#include "cli/cli.h"

static const struct {
    const char *name;
    int (*run)(bh_cli *, int, char **);
    const char *summary;
} crimes_commands[] = {
    {"import", bh_cli_crimes_import, "import police open-data CSV files (one per 手口)"},
    {"import-counts", bh_cli_crimes_import_counts, "import a count table (CSV or XLSX)"},
    {"rejects", bh_cli_crimes_rejects, "list rejected rows with file, line and reason"},
    {"summary", bh_cli_crimes_summary, "counts per area, per capita, 危険度, 前年比"},
    {"hotspots", bh_cli_crimes_hotspots, "kernel density and Getis-Ord Gi* layers"},
    {"koban", bh_cli_crimes_koban, "derive 交番管内 from the crime rows"},
    {"check", bh_cli_crimes_check, "check the crime aggregate against the rows"},
    {"files", bh_cli_crimes_files, "list the imported crime files"},
    {"remove", bh_cli_crimes_remove, "remove one imported file and its rows (undo)"},
};

static void crimes_usage(FILE *f)
{
    fprintf(f, "usage: bohan crimes SUBCOMMAND [ARGS]\n\nsubcommands:\n");
    for (size_t i = 0; i < sizeof crimes_commands / sizeof *crimes_commands; i++)
        fprintf(f, "  %-14s %s\n", crimes_commands[i].name, crimes_commands[i].summary);
}

int bh_cli_crimes(bh_cli *cli, int argc, char **argv)
{
    if (argc < 2) {
        crimes_usage(stderr);
        return BH_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        crimes_usage(stdout);
        return BH_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof crimes_commands / sizeof *crimes_commands; i++)
        if (strcmp(argv[1], crimes_commands[i].name) == 0)
            return crimes_commands[i].run(cli, argc - 1, argv + 1);
    fprintf(stderr, "bohan crimes: unknown subcommand '%s'\n", argv[1]);
    crimes_usage(stderr);
    return BH_EXIT_USAGE;
}

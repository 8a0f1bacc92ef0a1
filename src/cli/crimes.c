#include <string.h>
#include "cli/cli.h"

static const bh_cli_command crimes_commands[] = {
    {"import", bh_cli_crimes_import, N_("import police open-data CSV files (one per 手口)")},
    {"import-counts", bh_cli_crimes_import_counts, N_("import a count table (CSV or XLSX)")},
    {"rejects", bh_cli_crimes_rejects, N_("list rejected rows with file, line and reason")},
    {"unplaced", bh_cli_crimes_unplaced, N_("list every row not placed on exactly one 町丁目")},
    {"summary", bh_cli_crimes_summary, N_("counts per area, per capita, 危険度, 前年比")},
    {"hotspots", bh_cli_crimes_hotspots, N_("kernel density and Getis-Ord Gi* layers")},
    {"koban", bh_cli_crimes_koban, N_("derive 交番管内 from the crime rows")},
    {"check", bh_cli_crimes_check, N_("check the crime aggregate against the rows")},
    {"files", bh_cli_crimes_files, N_("list the imported crime files")},
    {"remove", bh_cli_crimes_remove, N_("remove one imported file and its rows (undo)")},
};

int bh_cli_crimes(bh_cli *cli, int argc, char **argv)
{
    return bh_cli_dispatch(cli, "crimes", NULL, crimes_commands,
                           sizeof crimes_commands / sizeof *crimes_commands, argc, argv);
}

# crimes-import room: importer, CLI (the normaliser is core: tests/core.cmake).
bh_add_test(test_crimes_import test_crimes_import.c)
bh_add_cli_test(cli_crimes_import cli/crimes_import.sh)
bh_add_cli_test(cli_crimes_check cli/crimes_check.sh)
bh_add_cli_test(cli_areas cli/areas.sh)
bh_add_cli_test(cli_area_map cli/area_map.sh)
bh_add_cli_test(cli_area_cells cli/area_cells.sh)

# こども110番の家 coverage, gaps, register import (room: refuges).
bh_add_test(test_refuges test_refuges.c)
bh_add_cli_test(cli_refuges cli/refuges.sh)
bh_add_cli_test(cli_refuges_import cli/refuges_import.sh)
bh_add_cli_test(cli_refuges_atlas cli/refuges_atlas.sh)
bh_add_cli_test(cli_refuges_a27 cli/refuges_a27.sh)

# Layer catalogue, OGR import, e-Stat merge, init (room: layers).
bh_add_test(test_layer test_layer.c)
bh_add_test(test_import test_import.c)
bh_add_test(test_estat test_estat.c)
bh_add_cli_test(cli_init cli/init.sh)
bh_add_cli_test(cli_import cli/import.sh)

# analysis room: the covering solver (maximal covering with fixed sites).
bh_add_test(test_covering test_covering.c)
bh_add_cli_test(cli_cameras cli/cameras.sh)

bh_add_cli_test(cli_golden cli/golden.sh)

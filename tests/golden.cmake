bh_add_cli_test(cli_golden cli/golden.sh)
bh_add_cli_test(cli_sample_marks cli/sample_marks.sh)

# Robustness: installation, damaged sources, full disks, damaged databases, outputs, hostile input
# (docs/robustness.md lists every case and the test that proves it).
bh_add_cli_test(cli_install cli/install.sh)
bh_add_cli_test(cli_outputs cli/outputs.sh)
bh_add_cli_test(cli_damaged_db cli/damaged_db.sh)
bh_add_cli_test(cli_disk_full cli/disk_full.sh)
bh_add_cli_test(cli_damaged_source cli/damaged_source.sh)
bh_add_cli_test(cli_hostile cli/hostile.sh)
bh_add_cli_test(cli_estat_prefecture cli/estat_prefecture.sh)
bh_add_cli_test(cli_validation cli/validation.sh)

# PostGIS backend (docs/postgis.md): a throwaway cluster per run; skipped (77) without PostgreSQL.
bh_add_cli_test(cli_postgis cli/postgis.sh)
set_tests_properties(cli_postgis PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
bh_add_test(test_db_target test_db_target.c)

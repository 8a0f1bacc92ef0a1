# PostGIS writers (docs/postgis.md): import, refuges, cameras on both backends, many writers at
# once, a layer writer's grants; a throwaway cluster per run, skipped (77) without PostgreSQL.
bh_add_cli_test(cli_postgis_write cli/postgis_write.sh)
set_tests_properties(cli_postgis_write PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)

# The read side on PostGIS (docs/postgis.md): map, atlas, listings equal to SpatiaLite; a
# throwaway cluster per run; skipped (77) without PostgreSQL.
bh_add_cli_test(cli_postgis_maps cli/postgis_maps.sh)
set_tests_properties(cli_postgis_maps PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)

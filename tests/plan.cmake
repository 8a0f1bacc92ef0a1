# Plan room: the 66 plan items (src/plan) and `bohan plan` (src/cli/plan.c).
bh_add_test(test_plan test_plan.c)
bh_add_test(test_plan_cycle test_plan_cycle.c)
add_executable(plan_mkdb plan_mkdb.c)
target_link_libraries(plan_mkdb PRIVATE bh_testsupport)
bh_add_cli_test(cli_plan cli/plan.sh)
set_property(TEST cli_plan APPEND PROPERTY ENVIRONMENT "BH_PLAN_MKDB=$<TARGET_FILE:plan_mkdb>")
bh_add_cli_test(cli_plan_migrate cli/plan_migrate.sh)
bh_add_cli_test(cli_plan_cycle cli/plan_cycle.sh)
# cairo 1.16 leaks 768 bytes per PDF that shows glyphs (see tests/data/render/lsan.supp).
set_property(TEST cli_plan_cycle APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")
# The plan's cycle on PostGIS against SpatiaLite: a throwaway cluster; skipped (77) without it.
bh_add_cli_test(cli_plan_postgis cli/plan_postgis.sh)
set_tests_properties(cli_plan_postgis PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

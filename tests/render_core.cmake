# render-core: surfaces, styles, world→page view, the city map; `bohan map` end to end.
bh_add_test(test_surface test_surface.c)
bh_add_test(test_style test_style.c)
bh_add_test(test_mapview test_mapview.c)
bh_add_test(test_map test_map.c)
bh_add_cli_test(cli_map cli/map.sh)
foreach(t test_map test_surface cli_map)
  set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
               "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")
endforeach()

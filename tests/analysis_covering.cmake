# analysis room: the covering solver (maximal covering with fixed sites).
bh_add_test(test_covering test_covering.c)
bh_add_test(test_covering_search test_covering_search.c)
bh_add_cli_test(cli_cameras cli/cameras.sh)
# cairo 1.16 leaks 768 bytes per PDF that shows glyphs (see tests/data/render/lsan.supp).
set_property(TEST cli_cameras APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")

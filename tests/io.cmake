# io module: loaded on demand (src/io/load.c), GDAL errors into the ctx (src/db/gdal.c), and the
# commands that never load GDAL.
bh_add_test(test_io test_io.c)
bh_add_cli_test(cli_io cli/io.sh)
# cairo 1.16 leaks 768 bytes per PDF that shows glyphs (see tests/data/render/lsan.supp).
set_property(TEST cli_io APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")

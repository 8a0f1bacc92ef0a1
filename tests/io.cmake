# io module: loaded on demand (src/io/load.c), GDAL errors into the ctx (src/db/gdal.c), and the
# commands that never load GDAL.
# test_io is a front end: the public API and the shared libraries only, as the CLI.
add_executable(test_io test_io.c)
target_link_libraries(test_io PRIVATE bohan GDAL::GDAL ${CMOCKA_LIBRARY} ${CMAKE_DL_LIBS})
add_dependencies(test_io bohan-io)
add_test(NAME test_io COMMAND test_io)
set_tests_properties(test_io PROPERTIES ENVIRONMENT "${BH_TEST_ENV}"
                     WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
bh_add_test(test_gdal test_gdal.c)
bh_add_cli_test(cli_io cli/io.sh)
# cairo 1.16 leaks 768 bytes per PDF that shows glyphs (see tests/data/render/lsan.supp).
set_property(TEST cli_io APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")
# A front end with its own allocator (bh_set_allocator): every block the library returns is freed
# with bh_free, through it; the io module allocates through it too.
add_executable(test_allocator test_allocator.c)
target_link_libraries(test_allocator PRIVATE bohan ${CMOCKA_LIBRARY})
add_dependencies(test_allocator bohan-io)
add_test(NAME test_allocator COMMAND test_allocator)
set_tests_properties(test_allocator PROPERTIES ENVIRONMENT "${BH_TEST_ENV}"
                     WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})

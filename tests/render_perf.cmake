# render-perf: the fast PNG writer (bands deflated on two threads, one zlib stream).
bh_add_test(test_pngwrite test_pngwrite.c)
# Halos on PDF as one form per distinct glyph (render/halo.c), compared with pdftoppm.
bh_add_test(test_halo test_halo.c)
set_property(TEST test_halo APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/atlas/lsan.supp:print_suppressions=0")

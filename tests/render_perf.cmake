# render-perf: the fast PNG writer (bands deflated on two threads, one zlib stream).
bh_add_test(test_pngwrite test_pngwrite.c)
# Halos on PDF as one form per distinct glyph (render/halo.c), compared with pdftoppm.
bh_add_test(test_halo test_halo.c)
set_property(TEST test_halo APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/atlas/lsan.supp:print_suppressions=0")
# Fewer cairo operations per page: paint batching (render/batch.c) and label text batching
# (render/textbatch.c), each compared with drawing one by one.
bh_add_test(test_batch test_batch.c)
bh_add_test(test_textbatch test_textbatch.c)
set_property(TEST test_textbatch APPEND PROPERTY ENVIRONMENT
             "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/atlas/lsan.supp:print_suppressions=0")

# render-extras: classification, text, labels, charts/tables, atlas.
bh_add_test(test_classify test_classify.c)
bh_add_test(test_text test_text.c)
bh_add_test(test_glyphs test_glyphs.c)
bh_add_test(test_labels test_labels.c)
bh_add_test(test_chart test_chart.c)
bh_add_test(test_atlas test_atlas.c)
bh_add_cli_test(cli_atlas cli/atlas.sh)
bh_add_cli_test(cli_atlas_totals cli/atlas_totals.sh)
# cairo 1.16 leaks in its PDF text path (see the file); our own leaks are still reported.
foreach(t test_text cli_atlas cli_atlas_totals)
  set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
               "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/atlas/lsan.supp:print_suppressions=0")
endforeach()

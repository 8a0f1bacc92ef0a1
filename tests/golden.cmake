# The printed products on the default city: golden images, and the sample marks on every output.
bh_add_cli_test(cli_golden cli/golden.sh)
bh_add_cli_test(cli_sample_marks cli/sample_marks.sh)
bh_add_cli_test(cli_empty_period cli/empty_period.sh)
# The hot-spot (KDE, Gi*) and 前年比 maps: goldens, legend and label arithmetic, atlas, formats.
bh_add_cli_test(cli_hotmaps cli/hotmaps.sh)
# cairo 1.16 leaks 768 bytes per PDF that shows glyphs (see tests/data/render/lsan.supp).
foreach(t cli_golden cli_sample_marks cli_empty_period cli_hotmaps)
  set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
               "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")
endforeach()

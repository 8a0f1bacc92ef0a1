# Issue 18 items 5, 7 and 8 (what the officer meets): months as the office writes them, messages
# and listings in Japanese, print details of the maps.
bh_add_cli_test(cli_dates cli/dates.sh)
bh_add_cli_test(cli_i18n cli/i18n.sh)
# Every text of src/cli marked, every message of src/ translated in po/ja.po (skipped without gettext).
bh_add_cli_test(cli_po_complete cli/po_complete.sh)
set_tests_properties(cli_po_complete PROPERTIES SKIP_RETURN_CODE 77)
bh_add_cli_test(cli_print_details cli/print_details.sh)
# cairo 1.16 leaks 768 bytes per PDF that shows glyphs (see tests/data/render/lsan.supp).
foreach(t cli_dates cli_i18n cli_print_details)
  set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
               "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/data/render/lsan.supp:print_suppressions=0")
endforeach()

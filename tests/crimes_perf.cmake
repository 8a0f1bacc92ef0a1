# crimes-perf: the bulk paths of the open-data importer (threads, split reading, dicts) end to end.
bh_add_cli_test(cli_crimes_import_bulk cli/crimes_import_bulk.sh)
# the reader's split in two halves and the row mapper's memo (tests/test_crimes_import_reader.c)
bh_add_test(test_crimes_import_reader test_crimes_import_reader.c)

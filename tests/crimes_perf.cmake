# crimes-perf: the bulk paths of the open-data importer (threads, index rebuild) end to end.
bh_add_cli_test(cli_crimes_import_bulk cli/crimes_import_bulk.sh)

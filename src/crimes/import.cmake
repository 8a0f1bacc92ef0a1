# crimes-import room: reading police open data and count tables, 町丁目 matching.
target_sources(bohan PRIVATE
  src/crimes/row.c
  src/crimes/matcher.c
  src/crimes/report.c
  src/crimes/reasons.c
  src/crimes/unplaced.c)
# Reading the files (CPL tokenizer and recoding, OGR for count tables): the io module.
target_sources(bohan-io PRIVATE
  src/crimes/reader.c
  src/crimes/feed.c
  src/crimes/import.c
  src/crimes/bulk.c
  src/crimes/groups.c
  src/crimes/counts.c
  src/crimes/crimes.c)
list(APPEND BH_SCHEMA_FILES src/crimes/schema.sql)
# The crime aggregate (after schema.sql: its triggers are on the crimes view).
target_sources(bohan PRIVATE
  src/crimes/aggregate.c
  src/crimes/files.c)
list(APPEND BH_SCHEMA_FILES src/crimes/aggregate.sql)
# SHA-256 of the imported files (reader.c): libcrypto, which libpq already brings.
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
target_link_libraries(bohan-io PRIVATE PkgConfig::LIBCRYPTO)

target_sources(bohan PRIVATE
  src/plan/list.c
  src/plan/item.c
  src/plan/cycle.c
  src/plan/link.c
  src/plan/metrics.c)
# Loading the plan's CSV files (OGR): the io module.
target_sources(bohan-io PRIVATE
  src/plan/csvtab.c
  src/plan/load.c
  src/plan/sheet.c
  src/plan/sheet_import.c)
list(APPEND BH_SCHEMA_FILES src/plan/schema.sql src/plan/years.sql)

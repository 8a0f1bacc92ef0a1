target_sources(bohan PRIVATE
  src/plan/csvtab.c
  src/plan/load.c
  src/plan/list.c
  src/plan/item.c)
list(APPEND BH_SCHEMA_FILES src/plan/schema.sql)

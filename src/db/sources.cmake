target_sources(bohan PRIVATE
  src/db/db.c
  src/db/schema.c)
list(APPEND BH_SCHEMA_FILES src/db/schema.sql)

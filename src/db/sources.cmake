target_sources(bohan PRIVATE
  src/db/db.c
  src/db/sqlfn.c
  src/db/health.c
  src/db/schema.c)

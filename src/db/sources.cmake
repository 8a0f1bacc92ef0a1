target_sources(bohan PRIVATE
  src/db/db.c
  src/db/city.c
  src/db/sqlfn.c
  src/db/health.c
  src/db/schema.c)
# Backends (SQLite + SpatiaLite, PostgreSQL + PostGIS on libpq), statements, db copy and digest.
target_sources(bohan PRIVATE
  src/db/backend_sqlite.c
  src/db/backend_pg.c
  src/db/backend_pg_bulk.c
  src/db/backend_pg_catalog.c
  src/db/stmt.c
  src/db/target.c
  src/db/copy.c
  src/db/copy_schema.c
  src/db/digest.c
  src/db/stage.c
  src/db/stage_set.c
  src/db/layer_deps.c)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
target_link_libraries(bohan PUBLIC PkgConfig::LIBPQ)

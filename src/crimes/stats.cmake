# crimes-stats room: per-area summaries, 市内対比危険度, 前年比, 交番管内.
target_sources(bohan PRIVATE
  src/crimes/summary.c
  src/crimes/summary_areas.c
  src/crimes/summary_map.c
  src/crimes/areamap.c
  src/crimes/areamap_build.c
  src/crimes/areamap_cells.c
  src/crimes/assign.c
  src/crimes/areas.c
  src/crimes/typegroup.c
  src/crimes/period.c
  src/crimes/summary_build.c
  src/crimes/risk.c)
target_sources(bohan PRIVATE
  src/crimes/koban.c)
target_sources(bohan PRIVATE
  src/crimes/hotspots.c)
list(APPEND BH_SCHEMA_FILES src/crimes/areamap.sql)

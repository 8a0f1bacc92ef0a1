target_sources(bohan-cli PRIVATE
  src/cli/main.c
  src/cli/common.c
  src/cli/init.c
  src/cli/import.c
  src/cli/layers.c
  src/cli/areas.c
  src/cli/plan.c
  src/cli/plan_cycle.c
  src/cli/crimes.c
  src/cli/map.c
  src/cli/atlas.c
  src/cli/crimes_import.c
  src/cli/crimes_summary.c
  src/cli/refuges.c
  src/cli/crimes_check.c)

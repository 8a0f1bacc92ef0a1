# cameras room: coverage of the existing street cameras and the placement plan (docs/cameras.md).
target_sources(bohan PRIVATE
  src/cameras/areas.c
  src/cameras/layers.c
  src/cameras/demand.c
  src/cameras/coverage.c
  src/cameras/plan.c
  src/cameras/save.c)

# The covering solver (maximal covering with fixed sites): cameras and こども110番の家.
target_sources(bohan PRIVATE
  src/analysis/pointgrid.c
  src/analysis/covering.c
  src/analysis/covering_model.c
  src/analysis/covering_greedy.c
  src/analysis/covering_search.c
  src/analysis/covering_bound.c
  src/analysis/covering_mip.c)

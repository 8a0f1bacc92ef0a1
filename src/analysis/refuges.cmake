# refuges room: こども110番の家 coverage per area, the gap layer (GEOS; no drawing).
target_sources(bohan PRIVATE
  src/analysis/refuge_geo.c
  src/analysis/refuges.c
  src/analysis/refuge_farthest.c
  src/analysis/refuge_gaps.c
  src/analysis/refuge_suggest.c
  src/analysis/refuge_refresh.c)

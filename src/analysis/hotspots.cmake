# crimes-stats room: spatial statistics for hot spots (no drawing).
target_sources(bohan PRIVATE
  src/analysis/weights.c
  src/analysis/gistar.c
  src/analysis/kde.c)

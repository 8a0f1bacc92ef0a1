# Layer catalogue, OGR import, e-Stat merge, bh_init (room: layers).
target_sources(bohan PRIVATE
  src/db/layer.c
  src/db/import.c
  src/db/estat.c
  src/db/init.c)

# Layer catalogue, OGR import, e-Stat merge, bh_init (room: layers).
target_sources(bohan PRIVATE
  src/db/layer.c
  src/db/derived.c
  src/db/estat.c)
# Reading outside files (OGR), and init which loads every kind of them: the io module.
target_sources(bohan-io PRIVATE
  src/db/import.c
  src/db/init.c)

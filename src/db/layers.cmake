# Layer catalogue, OGR import, e-Stat merge (room: layers).
target_sources(bohan PRIVATE
  src/db/layer.c
  src/db/layer_list.c
  src/db/fieldmap.c
  src/db/derived.c
  src/db/estat.c)
# Reading outside files (OGR) and the GDAL bridge every reader uses: the io module.
target_sources(bohan-io PRIVATE
  src/db/gdal.c
  src/db/import.c
  src/db/import_check.c
  src/db/bounds.c)

# refuges room: the こども110番の家 register (placement, import report; the import reads files
# through OGR, so it lives in the io module).
target_sources(bohan PRIVATE
  src/refuges/place.c
  src/refuges/report.c)
target_sources(bohan-io PRIVATE
  src/refuges/import.c)

# Map renderer core (render-core): output surfaces, world→page view, styles, page furniture,
# the city map (bh_map_render) and its editions table.
target_sources(bohan PRIVATE
  src/render/surface.c
  src/render/mapview.c
  src/render/style.c
  src/render/page.c
  src/render/legend.c
  src/render/scalebar.c
  src/render/north.c
  src/render/titleblock.c
  src/render/mapdata.c
  src/render/edition.c
  src/render/mapclass.c
  src/render/maplayer.c
  src/render/mapdraw.c
  src/render/map.c)
list(APPEND BH_SCHEMA_FILES src/render/schema.sql)

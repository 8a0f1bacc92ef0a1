# Map renderer core (render-core): output surfaces, world→page view, styles, page furniture,
# the city map (bh_map_render) and its editions table.
target_sources(bohan PRIVATE
  src/render/surface.c
  src/render/mapview.c
  src/render/style.c
  src/render/stylep.c
  src/render/style_kinds.c
  src/render/page.c
  src/render/batch.c
  src/render/textbatch.c
  src/render/legend.c
  src/render/scalebar.c
  src/render/north.c
  src/render/titleblock.c
  src/render/edition.c
  src/render/mapclass.c
  src/render/maplayer.c
  src/render/mapraster.c
  src/render/mapfocus.c
  src/render/mapdraw.c
  src/render/maptexts.c
  src/render/credits.c
  src/render/mapcharts.c
  src/render/map.c
  src/render/planreport.c
  src/render/planmap.c)
list(APPEND BH_SCHEMA_FILES src/render/schema.sql)
# The PNG writer deflates bands of the page on two threads (render/pngwrite.c).
target_sources(bohan PRIVATE src/render/pngwrite.c)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
target_link_libraries(bohan PUBLIC ZLIB::ZLIB Threads::Threads)
# World → page reads WKB with GEOS directly (render/mapview.c), not through OGR.
pkg_check_modules(GEOS REQUIRED IMPORTED_TARGET geos)
target_link_libraries(bohan PUBLIC PkgConfig::GEOS)

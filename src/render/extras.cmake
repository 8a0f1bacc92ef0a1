# render-extras: pango text, label placement, bar charts, tables, atlas.
target_sources(bohan PRIVATE
  src/render/text.c
  src/render/halo.c
  src/render/labels.c
  src/render/chart.c
  src/render/table.c
  src/render/atlas.c
  src/render/atlas_page.c
  src/render/atlas_cover.c
  src/render/shape.c)

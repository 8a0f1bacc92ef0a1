target_sources(bohan PRIVATE
  src/core/alloc.c
  src/core/status.c
  src/core/ctx.c
  src/core/strbuf.c
  src/core/coltab.c
  src/core/array.c
  src/core/hash.c
  src/core/normalize.c
  src/core/month.c
  src/core/i18n.c
  src/core/city.c
  src/core/home.c
  src/core/outfile.c
  src/core/json.c
  src/core/utf8.c)

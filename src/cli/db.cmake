# bohan db copy|hash and the PostgreSQL gate (src/cli/db.c).
target_sources(bohan-cli PRIVATE src/cli/db.c)

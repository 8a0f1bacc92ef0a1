# Classification breaks (render-extras).
target_sources(bohan PRIVATE src/analysis/classify.c)

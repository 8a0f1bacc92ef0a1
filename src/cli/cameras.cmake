# bohan cameras coverage | plan.
target_sources(bohan-cli PRIVATE src/cli/cameras.c src/cli/cameras_plan.c)

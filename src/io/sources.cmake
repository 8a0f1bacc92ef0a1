# The io module, libbohan-io.so (core/io.h): GDAL registration and the table libbohan loads.
# The rooms' GDAL-using files add themselves to bohan-io in their own fragments.
target_sources(bohan-io PRIVATE
  src/io/gdal.c
  src/io/module.c)

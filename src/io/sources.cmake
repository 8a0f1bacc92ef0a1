# Room io: the io module, libbohan-io.so (io/io.h). libbohan holds only the loader (load.c);
# the module holds its table and the commands that read outside files of every room: bh_init and
# bh_import_run. The rooms' own GDAL-using files add themselves to bohan-io in their fragments.
target_sources(bohan PRIVATE src/io/load.c)
target_sources(bohan-io PRIVATE
  src/io/module.c
  src/io/init.c
  src/io/import.c)

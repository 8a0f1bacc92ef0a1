/* The io table and its loader (public: bohan/io.h). libbohan holds the loader (io/load.c); the
 * module libbohan-io.so defines the table (io/module.c). */
#ifndef BH_IO_H
#define BH_IO_H

#include "bohan/io.h"
#include "crimes/crimes.h"
#include "io/import.h"
#include "io/init.h"

#endif

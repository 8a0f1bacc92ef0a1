/* The table libbohan loads from libbohan-io.so (io/io.h): the only symbol it looks up. */
#include "io/io.h"
#include "core/alloc.h"
#include "db/gdal.h"
#include "plan/sheet.h"

BH_API const bh_io bh_io_module_v1 = {
    .version = BH_IO_VERSION,
    .size = sizeof(bh_io),
    .attach = bh_gdal_attach,
    .init = bh_init,
    .import_run = bh_import_run,
    .crimes_city_for_db = bh_crimes_city_for_db,
    .crimes_import = bh_crimes_import,
    .crimes_import_counts = bh_crimes_import_counts,
    .crimes_rejects = bh_crimes_rejects,
    .refuges_import = bh_refuges_import,
    .plan_export = bh_plan_export,
    .plan_import = bh_plan_import,
    .set_allocator = bh_set_allocator,
};

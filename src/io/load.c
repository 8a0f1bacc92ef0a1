/* dladdr is a GNU extension. */
#define _GNU_SOURCE
#include "io/io.h"
#include "core/alloc.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include "core/ctx_io.h"

#define IO_MODULE "libbohan-io.so"
#define IO_SYMBOL "bh_io_module_v1"

/* The module sits beside the library that holds this code (the build tree, or the installed
 * libdir): found through dladdr, not the search path, so an unrelated copy is never picked up. */
static int module_path(char *buf, size_t size)
{
    Dl_info info;
    if (dladdr((void *)bh_ctx_io, &info) == 0 || info.dli_fname == NULL)
        return -1;
    const char *slash = strrchr(info.dli_fname, '/');
    int dir = slash ? (int)(slash - info.dli_fname) : 0;
    int n = slash ? snprintf(buf, size, "%.*s/%s", dir, info.dli_fname, IO_MODULE)
                  : snprintf(buf, size, "%s", IO_MODULE);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

bh_status bh_ctx_io(bh_ctx *ctx, const bh_io **out)
{
    const bh_io *io = bh_ctx_io_table(ctx);
    if (io == NULL) {
        char path[4096];
        if (module_path(path, sizeof path) != 0)
            return bh_error(ctx, BH_E_INTERNAL, "%s: cannot locate the module", IO_MODULE);
        void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (dl == NULL) {
            const char *why = dlerror();
            return bh_error(ctx, BH_E_INTERNAL, "%s: cannot load: %s", path, why ? why : "?");
        }
        io = dlsym(dl, IO_SYMBOL);
        if (io == NULL || io->version != BH_IO_VERSION || io->size != sizeof(bh_io)) {
            dlclose(dl);
            return bh_error(ctx, BH_E_INTERNAL, "%s: not a bohan io module of version %d", path,
                            BH_IO_VERSION);
        }
        bh_ctx_io_set(ctx, io, dl);
        bh_allocator a;
        bh_allocator_current(&a);
        io->set_allocator(&a);
        io->attach(ctx);
    }
    if (out)
        *out = io;
    return BH_OK;
}

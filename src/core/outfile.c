#include "core/outfile.h"
#include "core/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core/strbuf.h"

struct bh_outfile {
    bh_ctx *ctx;
    char *path, *tmp;
    FILE *f;
    int committed;
};

const char *bh_outfile_strerror(int err)
{
    if (err == ENOSPC || err == EDQUOT)
        return "disk full";
    return strerror(err);
}

/* "<dir>/.<name>.<pid>-<n>.tmp": hidden, in the target's folder so that rename is atomic. */
static char *outfile_tmp_name(const char *path, unsigned n)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) + 1 : 0;
    return bh_asprintf("%.*s.%s.%ld-%u.tmp", dir, path, path + dir, (long)getpid(), n);
}

bh_status bh_outfile_open(bh_ctx *ctx, const char *path, bh_outfile **out)
{
    *out = NULL;
    bh_outfile *of = bh_calloc(1, sizeof *of);
    if (of == NULL || (of->path = bh_strdup(path)) == NULL) {
        bh_free(of);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    of->ctx = ctx;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)(size_t)of;
    int fd = -1;
    for (unsigned i = 0; fd < 0 && i < 100; i++) {
        bh_free(of->tmp);
        of->tmp = outfile_tmp_name(path, seed + i);
        if (of->tmp == NULL)
            break;
        /* O_EXCL: never follow or reuse another file; 0666 lets the umask decide, like fopen. */
        fd = open(of->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0 || (of->f = fdopen(fd, "wb")) == NULL) {
        bh_status st = bh_error(ctx, BH_E_IO, "%s: cannot create output file: %s", path,
                                bh_outfile_strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(of->tmp);
        }
        bh_free(of->tmp);
        of->tmp = NULL;
        bh_outfile_destroy(of);
        return st;
    }
    *out = of;
    return BH_OK;
}

FILE *bh_outfile_stream(bh_outfile *of)
{
    return of->f;
}

static bh_status outfile_fail(bh_outfile *of, int err)
{
    unlink(of->tmp);
    return bh_error(of->ctx, BH_E_IO, "%s: cannot write output: %s", of->path,
                    bh_outfile_strerror(err));
}

bh_status bh_outfile_close(bh_outfile *of)
{
    if (of->f == NULL)
        return BH_OK;
    int err = 0;
    if (fflush(of->f) != 0 || ferror(of->f))
        err = errno ? errno : EIO;
    if (err == 0 && fsync(fileno(of->f)) != 0)
        err = errno;
    if (fclose(of->f) != 0 && err == 0)
        err = errno;
    of->f = NULL;
    return err ? outfile_fail(of, err) : BH_OK;
}

bh_status bh_outfile_commit(bh_outfile *of)
{
    bh_status st = bh_outfile_close(of);
    if (st != BH_OK)
        return st;
    if (rename(of->tmp, of->path) != 0)
        return outfile_fail(of, errno);
    of->committed = 1;
    return BH_OK;
}

void bh_outfile_destroy(bh_outfile *of)
{
    if (of == NULL)
        return;
    if (of->f)
        fclose(of->f);
    if (of->tmp && !of->committed)
        unlink(of->tmp);
    bh_free(of->tmp);
    bh_free(of->path);
    bh_free(of);
}

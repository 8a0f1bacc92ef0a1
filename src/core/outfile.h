/* An output file that appears whole or not at all: written to a temporary file in the target's
 * folder, flushed to disk and renamed over the target when complete. A failing run leaves an
 * existing file untouched. */
#ifndef BH_OUTFILE_H
#define BH_OUTFILE_H

#include <stdio.h>
#include "core/ctx.h"

typedef struct bh_outfile bh_outfile;

/* Creates the temporary file beside path (mode 0666 less the umask, like fopen). *out is owned by
 * the caller: bh_outfile_commit, then bh_outfile_destroy. */
BH_MUST_CHECK bh_status bh_outfile_open(bh_ctx *ctx, const char *path, bh_outfile **out);
/* The stream to write to (borrowed; do not fclose). */
FILE *bh_outfile_stream(bh_outfile *of);
/* Flushes, fsyncs and closes the temporary file without renaming it (several files committed
 * together: each closed when written, all renamed at the end). A write error is recorded as in
 * bh_outfile_commit. */
BH_MUST_CHECK bh_status bh_outfile_close(bh_outfile *of);
/* Flushes, fsyncs (unless already closed) and renames the temporary file to the target. A write
 * error (ENOSPC says "disk full") is recorded in the ctx and the temporary file removed; the target
 * is untouched. */
BH_MUST_CHECK bh_status bh_outfile_commit(bh_outfile *of);
/* Removes the temporary file unless committed, then frees; NULL is a no-op. */
void bh_outfile_destroy(bh_outfile *of);

/* The one-line description of errno value err for an output: "disk full" for ENOSPC/EDQUOT. */
const char *bh_outfile_strerror(int err);

#endif

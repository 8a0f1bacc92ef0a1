/* Shared fixtures for the cmocka suites. */
#ifndef BH_TEST_SUPPORT_H
#define BH_TEST_SUPPORT_H

#include <stddef.h>
#include "core/ctx.h"
#include "db/db.h"

/* A fresh directory under $TMPDIR; caller frees the string and may remove the dir with
 * bh_test_rmtree. */
char *bh_test_tmpdir(const char *tag);
void bh_test_rmtree(const char *dir);
/* Path under tests/data (caller frees). */
char *bh_test_data(const char *rel);
/* Path under the source tree (caller frees). */
char *bh_test_source(const char *rel);
/* Whole file into memory (caller frees); NULL when unreadable. */
char *bh_test_slurp(const char *path, size_t *len);
/* 1 when both files have identical bytes. */
int bh_test_same_bytes(const char *a, const char *b);
int bh_test_copy(const char *from, const char *to);
/* Creates an empty bohan database (schema only) at path with the given SRID. */
bh_db *bh_test_new_db(bh_ctx *ctx, const char *path, int srid);
/* A PNG's pixels as 8-bit RGB (caller frees); NULL when unreadable. */
unsigned char *bh_test_read_png(const char *path, unsigned *w, unsigned *h);
/* Fraction of pixels where some channel differs by more than 16 levels; 1 if sizes differ. */
double bh_test_png_diff(const char *a, const char *b);
/* cmocka fixture: *state = a fresh bh_ctx (teardown destroys it). */
int bh_test_ctx_setup(void **state);
int bh_test_ctx_teardown(void **state);
/* Runs a shell command, returns its exit status; stdout captured into *out if not NULL. */
int bh_test_run(const char *cmd, char **out);

#endif

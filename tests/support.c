#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <png.h>
#include "core/json.h"
#include "core/strbuf.h"
#include "db/schema.h"

char *bh_test_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *tmpl = bh_asprintf("%s/bohan-%s-XXXXXX", base, tag);
    if (tmpl && mkdtemp(tmpl) == NULL) {
        free(tmpl);
        return NULL;
    }
    return tmpl;
}

void bh_test_rmtree(const char *dir)
{
    if (dir == NULL || strlen(dir) < 8)
        return;
    char *cmd = bh_asprintf("rm -rf '%s'", dir);
    if (cmd && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
}

char *bh_test_data(const char *rel)
{
    const char *d = getenv("BOHAN_TEST_DATA");
    return bh_asprintf("%s/%s", d ? d : BH_SOURCE_DIR "/tests/data", rel);
}

char *bh_test_source(const char *rel)
{
    return bh_asprintf("%s/%s", BH_SOURCE_DIR, rel);
}

char *bh_test_slurp(const char *path, size_t *len)
{
    return bh_file_slurp(path, len);
}

int bh_test_same_bytes(const char *a, const char *b)
{
    size_t la, lb;
    char *x = bh_test_slurp(a, &la), *y = bh_test_slurp(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

int bh_test_copy(const char *from, const char *to)
{
    size_t n;
    char *x = bh_test_slurp(from, &n);
    if (x == NULL)
        return -1;
    FILE *f = fopen(to, "wb");
    int ok = f && fwrite(x, 1, n, f) == n;
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(x);
    return ok ? 0 : -1;
}

bh_db *bh_test_new_db(bh_ctx *ctx, const char *path, int srid)
{
    bh_db *db = NULL;
    unlink(path);
    if (bh_db_open(ctx, path, BH_DB_CREATE, &db) != BH_OK)
        return NULL;
    if (bh_db_begin(db) != BH_OK || bh_schema_create(db, srid) != BH_OK ||
        bh_db_commit(db) != BH_OK) {
        fprintf(stderr, "test db: %s\n", bh_ctx_error(ctx));
        bh_db_close(db);
        return NULL;
    }
    return db;
}

int bh_test_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        bh_strbuf_appendn(&sb, buf, n);
    int status = pclose(p);
    if (out)
        *out = bh_strbuf_take(&sb);
    else
        bh_strbuf_free(&sb);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

unsigned char *bh_test_read_png(const char *path, unsigned *w, unsigned *h)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        return NULL;
    img.format = PNG_FORMAT_RGB;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(img));
    if (buf == NULL || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        png_image_free(&img);
        return NULL;
    }
    *w = img.width;
    *h = img.height;
    return buf;
}

double bh_test_png_diff(const char *a, const char *b)
{
    unsigned wa, ha, wb, hb;
    unsigned char *pa = bh_test_read_png(a, &wa, &ha), *pb = bh_test_read_png(b, &wb, &hb);
    double frac = 1;
    if (pa && pb && wa == wb && ha == hb) {
        size_t bad = 0, n = (size_t)wa * ha;
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                if (abs(pa[3 * i + c] - pb[3 * i + c]) > 16) {
                    bad++;
                    break;
                }
        frac = (double)bad / (double)n;
    }
    free(pa);
    free(pb);
    return frac;
}

int bh_test_ctx_setup(void **state)
{
    bh_ctx *ctx;
    if (bh_ctx_create(&ctx) != BH_OK)
        return -1;
    *state = ctx;
    return 0;
}

int bh_test_ctx_teardown(void **state)
{
    bh_ctx_destroy(*state);
    return 0;
}

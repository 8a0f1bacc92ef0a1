#include "core/json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/strbuf.h"
#include "core/utf8.h"

/* Profiles, styles, layer files and CSV tables are far below this. */
#define BH_SLURP_MAX ((off_t)256 << 20)

char *bh_file_slurp(const char *path, size_t *len)
{
    /* Regular files only, of a sane size: a FIFO would hang (O_NONBLOCK keeps even the open from
     * waiting for a writer), /dev/zero would never end. errno says why (EINVAL, EFBIG). */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb0;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &sb0) != 0 || !S_ISREG(sb0.st_mode) || sb0.st_size > BH_SLURP_MAX) {
        int err = S_ISREG(sb0.st_mode) ? EFBIG : EINVAL;
        close(fd);
        errno = err;
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        close(fd);
        return NULL;
    }
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= BH_SLURP_MAX)
        bh_strbuf_appendn(&sb, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        bh_strbuf_free(&sb);
        return NULL;
    }
    if (len)
        *len = sb.len;
    return bh_strbuf_take(&sb);
}

bh_status bh_json_parse(bh_ctx *ctx, const char *text, const char *origin, bh_status kind,
                        json_object **out)
{
    *out = NULL;
    /* json-c takes any bytes in strings, surrogates too; they would come out as invalid JSON. */
    size_t n = strlen(text), bad = bh_utf8_bad_offset((const unsigned char *)text, n);
    if (bad < n)
        return bh_error(ctx, kind, "%s: byte %zu: not valid UTF-8", origin, bad);
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    json_object *root = json_tokener_parse_ex(tok, text, (int)n);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t off = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (root == NULL || jerr != json_tokener_success) {
        json_object_put(root);
        return bh_error(ctx, kind, "%s: byte %zu: invalid JSON: %s", origin, off,
                        json_tokener_error_desc(jerr));
    }
    size_t end = off + strspn(text + off, " \t\r\n");
    if (text[end] != '\0') {
        json_object_put(root);
        return bh_error(ctx, kind, "%s: byte %zu: invalid JSON: data after the JSON value", origin,
                        end);
    }
    *out = root;
    return BH_OK;
}

#include "core/json.h"

#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"

char *bh_file_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
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
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    json_object *root = json_tokener_parse_ex(tok, text, (int)strlen(text));
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t off = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (root == NULL || jerr != json_tokener_success) {
        json_object_put(root);
        return bh_error(ctx, kind, "%s: byte %zu: invalid JSON: %s", origin, off,
                        json_tokener_error_desc(jerr));
    }
    *out = root;
    return BH_OK;
}

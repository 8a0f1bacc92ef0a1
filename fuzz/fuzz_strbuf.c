/* libFuzzer: the CSV and JSON writers of core/strbuf.h (every --format csv|json listing goes
 * through them) on arbitrary bytes. Invariants: what bh_strbuf_csv writes, GDAL's CSV line
 * parser (the reader of the OGR CSV driver) reads back as the same single field, and what
 * bh_strbuf_json writes is valid UTF-8 and json-c parses back to the same string (when the input
 * is valid UTF-8; invalid bytes come back as U+FFFD). GDAL reads line by line and
 * joins the lines of a quoted field with "\n", so CR, CRLF or LFCR inside a value come back as LF
 * (a reader quirk, not a writer fault: the field is quoted as RFC 4180 asks). */
#include <cpl_csv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "core/utf8.h"
#include "fuzz_common.h"

/* s as GDAL gives it back: CR, LF, CRLF and LFCR inside the quoted field become LF. Caller
 * frees. */
static char *gdal_newlines(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    if (out == NULL)
        abort();
    for (const char *p = s; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            *o++ = '\n';
            if ((p[1] == '\r' || p[1] == '\n') && p[1] != *p)
                p++; /* CPLReadLineL: CRLF and LFCR are one line end */
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void check_csv(const char *s)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_append(&sb, "x,");
    bh_strbuf_csv(&sb, s);
    bh_strbuf_append(&sb, ",y\r\n");
    char *line = bh_strbuf_take(&sb);
    if (line == NULL)
        abort();
    VSILFILE *fp = VSIFileFromMemBuffer("/vsimem/fuzz_strbuf.csv", (GByte *)line,
                                        (vsi_l_offset)strlen(line), FALSE);
    if (fp == NULL)
        abort();
    char **fields = CSVReadParseLine2L(fp, ',');
    char *want = gdal_newlines(s);
    if (CSLCount(fields) != 3 || strcmp(fields[0], "x") != 0 || strcmp(fields[1], want) != 0 ||
        strcmp(fields[2], "y") != 0)
        abort();
    free(want);
    CSLDestroy(fields);
    VSIFCloseL(fp);
    VSIUnlink("/vsimem/fuzz_strbuf.csv");
    free(line);
}

static void check_json(const char *s)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_json(&sb, s);
    char *text = bh_strbuf_take(&sb);
    if (text == NULL)
        abort();
    json_object *o = json_tokener_parse(text);
    if (!bh_utf8_valid(text) || o == NULL || !json_object_is_type(o, json_type_string) ||
        (bh_utf8_valid(s) && strcmp(json_object_get_string(o), s) != 0))
        abort();
    json_object_put(o);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)bh_fuzz_ctx(); /* GDAL registered, CPL errors kept out of stderr */
    char *s = bh_fuzz_cstr(data, size);
    check_csv(s);
    check_json(s);
    free(s);
    return 0;
}

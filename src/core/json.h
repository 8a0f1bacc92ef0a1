/* Reading the project's JSON files (city profiles, layer definitions, styles) the same way. */
#ifndef BH_JSON_H
#define BH_JSON_H

#include <stddef.h>
#include <json-c/json.h>
#include "core/ctx.h"

/* The whole file as a NUL-terminated string (caller frees), its size in *len if len is not
 * NULL; NULL when the file cannot be opened or read, is not a regular file (errno EINVAL; a FIFO
 * or device never hangs or floods memory) or exceeds 256 MB (EFBIG). The caller words the error. */
char *bh_file_slurp(const char *path, size_t *len);

/* Parses text as one JSON value. On malformed input records "<origin>: byte N: invalid JSON:
 * <reason>" with status kind and returns it. *out is owned by the caller (json_object_put). */
BH_MUST_CHECK bh_status bh_json_parse(bh_ctx *ctx, const char *text, const char *origin,
                                      bh_status kind, json_object **out);

#endif

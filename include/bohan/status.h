/* Status codes, grouped by kind: the hundreds digit says who must act. */
#ifndef BOHAN_STATUS_H
#define BOHAN_STATUS_H

#include "bohan/export.h"

BH_BEGIN_DECLS

typedef enum bh_status {
    BH_OK = 0,
    /* 1xx: the caller asked for something malformed (CLI exit 2). */
    BH_E_USAGE = 100,
    BH_E_ARG = 101,
    /* 2xx: the input data is wrong or missing (CLI exit 1). */
    BH_E_IO = 200,
    BH_E_NOT_FOUND = 201,
    BH_E_FORMAT = 202,
    BH_E_ENCODING = 203,
    BH_E_CRS = 204,
    BH_E_GEOMETRY = 205,
    BH_E_EMPTY = 206,
    BH_E_DUPLICATE = 207,
    BH_E_UNKNOWN_LAYER = 208,
    BH_E_UNKNOWN_AREA = 209,
    BH_E_STYLE = 210,
    /* 3xx: the database refused (CLI exit 1). */
    BH_E_DB = 300,
    BH_E_SCHEMA = 301,
    /* 4xx: our side (CLI exit 1). */
    BH_E_NOMEM = 400,
    BH_E_INTERNAL = 401,
    BH_E_UNSUPPORTED = 402
} bh_status;

/* Static English description (owned by the library); never NULL. It is a message of the domain
 * "bohan" (bohan/i18n.h): dgettext(BH_TEXT_DOMAIN, s) gives it in the program's language. */
BH_API const char *bh_status_string(bh_status st);

/* 1 when st is a usage error (the CLI maps these to exit status 2). */
BH_API int bh_status_is_usage(bh_status st);

BH_END_DECLS

#endif

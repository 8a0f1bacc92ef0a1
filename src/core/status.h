/* Status codes, grouped by kind: the hundreds digit says who must act. */
#ifndef BH_STATUS_H
#define BH_STATUS_H

#if defined(__GNUC__)
#define BH_MUST_CHECK __attribute__((warn_unused_result))
#define BH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BH_MUST_CHECK
#define BH_PRINTF(f, a)
#endif

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

/* Static English description; never NULL. */
const char *bh_status_string(bh_status st);

/* 1 when st is a usage error (the CLI maps these to exit status 2). */
int bh_status_is_usage(bh_status st);

#endif

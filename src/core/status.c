#include "core/status.h"

const char *bh_status_string(bh_status st)
{
    switch (st) {
    case BH_OK:
        return "ok";
    case BH_E_USAGE:
        return "usage error";
    case BH_E_ARG:
        return "invalid argument";
    case BH_E_IO:
        return "cannot read or write file";
    case BH_E_NOT_FOUND:
        return "not found";
    case BH_E_FORMAT:
        return "malformed input";
    case BH_E_ENCODING:
        return "wrong text encoding";
    case BH_E_CRS:
        return "unknown or missing coordinate reference system";
    case BH_E_GEOMETRY:
        return "invalid geometry";
    case BH_E_EMPTY:
        return "no features";
    case BH_E_DUPLICATE:
        return "already imported";
    case BH_E_UNKNOWN_LAYER:
        return "unknown layer";
    case BH_E_UNKNOWN_AREA:
        return "unknown area";
    case BH_E_STYLE:
        return "invalid style";
    case BH_E_DB:
        return "database error";
    case BH_E_SCHEMA:
        return "database schema mismatch";
    case BH_E_NOMEM:
        return "out of memory";
    case BH_E_INTERNAL:
        return "internal error";
    case BH_E_UNSUPPORTED:
        return "not supported";
    }
    return "unknown status";
}

int bh_status_is_usage(bh_status st)
{
    return st >= 100 && st < 200;
}

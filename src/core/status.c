#include "core/status.h"
#include "core/i18n.h"

const char *bh_status_string(bh_status st)
{
    switch (st) {
    case BH_OK:
        return BH_N("ok");
    case BH_E_USAGE:
        return BH_N("usage error");
    case BH_E_ARG:
        return BH_N("invalid argument");
    case BH_E_IO:
        return BH_N("cannot read or write file");
    case BH_E_NOT_FOUND:
        return BH_N("not found");
    case BH_E_FORMAT:
        return BH_N("malformed input");
    case BH_E_ENCODING:
        return BH_N("wrong text encoding");
    case BH_E_CRS:
        return BH_N("unknown or missing coordinate reference system");
    case BH_E_GEOMETRY:
        return BH_N("invalid geometry");
    case BH_E_EMPTY:
        return BH_N("no features");
    case BH_E_DUPLICATE:
        return BH_N("already imported");
    case BH_E_UNKNOWN_LAYER:
        return BH_N("unknown layer");
    case BH_E_UNKNOWN_AREA:
        return BH_N("unknown area");
    case BH_E_STYLE:
        return BH_N("invalid style");
    case BH_E_DB:
        return BH_N("database error");
    case BH_E_SCHEMA:
        return BH_N("database schema mismatch");
    case BH_E_NOMEM:
        return BH_N("out of memory");
    case BH_E_INTERNAL:
        return BH_N("internal error");
    case BH_E_UNSUPPORTED:
        return BH_N("not supported");
    }
    return BH_N("unknown status");
}

int bh_status_is_usage(bh_status st)
{
    return st >= 100 && st < 200;
}

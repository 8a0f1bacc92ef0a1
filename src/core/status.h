/* Status codes (public: bohan/status.h) and the library's attribute macros. */
#ifndef BH_STATUS_H
#define BH_STATUS_H

#include "bohan/export.h"
#include "bohan/status.h"

/* The library's own name for BH_WARN_UNUSED (bohan/export.h). */
#define BH_MUST_CHECK BH_WARN_UNUSED

#endif

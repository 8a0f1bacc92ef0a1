/* Translation inside the library (bohan/i18n.h): bh_tr looks a message up; BH_N marks a
 * message for xgettext (scripts/update-po) where it is translated later, e.g. in a table. */
#ifndef BH_CORE_I18N_H
#define BH_CORE_I18N_H

#include "bohan/i18n.h"

#define BH_N(s) (s)

#endif

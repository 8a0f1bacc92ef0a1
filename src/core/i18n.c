/* gettext lookups for the library's messages, in the domain "bohan". No setlocale, no
 * bindtextdomain here: the program owns the locale (bohan/i18n.h). */
#include "core/i18n.h"

#ifdef BH_NLS
#include <libintl.h>
#endif

const char *bh_tr(const char *msgid)
{
#ifdef BH_NLS
    return msgid && *msgid ? dgettext(BH_TEXT_DOMAIN, msgid) : msgid;
#else
    return msgid;
#endif
}

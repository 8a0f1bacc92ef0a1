/* Messages in the user's language (gettext, text domain "bohan"). The library never sets the
 * locale and never binds the domain (both are process state): it looks its messages up with
 * dgettext in the domain "bohan", in whatever language the program chose. A program that wants
 * Japanese calls setlocale(LC_ALL, "") and bindtextdomain(BH_TEXT_DOMAIN, bh_locale_dir()), as
 * the bohan command does; without that, every message stays English. */
#ifndef BOHAN_I18N_H
#define BOHAN_I18N_H

#include "bohan/export.h"

BH_BEGIN_DECLS

#define BH_TEXT_DOMAIN "bohan"

/* The directory that holds <lang>/LC_MESSAGES/bohan.mo for this build or install:
 * $BOHAN_LOCALEDIR, else share/locale of the install prefix (found beside the library, like the
 * data root), else the build tree's share/locale; NULL when none exists. Static; do not free. */
BH_API const char *bh_locale_dir(void);

/* msgid in the domain "bohan" in the language of the caller's locale (LANGUAGE, LC_MESSAGES);
 * msgid itself when there is no translation or the library was built without gettext.
 * Borrowed: valid for the life of the process. */
BH_API const char *bh_tr(const char *msgid) BH_FORMAT_ARG(1);

BH_END_DECLS

#endif

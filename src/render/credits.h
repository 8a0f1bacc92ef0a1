/* The credit lines a printed page owes (the city profile's "credits" and "approximate_notes"). */
#ifndef BH_RENDER_CREDITS_H
#define BH_RENDER_CREDITS_H

#include "core/city.h"
#include "core/strbuf.h"
#include "db/db.h"

/* Appends to sb, each prefixed by sep (none before the first when sb is empty) and never one
 * sb already holds: the profile's "credits", then on one line (joined by ／) the text of each
 * "approximate_notes" entry ({"layers": [...], "text": ...}) one of whose layers the catalogue
 * still calls approximate (every note when db is NULL) — so the note on the school districts goes
 * once the official A27 districts are imported. */
BH_MUST_CHECK bh_status bh_credits_append(bh_db *db, const bh_city *city, const char *sep,
                                          bh_strbuf *sb);

#endif

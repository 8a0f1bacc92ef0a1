/* What --db names: a SpatiaLite file or a PostgreSQL database (public: bh_db_target_is_postgres).
 */
#ifndef BH_DB_TARGET_H
#define BH_DB_TARGET_H

#include "bohan/db.h"

/* The target as messages show it: any password replaced by "***" (URI user:password@, a
 * password= keyword, a ?password= parameter). Caller frees (bh_free); NULL out of memory. */
char *bh_db_target_redact(const char *target);
/* The libpq connection string of a PostgreSQL target ("PG:" dropped; a URI unchanged). Caller
 * frees; NULL out of memory. */
char *bh_db_target_conninfo(const char *target);
/* 1 if the target carries a password (refused: it would show in ps and shell history). */
int bh_db_target_has_password(const char *target);

#endif

/* Shared by the PostgreSQL backend's files (backend_pg.c, backend_pg_bulk.c, backend_pg_catalog.c);
 * not for other rooms. */
#ifndef BH_DB_BACKEND_PG_H
#define BH_DB_BACKEND_PG_H

#include <libpq-fe.h>
#include "db/backend.h"

/* The error of res (or of the connection when res is NULL) reported on db's context. */
bh_status bh_pg_fail(bh_db *db, const PGresult *res);
/* libpq's message m as one line, in buf. */
const char *bh_pg_message(const char *m, char *buf, size_t size);

/* The catalogue (backend_pg_catalog.c). */
int bh_pg_has_table(bh_db *db, const char *name);
bh_status bh_pg_list_tables(bh_db *db, char ***names, size_t *n);
bh_status bh_pg_table_columns(bh_db *db, const char *table, bh_db_column **cols, size_t *n);
bh_status bh_pg_add_geometry_column(bh_db *db, const char *table, const char *col, const char *type,
                                    int srid);
bh_status bh_pg_create_spatial_index(bh_db *db, const char *table, const char *col);

/* COPY FROM STDIN (bh_db_backend.bulk_*). */
bh_status bh_pg_bulk_begin(bh_db *db, const char *table, const char *const *cols, int n,
                           const int *geom, void **out);
bh_status bh_pg_bulk_row(void *bulk, const bh_value *vals);
bh_status bh_pg_bulk_end(void *bulk, int ok);
bh_status bh_pg_bulk_ids(bh_db *db, const char *table, const char *col, int n, long long *ids);
bh_status bh_pg_bulk_high_id(bh_db *db, const char *table, const char *col, long long *id);

#endif

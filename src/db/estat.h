/* e-Stat 小地域 (町丁・字等別境界) sources: detection, the staging columns, and the merge of pieces
 * (KIGO_E E1..En) per KEY_CODE. Population and households sit on E1 and are 0 on the other pieces,
 * so summing per KEY_CODE keeps the totals; KEY_CODE is read as is, never rebuilt. */
#ifndef BH_ESTAT_H
#define BH_ESTAT_H

#include <stddef.h>
#include "db/import.h"

/* 1 when the source's attribute names (names[0..n-1]) are those of an e-Stat 小地域 file. */
int bh_estat_is_source(const char *const *names, size_t n);
/* 1 when the layer can take an e-Stat merge (fields key_code, name, population, households). */
int bh_estat_fits(const bh_layer_def *def);
/* The staging columns of an e-Stat source (static array, *n set). */
const bh_import_column *bh_estat_columns(size_t *n);
/* A prefecture-wide file holds every municipality: keeps only the staged features whose KEN +
 * CITY make code (the 5-digit municipality code; NULL or another length keeps all), *kept and
 * *dropped set. None of the city in the file is an error naming path. */
BH_MUST_CHECK bh_status bh_estat_keep_city(bh_db *db, const char *stage, const char *path,
                                           const char *code, long long *kept, long long *dropped);
/* Repairs the staged invalid polygons with GEOS MakeValid (SpatiaLite ST_MakeValid, polygonal
 * part), *repaired counted. refuse (--no-repair), or a polygon MakeValid cannot repair: an error
 * naming path, feature and GEOS's reason, nothing changed. */
BH_MUST_CHECK bh_status bh_estat_repair(bh_db *db, const char *stage, const char *path, int refuse,
                                        long long *repaired);
/* Merges the staged pieces (table stage, columns of bh_estat_columns plus fid and geom) into
 * def's table: one row per KEY_CODE, ST_Union of the pieces, sums of population/households,
 * oaza (SQL bh_oaza of the name) when the layer has it. sample_value < 0: the table has no sample
 * column. *stored gets the number of rows written. Inside the caller's transaction. */
BH_MUST_CHECK bh_status bh_estat_merge(bh_db *db, const bh_layer_def *def, const char *stage,
                                       int sample_value, long long *stored);

#endif

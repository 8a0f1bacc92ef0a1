/* A small city for the crimes-stats tests (SRID 6677, metres):
 *
 *   y=2000 +---------+---------------------+
 *          | 004 乙2 |        005 丙       |     populations: 001 1000, 002 2000,
 *          | pop1500 |        pop 0        |     003 500, 004 1500, 005 0 → city 5000
 *   y=1000 +---------+----------+----------+
 *          | 001 甲1 | 002 甲2  | 003 乙1  |     school_districts: 西 x<1600, 東 x>1600
 *   y=0    +---------+----------+----------+
 *          x=0      1000       2000       3000
 *
 * Crimes (state chome unless said): 2024: 001 ひったくり×2 (03), 自転車盗×5 (05), 車上ねらい×1
 * (12), 自転車盗×1 undated; 002 自動車盗×1 (01), 自転車盗×3 (06); 003 部品ねらい×4 (07); 大字 甲
 * only (state oaza) 自転車盗×2 (08); unknown key 999 自転車盗×1 (09); outside ×3, rejected ×1.
 * 2023: 001 自転車盗×3 (05); 003 ひったくり×1 (11); 004 自転車盗×1 甲交番 + ×1 乙交番 (04).
 * crime_counts: 住宅対象侵入盗 002 202401–202412 = 6; 電話de詐欺 city 202401–202412 = 10.
 * 交番: 001/002 rows 甲交番 (甲警察署), 003 rows 乙交番 (乙警察署), oaza/unknown rows 甲交番. */
#ifndef CS_FIXTURE_H
#define CS_FIXTURE_H

#include "db/db.h"

/* The database above at path (schema + layers + crimes); NULL on failure (printed). */
bh_db *cs_fixture_db(bh_ctx *ctx, const char *path);
/* Creates the town_blocks and school_districts layers only (no crimes). 0 on success. */
int cs_fixture_layers(bh_db *db);
/* Inserts n crimes rows. key/oaza/koban may be NULL; ym 0 = undated. 0 on success. */
int cs_add_crimes(bh_db *db, const char *type, const char *state, const char *key, const char *oaza,
                  int ym, const char *koban, int n);

#endif

/* The place model: where a crime row placed on a 町丁目 lies.
 *
 * A place is what a 町丁目 name as the police write it names. Most names name one census block
 * (town_blocks row): the place is that block's key_code. A name shared by several blocks (e-Stat
 * gives the 00 remainder and the 丁目 rows, or pieces, one name: 上本郷 ×3, 松戸新田 ×2 …) names
 * all of them: the place is the group of those blocks, its key their key_codes ascending joined
 * by '+' ("12207123001+12207123002"), its geometry their union, its population their sum. Names
 * are compared by bh_norm_chome, the matcher's key (SQL: bh_chome_key, db/sqlfn.h).
 *
 * crimes.key_code, crime_counts.key_code, refuge_houses.key_code and crime_agg.place (state
 * 'chome') hold the place. A summary by 町丁目 has one area per place (a group drawn once, listed
 * once); a place is located in other areas by the PointOnSurface of its geometry. A database
 * imported before groups existed holds a member's key_code: summaries count it on its group. */
#ifndef BH_CRIMES_PLACES_H
#define BH_CRIMES_PLACES_H

#include <string.h>

/* SQL: (key_code, place, n) for every block of town_blocks (n = blocks of the place). */
#define BH_PLACES_OF_BLOCKS                                                                        \
    "SELECT key_code, group_concat(key_code, '+') OVER w AS place, count(*) OVER w AS n "          \
    "FROM town_blocks WHERE key_code IS NOT NULL WINDOW w AS (PARTITION BY "                       \
    "COALESCE(bh_chome_key(name), key_code) ORDER BY key_code ROWS BETWEEN UNBOUNDED PRECEDING "   \
    "AND UNBOUNDED FOLLOWING)"

/* SQL predicate: block key `key` (an SQL expression) belongs to place `place` (an expression). */
#define BH_PLACE_HAS(place, key) "instr('+' || " place " || '+', '+' || " key " || '+') > 0"

/* SQL with ?1 = a place: the X, Y of the place's representative point (PointOnSurface). */
static inline const char *bh_place_point_sql(const char *place)
{
    return place && strchr(place, '+')
               ? "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(ST_Union(geom)) p FROM "
                 "town_blocks WHERE " BH_PLACE_HAS("?1", "key_code") ") t"
               : "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM town_blocks "
                 "WHERE key_code = ?1) t";
}

#endif

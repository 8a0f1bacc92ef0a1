/* 町丁目 name normaliser: turns the many spellings of a census small-area name into one key.
 *
 *   稔台５丁目 = 稔台5丁目 = 稔台五丁目 = 稔台 ５丁目 = 稔台5丁目2番3号 = 稔台5-2-3  → "稔台5丁目"
 *   八ヶ崎 = 八ケ崎 = 八ヵ崎 = 八が崎                                              → "八ケ崎"
 *
 * Rules (in order): spaces (ASCII and 全角) are dropped; 全角 ASCII becomes 半角; ヶ/ヵ/が/ｹ become
 * ケ and ノ becomes の; a leading 大字 is dropped; a number (算用/全角/漢数字) followed by 丁 or
 * 丁目 becomes "<arabic>丁目" and everything after it (番地, 号) is dropped; without 丁目, a
 * trailing address number is dropped ("1番地", "12番3号") or, when it stands alone or before a dash
 * ("稔台5", "稔台5-2-3"), read as the 丁目 number. The key is for comparison only, never display.
 */
#ifndef BH_NORMALIZE_H
#define BH_NORMALIZE_H

/* Normalised comparison key of a 町丁目 name. Returns a malloc'ed string the caller frees;
 * NULL only when name is NULL or memory ran out. Invalid UTF-8 bytes become U+FFFD. */
char *bh_norm_chome(const char *name);

/* The 大字 part of a 町丁目 name in its own spelling (spaces and a leading 大字 removed):
 * 稔台５丁目 → 稔台, 常盤平三丁目 → 常盤平, 紙敷1234番地 → 紙敷, 八ケ崎 → 八ケ崎.
 * This is the library's one 大字 rule: the e-Stat import (db/estat.c), the 町丁目 matcher, and SQL
 * through bh_oaza(name) (db/sqlfn.h: every connection, layer derive SQL, scripts) all use it.
 * Returns a malloc'ed string the caller frees; NULL only when name is NULL or memory ran out. */
char *bh_norm_oaza(const char *name);

/* The 丁目 number of a name (稔台五丁目 → 5), 0 when it has none, -1 when memory ran out. */
int bh_norm_chome_number(const char *name);

/* Comparison key of an area's name (交番, 大字, 小学校区 …) for finding an area by what an officer
 * types: bh_norm_chome (全角/半角, spaces, ヶ …), then a trailing 管内, 区域, 地区, 交番, 駐在所,
 * 学校区/学区/校区/区 and 学校 dropped (in this order), so 中部小学校区 = 中部小学校 = 中部小 and
 * 松戸駅前交番管内 = 松戸駅前. Malloc'ed; NULL only when name is NULL or memory ran out. */
char *bh_norm_area(const char *name);

#endif

/* 交番管内: which 交番 covers each 町丁目, derived from the crime rows, dissolved into the
 * koban_areas layer.
 *
 * Derivation (deterministic, documented in docs/crime-stats.md):
 *  1. majority — a block with crime rows (state 'chome', koban named, any date) takes the 交番
 *     named by most of its rows; a tie goes to the 交番 name first in UTF-8 byte order.
 *  2. neighbour — repeatedly, every block still without a 交番 that touches assigned blocks takes
 *     the 交番 with the longest shared boundary among them (ties: name order); each pass uses the
 *     assignments made before it, so the result does not depend on row order.
 *  3. nearest — blocks left over (islands) take the 交番 of the nearest assigned block
 *     (ST_Distance, ties: name order).
 * police_station = the 警察署 most rows of that 交番 name. The dissolve is ST_Union per 交番.
 * The layer is catalogued in `layers` with source 'derived' and kind 'sample' when any row used is
 * sample data, else 'approximate'. A koban_areas layer imported from a file (layers.source not
 * 'derived') wins: derivation then leaves it untouched. */
#ifndef BH_KOBAN_H
#define BH_KOBAN_H

#include "bohan/koban.h"
#include "db/db.h"
#include "db/stage.h"

/* What bh_koban_derive reads of db's crime rows (those naming a 交番), as a view "crimes" of the
 * working copy sg: the rows counted per distinct value and expanded again, so every COUNT is the
 * one of db (the PostgreSQL derivation and the layer import run on such a copy). */
BH_MUST_CHECK bh_status bh_koban_stage_crimes(bh_db *db, bh_db_stage *sg);

#endif

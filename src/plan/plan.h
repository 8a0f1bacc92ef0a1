/* The plan: loading it (libbohan-io); the queries are public (bohan/plan.h). */
#ifndef BH_PLAN_H
#define BH_PLAN_H

#include "bohan/plan.h"
#include "core/city.h"
#include "db/db.h"

/* Loads the city's plan data files (the profile's "plan" directory) into plan_categories,
 * plan_items, departments, plan_item_departments, plan_metrics and plan_item_layers, replacing
 * what those tables held. Runs inside the caller's transaction (it neither begins nor commits).
 * Everything is validated before the first write; errors name file, line and field. A profile
 * without a "plan" key loads nothing and returns BH_OK. */
BH_MUST_CHECK bh_status bh_plan_load(bh_db *db, const bh_city *city);
/* Same as bh_plan_load for an explicit directory holding categories.csv, items.csv,
 * departments.csv, metrics.csv and links.csv. */
BH_MUST_CHECK bh_status bh_plan_load_dir(bh_db *db, const char *dir);

/* Normalises a department name to its key: half-width parentheses become full-width and
 * surrounding spaces are dropped ("教育委員会(学務課)" → "教育委員会（学務課）").
 * Caller frees; NULL on allocation failure. */
char *bh_plan_department_key(const char *name);

/* The table holding layer's features: the layers catalogue's table_name, else a table of that
 * name; NULL when neither exists (or out of memory). Caller frees. */
char *bh_plan_layer_table(bh_db *db, const char *layer);
#endif

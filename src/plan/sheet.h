/* The department round trip of the plan's cycle: one spreadsheet per 担当課 with its items and
 * the cells to fill in for the year (XLSX through GDAL's XLSX driver, or CSV), read back into the
 * database with a per-item diff. Part of libbohan-io (GDAL); the CLI calls through bh_io. */
#ifndef BH_PLAN_SHEET_H
#define BH_PLAN_SHEET_H

#include <stddef.h>
#include "bohan/plan.h"
#include "db/db.h"

/* Writes one file per department, "<dir>/<FY>_<department>.xlsx" (or .csv), with the columns
 * ID, 区分, No., 事業名, 内容, 担当課, 事業計画（FY）, 事業報告（FY）, 事業計画（FY+1）,
 * 指標（FY）, 廃止 (see docs/plan.md). *files receives the number written. Reads db only. */
BH_API BH_MUST_CHECK bh_status bh_plan_export(bh_db *db, const bh_plan_export_opts *opts,
                                              size_t *files);

/* Reads the filled-in sheets (XLSX, or CSV in UTF-8 or CP932) into the database in one
 * transaction of its own (committed unless dry_run or a failure): texts, metrics, new / renumbered
 * / retired items of the sheets' year (the year's cycle is created from the latest earlier one when
 * missing). *diff receives the per-item diff and every row not understood (file, row, reason),
 * owned by the caller (free), also on failure. Fails (BH_E_FORMAT, BH_E_DUPLICATE for a conflict,
 * the first problem named) when any row is not understood or a non-empty text would change without
 * overwrite: the caller then rolls back. With dry_run the caller rolls back as well. */
BH_API BH_MUST_CHECK bh_status bh_plan_import(bh_db *db, const char *const *paths, size_t n,
                                              const bh_plan_import_opts *opts, char **diff);

#endif

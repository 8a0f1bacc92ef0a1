/* The bohan command line: parses arguments, calls the library, prints. No domain logic here. */
#ifndef BH_CLI_H
#define BH_CLI_H

#include <stdio.h>
#include "bohan/alloc.h"
#include "bohan/ctx.h"
#include "bohan/strbuf.h"
#include "bohan/db.h"
#include "bohan/summary.h"

/* The command's own messages in the user's language (gettext, domain "bohan", bound in main.c
 * with setlocale and bindtextdomain); N_ marks a message translated later (a table). */
#ifdef BH_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

/* Exit codes. */
enum { BH_EXIT_OK = 0, BH_EXIT_FAIL = 1, BH_EXIT_USAGE = 2 };

typedef enum bh_out_format { BH_OUT_TEXT, BH_OUT_CSV, BH_OUT_JSON } bh_out_format;

/* State shared by every command: the ctx and the global options. */
typedef struct bh_cli {
    bh_ctx *ctx;
    const char *db_path; /* --db, default bohan.sqlite */
    int quiet;           /* --quiet: no progress on stderr */
} bh_cli;

/* Every command: argv[0] is the command name; returns an exit code. */
int bh_cli_init(bh_cli *cli, int argc, char **argv);
int bh_cli_import(bh_cli *cli, int argc, char **argv);
int bh_cli_layers(bh_cli *cli, int argc, char **argv);
int bh_cli_areas(bh_cli *cli, int argc, char **argv); /* areas.c */
int bh_cli_plan(bh_cli *cli, int argc, char **argv);
int bh_cli_crimes(bh_cli *cli, int argc, char **argv);
int bh_cli_map(bh_cli *cli, int argc, char **argv);
int bh_cli_atlas(bh_cli *cli, int argc, char **argv);
int bh_cli_refuges(bh_cli *cli, int argc, char **argv);
int bh_cli_cameras(bh_cli *cli, int argc, char **argv); /* cameras.c */
int bh_cli_db(bh_cli *cli, int argc, char **argv);      /* db.c */
/* 0 when the command argv may run on cli->db_path; on PostgreSQL, a command not yet converted
 * is refused with one line on stderr and exit 1 (db.c). */
int bh_cli_pg_gate(const bh_cli *cli, int argc, char **argv);

/* bohan crimes SUBCOMMAND (src/cli/crimes.c dispatches). */
int bh_cli_crimes_import(bh_cli *cli, int argc, char **argv);        /* crimes_import.c */
int bh_cli_crimes_import_counts(bh_cli *cli, int argc, char **argv); /* crimes_import.c */
int bh_cli_crimes_rejects(bh_cli *cli, int argc, char **argv);       /* crimes_import.c */
int bh_cli_crimes_unplaced(bh_cli *cli, int argc, char **argv);      /* crimes_import.c */
int bh_cli_crimes_summary(bh_cli *cli, int argc, char **argv);       /* crimes_summary.c */
int bh_cli_crimes_hotspots(bh_cli *cli, int argc, char **argv);      /* crimes_summary.c */
int bh_cli_crimes_koban(bh_cli *cli, int argc, char **argv);         /* crimes_summary.c */
int bh_cli_crimes_check(bh_cli *cli, int argc, char **argv);         /* crimes_check.c */
int bh_cli_crimes_files(bh_cli *cli, int argc, char **argv);         /* crimes_check.c */
int bh_cli_crimes_remove(bh_cli *cli, int argc, char **argv);        /* crimes_check.c */

/* bohan plan report|metrics|export|import (plan_cycle.c); -1 when argv[0] is none of them. */
int bh_cli_plan_cycle(bh_cli *cli, int argc, char **argv);

/* A bh_cli_db_fn: prints the layer catalogue of db in *(const int *)fmt, a bh_out_format
 * (layers.c; used by init and layers). */
bh_status bh_cli_layers_print(bh_cli *cli, bh_db *db, void *fmt);

/* Prints "bohan: <first error>" (one line) to stderr and returns the exit code for st. */
int bh_cli_fail(bh_cli *cli, bh_status st);
/* Prints "bohan CMD: msg" plus a --help hint to stderr; returns BH_EXIT_USAGE. */
int bh_cli_usage_error(const char *cmd, const char *fmt, ...) BH_PRINTF(2, 3);
/* Parses a --from/--to value of cmd (bh_month_parse: 2023-07, 2023/7, 令和5年7月, R5-07 …) into
 * *ym; -1 when it is a month, else the exit code of the usage error it printed. */
int bh_cli_month(bh_cli *cli, const char *cmd, const char *opt, const char *text, int *ym);
/* Parses text|csv|json; returns -1 for anything else. */
int bh_cli_parse_format(const char *s);
/* Opens the --db database and checks its schema; prints and returns the exit code on failure
 * (0 on success, *db then owned by the caller). */
int bh_cli_open_db(bh_cli *cli, unsigned flags, bh_db **db);
/* What a command does with its open database; user is the command's own state. */
typedef bh_status (*bh_cli_db_fn)(bh_cli *cli, bh_db *db, void *user);
/* Opens the database (bh_cli_open_db flags), runs fn, closes the database, and reports fn's error
 * (bh_cli_fail): the command's exit code. fn prints its own results. */
int bh_cli_with_db(bh_cli *cli, unsigned flags, bh_cli_db_fn fn, void *user);
/* The id of the area of kind `by` that text names (bohan/areas.h: exact, normalised, prefix);
 * *id malloc'ed (free). No match or several: BH_E_UNKNOWN_AREA, one line with candidates. */
bh_status bh_cli_find_area(bh_cli *cli, bh_db *db, bh_area_kind by, const char *text, char **id);
/* Writes the text to stdout; CSV gets a UTF-8 BOM so Excel reads Japanese correctly. */
void bh_cli_emit(bh_out_format fmt, const char *text);
/* A subcommand of a command group (bohan crimes import, bohan refuges coverage). */
typedef struct bh_cli_command {
    const char *name;
    int (*run)(bh_cli *, int, char **);
    const char *summary;
} bh_cli_command;
/* Runs the subcommand argv[1] of group (e.g. "crimes") from cmds; prints the list on --help (exit
 * 0), on a missing or unknown subcommand (exit 2). heading may be NULL. */
int bh_cli_dispatch(bh_cli *cli, const char *group, const char *heading, const bh_cli_command *cmds,
                    size_t n, int argc, char **argv);
/* Resets getopt for a subcommand's own parsing. */
void bh_cli_getopt_reset(void);
/* A formatted string the caller frees (free); NULL when out of memory. */
char *bh_cli_printf(const char *fmt, ...) BH_PRINTF(1, 2);

#endif

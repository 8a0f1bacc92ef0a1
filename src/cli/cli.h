/* The bohan command line: parses arguments, calls the library, prints. No domain logic here. */
#ifndef BH_CLI_H
#define BH_CLI_H

#include <stdio.h>
#include "bohan/ctx.h"
#include "bohan/strbuf.h"
#include "bohan/db.h"

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
int bh_cli_plan(bh_cli *cli, int argc, char **argv);
int bh_cli_crimes(bh_cli *cli, int argc, char **argv);
int bh_cli_map(bh_cli *cli, int argc, char **argv);
int bh_cli_atlas(bh_cli *cli, int argc, char **argv);

/* bohan crimes SUBCOMMAND (src/cli/crimes.c dispatches). */
int bh_cli_crimes_import(bh_cli *cli, int argc, char **argv);        /* crimes_import.c */
int bh_cli_crimes_import_counts(bh_cli *cli, int argc, char **argv); /* crimes_import.c */
int bh_cli_crimes_rejects(bh_cli *cli, int argc, char **argv);       /* crimes_import.c */
int bh_cli_crimes_summary(bh_cli *cli, int argc, char **argv);       /* crimes_summary.c */
int bh_cli_crimes_hotspots(bh_cli *cli, int argc, char **argv);      /* crimes_summary.c */
int bh_cli_crimes_koban(bh_cli *cli, int argc, char **argv);         /* crimes_summary.c */
int bh_cli_crimes_check(bh_cli *cli, int argc, char **argv);         /* crimes_check.c */
int bh_cli_crimes_files(bh_cli *cli, int argc, char **argv);         /* crimes_check.c */
int bh_cli_crimes_remove(bh_cli *cli, int argc, char **argv);        /* crimes_check.c */

/* Prints the layer catalogue of db in fmt (layers.c; used by init and layers). */
void bh_cli_layers_print(bh_cli *cli, bh_db *db, bh_out_format fmt);

/* Prints "bohan: <first error>" (one line) to stderr and returns the exit code for st. */
int bh_cli_fail(bh_cli *cli, bh_status st);
/* Prints "bohan CMD: msg" plus a --help hint to stderr; returns BH_EXIT_USAGE. */
int bh_cli_usage_error(const char *cmd, const char *fmt, ...) BH_PRINTF(2, 3);
/* Parses text|csv|json; returns -1 for anything else. */
int bh_cli_parse_format(const char *s);
/* Opens the --db database and checks its schema; prints and returns the exit code on failure
 * (0 on success, *db then owned by the caller). */
int bh_cli_open_db(bh_cli *cli, unsigned flags, bh_db **db);
/* Writes the text to stdout; CSV gets a UTF-8 BOM so Excel reads Japanese correctly. */
void bh_cli_emit(bh_out_format fmt, const char *text);
/* Resets getopt for a subcommand's own parsing. */
void bh_cli_getopt_reset(void);

#endif

#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/db.h"
#include "bohan/month.h"

int bh_cli_fail(bh_cli *cli, bh_status st)
{
    const char *msg = bh_ctx_error(cli->ctx);
    fprintf(stderr, "bohan: %s\n", (msg && *msg) ? msg : _(bh_status_string(st)));

    return bh_status_is_usage(st) ? BH_EXIT_USAGE : BH_EXIT_FAIL;
}

int bh_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bohan %s: ", cmd);
    vfprintf(stderr, _(fmt), ap);
    fprintf(stderr, _(" (see 'bohan %s --help')\n"), cmd);
    va_end(ap);
    return BH_EXIT_USAGE;
}

int bh_cli_parse_format(const char *s)
{
    if (strcmp(s, "text") == 0)
        return BH_OUT_TEXT;
    if (strcmp(s, "csv") == 0)
        return BH_OUT_CSV;
    if (strcmp(s, "json") == 0)
        return BH_OUT_JSON;
    return -1;
}

int bh_cli_open_db(bh_cli *cli, unsigned flags, bh_db **db)
{
    bh_status st = bh_db_open(cli->ctx, cli->db_path, flags, db);
    if (st == BH_OK) {
        st = bh_schema_check(*db);
        if (st != BH_OK) {
            bh_db_close(*db);
            *db = NULL;
        }
    }
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

int bh_cli_with_db(bh_cli *cli, unsigned flags, bh_cli_db_fn fn, void *user)
{
    bh_db *db = NULL;
    int rc = bh_cli_open_db(cli, flags, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    bh_status st = fn(cli, db, user);
    bh_db_close(db);
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

void bh_cli_emit(bh_out_format fmt, const char *text)
{
    if (fmt == BH_OUT_CSV)
        fputs("\xEF\xBB\xBF", stdout);
    fputs(text, stdout);
}

void bh_cli_getopt_reset(void)
{
    optind = 0; /* glibc: 0 also resets internal state */
    opterr = 1;
}

static void dispatch_usage(FILE *f, const char *group, const char *heading,
                           const bh_cli_command *cmds, size_t n)
{
    fprintf(f, _("usage: bohan %s SUBCOMMAND [ARGS]\n\n%s\n"), group,
            heading ? _(heading) : _("subcommands:"));
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-14s %s\n", cmds[i].name, _(cmds[i].summary));
}

int bh_cli_dispatch(bh_cli *cli, const char *group, const char *heading, const bh_cli_command *cmds,
                    size_t n, int argc, char **argv)
{
    if (argc < 2) {
        dispatch_usage(stderr, group, heading, cmds, n);
        return BH_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        dispatch_usage(stdout, group, heading, cmds, n);
        return BH_EXIT_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].run(cli, argc - 1, argv + 1);
    fprintf(stderr, _("bohan %s: unknown subcommand '%s'\n"), group, argv[1]);
    dispatch_usage(stderr, group, heading, cmds, n);
    return BH_EXIT_USAGE;
}

char *bh_cli_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

int bh_cli_month(bh_cli *cli, const char *cmd, const char *opt, const char *text, int *ym)
{
    if (bh_month_parse(cli->ctx, opt, text, ym) == BH_OK)
        return -1;
    return bh_cli_usage_error(cmd, "%s", bh_ctx_error(cli->ctx));
}

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/i18n.h"
#include "bohan/version.h"

static const struct {
    const char *name;
    int (*run)(bh_cli *, int, char **);
    const char *summary;
} main_commands[] = {
    {"init", bh_cli_init, N_("create the city database from a city profile")},
    {"import", bh_cli_import, N_("import a file into a layer (any OGR format, reprojected)")},
    {"layers", bh_cli_layers, N_("list the layers in the database")},
    {"areas", bh_cli_areas, N_("list the areas of a kind (names for --area)")},
    {"plan", bh_cli_plan, N_("list and show the crime-prevention plan items")},
    {"crimes", bh_cli_crimes, N_("import crime data, summarise per area, hot spots")},
    {"map", bh_cli_map, N_("render a crime map (PDF, PNG, SVG)")},
    {"atlas", bh_cli_atlas, N_("render one page per area as a PDF")},
    {"refuges", bh_cli_refuges,
     N_("こども110番の家: coverage per school district, register import")},
    {"cameras", bh_cli_cameras, N_("camera coverage per area and placement of the next K")},
    {"db", bh_cli_db, N_("copy a database SpatiaLite ↔ PostgreSQL, per-table digests")},
};

static void main_usage(FILE *f)
{
    fputs(_("usage: bohan [--db FILE] [--quiet] COMMAND [ARGS]  (--db/--quiet also after it)\n\n"
            "bohan: crime-prevention maps and assets for a city (default: 松戸市)\n\n"
            "commands:\n"),
          f);
    for (size_t i = 0; i < sizeof main_commands / sizeof *main_commands; i++)
        fprintf(f, "  %-8s %s\n", main_commands[i].name, _(main_commands[i].summary));
    fputs(_("\noptions:\n"
            "  --db FILE   city database (default bohan.sqlite, or $BOHAN_DB): a SpatiaLite\n"
            "              file, or PostgreSQL as postgresql://… or PG:…\n"
            "  --quiet     no progress messages on stderr\n"
            "  --help      this text; 'bohan COMMAND --help' for a command\n"),
          f);
}

/* The user's language for messages (LANG, LC_ALL, LANGUAGE: LANG=ja_JP.UTF-8 gives Japanese),
 * numbers kept in the C form (CSV, JSON and the option values read with strtod); the catalogue
 * of this build or install (bh_locale_dir), output in UTF-8 whatever the locale's codeset. */
static void main_locale(void)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
#ifdef BH_NLS
    const char *dir = bh_locale_dir();
    if (dir)
        bindtextdomain(BH_TEXT_DOMAIN, dir);
    bind_textdomain_codeset(BH_TEXT_DOMAIN, "UTF-8");
    textdomain(BH_TEXT_DOMAIN);
#endif
}

/* --db and --quiet after the command too ("bohan init --db x.sqlite"): taken out of the command's
 * argv before it parses the rest; "--" ends the scan. Returns the new argc. */
static int main_global_after(bh_cli *cli, int argc, char **argv)
{
    int n = 1, i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            cli->db_path = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            cli->db_path = argv[i] + 5;
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            cli->quiet = 1;
        else
            argv[n++] = argv[i];
    }
    while (i < argc)
        argv[n++] = argv[i++];
    argv[n] = NULL;
    return n;
}

/* A closed stdin/stdout/stderr gets /dev/null opened the wrong way round, so that writes to a
 * closed stdout fail (exit 1) instead of landing in the next file opened (an output, a database).
 */
static void main_guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
            (void)open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
}

/* Results on stdout that could not be written (a full disk, a closed pipe) fail the command. */
static int main_flush_stdout(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, _("bohan: stdout: cannot write: %s\n"),
                errno == ENOSPC ? _("disk full") : strerror(errno ? errno : EIO));
        return rc == BH_EXIT_OK ? BH_EXIT_FAIL : rc;
    }
    return rc;
}

static void main_log(void *user, int level, const char *msg)
{
    const bh_cli *cli = user;
    if (cli->quiet && level < BH_LOG_WARN)
        return;
    fprintf(stderr, "%s%s\n", level >= BH_LOG_WARN ? _("bohan: warning: ") : "", msg);
}

int main(int argc, char **argv)
{
    main_guard_std_fds();
    main_locale();
    bh_cli cli = {0};
    cli.db_path = getenv("BOHAN_DB") ? getenv("BOHAN_DB") : "bohan.sqlite";
    int i = 1;
    /* Global options come before the command; the command parses the rest. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            cli.db_path = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            cli.db_path = argv[i] + 5;
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            cli.quiet = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            main_usage(stdout);
            return main_flush_stdout(BH_EXIT_OK);
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("bohan %s\n", BH_VERSION);
            return main_flush_stdout(BH_EXIT_OK);
        } else {
            fprintf(stderr, _("bohan: unknown option '%s'\n"), argv[i]);
            main_usage(stderr);
            return BH_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        main_usage(stderr);
        return BH_EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof main_commands / sizeof *main_commands; k++) {
        if (strcmp(argv[i], main_commands[k].name) != 0)
            continue;
        if (bh_ctx_create(&cli.ctx) != BH_OK) {
            fprintf(stderr, _("bohan: cannot create context\n"));
            return BH_EXIT_FAIL;
        }
        bh_ctx_set_log(cli.ctx, main_log, &cli);
        bh_cli_getopt_reset();
        int n = main_global_after(&cli, argc - i, argv + i);
        int rc = bh_cli_pg_gate(&cli, n, argv + i);
        if (rc == BH_EXIT_OK)
            rc = main_commands[k].run(&cli, n, argv + i);
        bh_ctx_destroy(cli.ctx);
        return main_flush_stdout(rc);
    }
    fprintf(stderr, _("bohan: unknown command '%s'\n"), argv[i]);
    main_usage(stderr);
    return BH_EXIT_USAGE;
}

#include <getopt.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "bohan/city.h"
#include "bohan/io.h"

static void init_usage(FILE *f)
{
    fprintf(
        f,
        _("usage: bohan [--db FILE] init [--city DIR] [--force] [--format text|csv|json]\n"
          "       bohan [--db FILE] init --migrate\n\n"
          "Creates the city database (default bohan.sqlite): a SpatiaLite file holding the\n"
          "plan items and every layer named in the city profile, then prints the layers.\n\n"
          "  --city DIR    city profile directory (default: %s)\n"
          "  --force       rebuild an existing database (built aside, renamed atomically)\n"
          "  --migrate     upgrade an existing database to this bohan's schema in place, in one\n"
          "                transaction, keeping every row (schema 2 → 3: plan texts per year)\n"
          "  --format F    layer summary as text (default), csv or json\n"
          "  --help        this text\n"),
        bh_city_default_dir());
}

/* bohan init --migrate: the schema upgrade in one transaction. */
static int init_migrate(bh_cli *cli)
{
    int from = 0;
    bh_status st = bh_schema_migrate(cli->ctx, cli->db_path, &from);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    if (from == atoi(BH_SCHEMA_VERSION))
        printf(_("%s: schema %d is current, nothing to do\n"), cli->db_path, from);
    else
        printf(_("%s: schema %d → %s\n"), cli->db_path, from, BH_SCHEMA_VERSION);
    return BH_EXIT_OK;
}

int bh_cli_init(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"city", required_argument, NULL, 'c'},   {"force", no_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'f'}, {"migrate", no_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *city_dir = bh_city_default_dir();
    unsigned flags = 0;
    int fmt = BH_OUT_TEXT, c, migrate = 0;
    while ((c = getopt_long(argc, argv, "c:Ff:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            city_dir = optarg;
            break;
        case 'F':
            flags |= BH_INIT_FORCE;
            break;
        case 'f':
            fmt = bh_cli_parse_format(optarg);
            if (fmt < 0)
                return bh_cli_usage_error("init", "--format: '%s' is not text, csv or json",
                                          optarg);
            break;
        case 'M':
            migrate = 1;
            break;
        case 'h':
            init_usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("init", "bad option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
    if (migrate && (flags & BH_INIT_FORCE))
        return bh_cli_usage_error("init", "--migrate and --force exclude each other");
    if (migrate)
        return init_migrate(cli);
    bh_city *city = NULL;
    const bh_io *io = NULL;
    bh_status st = bh_ctx_io(cli->ctx, &io);
    if (st == BH_OK)
        st = bh_city_load(cli->ctx, city_dir, &city);
    if (st == BH_OK)
        st = io->init(cli->ctx, city, cli->db_path, flags);
    bh_city_destroy(city);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    return bh_cli_with_db(cli, BH_DB_READONLY, bh_cli_layers_print, &fmt);
}

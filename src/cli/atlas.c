/* bohan atlas: parses options and calls bh_atlas_render (render/atlas.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "render/atlas.h"
#include "render/text.h"

static void atlas_help(FILE *f)
{
    fprintf(f, "usage: bohan atlas --by koban|oaza|school-district --out FILE.pdf [options]\n\n"
               "A cover page with the city's areas, then one page per area: the area with its\n"
               "neighbours greyed, the counts of its 町丁目 (or 大字) as labels and as a table,\n"
               "a bar chart of the crime types and 前年比.\n\n"
               "  --by KIND          koban, oaza or school-district (required)\n"
               "  --out FILE         output .pdf (or .png: one file per page) (required)\n"
               "  --style FILE|NAME  page style (default styles/atlas-page.json)\n"
               "  --paper SIZE       A4|A3|B4|B3 (default: the style's)\n"
               "  --portrait, --landscape\n"
               "  --from YYYY-MM     first month (without --from/--to: the calendar year of the\n"
               "                     newest data, so that 前年比 can be shown)\n"
               "  --to YYYY-MM       last month (default: the newest data)\n"
               "  --all-periods      without --from/--to: every month of the data\n"
               "  --allow-empty      print a period without crime data as データなし\n"
               "  --types LIST       comma-separated crime types (default: all)\n"
               "  --edition E        public (default) or internal\n"
               "  --dpi N            PNG resolution (default 150)\n"
               "  --date YYYY-MM-DD  printed date (default today)\n"
               "  --help             this text\n");
}

int bh_cli_atlas(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},      {"out", required_argument, NULL, 'o'},
        {"style", required_argument, NULL, 's'},   {"paper", required_argument, NULL, 'p'},
        {"portrait", no_argument, NULL, 'P'},      {"landscape", no_argument, NULL, 'L'},
        {"from", required_argument, NULL, 'f'},    {"to", required_argument, NULL, 't'},
        {"types", required_argument, NULL, 'T'},   {"all-periods", no_argument, NULL, 'A'},
        {"allow-empty", no_argument, NULL, 'E'},   {"date", required_argument, NULL, 'D'},
        {"edition", required_argument, NULL, 'e'}, {"dpi", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    bh_atlas_opts o;
    memset(&o, 0, sizeof o);
    const char *by = NULL, *from = NULL, *to = NULL, *edition = NULL;
    int c;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            by = optarg;
            break;
        case 'o':
            o.out = optarg;
            break;
        case 's':
            o.style = optarg;
            break;
        case 'p':
            o.paper = optarg;
            break;
        case 'P':
            o.orientation = 1;
            break;
        case 'L':
            o.orientation = 2;
            break;
        case 'f':
            from = optarg;
            break;
        case 't':
            to = optarg;
            break;
        case 'T':
            o.types = optarg;
            break;
        case 'A':
            o.all_periods = 1;
            break;
        case 'E':
            o.allow_empty = 1;
            break;
        case 'D': {
            int y, m, d;
            char tail;
            if (sscanf(optarg, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
                d > 31)
                return bh_cli_usage_error("atlas", "--date '%s': expected YYYY-MM-DD", optarg);
            o.printed_date = optarg;
            break;
        }
        case 'e':
            edition = optarg;
            break;
        case 'd': {
            char *end = NULL;
            o.dpi = strtod(optarg, &end);
            if (!end || *end || o.dpi < 10 || o.dpi > 2400)
                return bh_cli_usage_error("atlas", "--dpi '%s': expected 10..2400", optarg);
            break;
        }
        case 'h':
            atlas_help(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("atlas", "unknown option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("atlas", "unexpected argument '%s'", argv[optind]);
    if (!by)
        return bh_cli_usage_error("atlas", "--by koban|oaza|school-district is required");
    if (!o.out)
        return bh_cli_usage_error("atlas", "--out FILE is required");
    if (edition && strcmp(edition, "public") != 0 && strcmp(edition, "internal") != 0)
        return bh_cli_usage_error("atlas", "--edition '%s': expected public or internal", edition);
    o.internal = edition && strcmp(edition, "internal") == 0;
    bh_status st = bh_atlas_parse_by(cli->ctx, by, &o.by);
    if (st == BH_OK && from)
        st = bh_atlas_parse_ym(cli->ctx, "--from", from, &o.from_ym);
    if (st == BH_OK && to)
        st = bh_atlas_parse_ym(cli->ctx, "--to", to, &o.to_ym);
    if (st == BH_OK && o.from_ym && o.to_ym && o.from_ym > o.to_ym)
        st = bh_error(cli->ctx, BH_E_USAGE, "--from %s is after --to %s", from, to);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    bh_db *db = NULL;
    bh_text_prefetch *fonts = bh_text_prefetch_start(); /* fonts load while the DB opens */
    int rc = bh_cli_open_db(cli, BH_DB_READONLY, &db);
    bh_text_prefetch_finish(fonts);
    if (rc != 0)
        return rc;
    bh_atlas_result res;
    st = bh_atlas_render(db, &o, &res);
    bh_db_close(db);
    bh_text_release_caches(); /* clean exit for leak checkers; nothing drawn after this */
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    if (!cli->quiet)
        fprintf(stderr, "bohan atlas: %s: %d pages (%d areas)%s; %ld labels did not fit\n", o.out,
                res.pages, res.areas, res.sample ? ", sample data stamped" : "",
                res.labels_dropped);
    return BH_EXIT_OK;
}

/* bohan atlas: parses options and calls bh_atlas_render (render/atlas.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/atlas.h"

static void atlas_help(FILE *f)
{
    fputs(_("usage: bohan atlas --by koban|oaza|school-district --out FILE.pdf [options]\n\n"
            "A cover page with the city's areas, then one page per area: the area with its\n"
            "neighbours greyed, the counts of its 町丁目 (or 大字) as labels and as a table,\n"
            "a bar chart of the crime types and 前年比.\n\n"
            "  --by KIND          koban, oaza or school-district (required)\n"
            "  --area NAME        only this area's page (no cover); a name may be shortened\n"
            "                     (中部小 for 中部小学校; see 'bohan areas --by KIND')\n"
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
            "  --help             this text\n"),
          f);
}

static const struct option atlas_longopts[] = {{"by", required_argument, NULL, 'b'},
                                               {"out", required_argument, NULL, 'o'},
                                               {"style", required_argument, NULL, 's'},
                                               {"paper", required_argument, NULL, 'p'},
                                               {"portrait", no_argument, NULL, 'P'},
                                               {"landscape", no_argument, NULL, 'L'},
                                               {"from", required_argument, NULL, 'f'},
                                               {"to", required_argument, NULL, 't'},
                                               {"types", required_argument, NULL, 'T'},
                                               {"all-periods", no_argument, NULL, 'A'},
                                               {"allow-empty", no_argument, NULL, 'E'},
                                               {"date", required_argument, NULL, 'D'},
                                               {"edition", required_argument, NULL, 'e'},
                                               {"dpi", required_argument, NULL, 'd'},
                                               {"area", required_argument, NULL, 'a'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};

/* The options kept as text until every option is read. */
typedef struct atlas_args {
    const char *by, *from, *to, *edition;
} atlas_args;

/* Applies one option; -1 to go on, else the exit code (usage error, or 0 after --help). */
static int atlas_option(int c, bh_atlas_opts *o, atlas_args *x)
{
    switch (c) {
    case 'b':
        x->by = optarg;
        break;
    case 'o':
        o->out = optarg;
        break;
    case 'a':
        o->area = optarg;
        break;
    case 's':
        o->style = optarg;
        break;
    case 'p':
        o->paper = optarg;
        break;
    case 'P':
        o->orientation = 1;
        break;
    case 'L':
        o->orientation = 2;
        break;
    case 'f':
        x->from = optarg;
        break;
    case 't':
        x->to = optarg;
        break;
    case 'T':
        o->types = optarg;
        break;
    case 'A':
        o->all_periods = 1;
        break;
    case 'E':
        o->allow_empty = 1;
        break;
    case 'D': {
        int y, m, d;
        char tail;
        if (sscanf(optarg, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
            d > 31)
            return bh_cli_usage_error("atlas", "--date '%s': expected YYYY-MM-DD", optarg);
        o->printed_date = optarg;
        break;
    }
    case 'e':
        x->edition = optarg;
        break;
    case 'd': {
        char *end = NULL;
        o->dpi = strtod(optarg, &end);
        if (!end || *end || o->dpi < 10 || o->dpi > 2400)
            return bh_cli_usage_error("atlas", "--dpi '%s': expected 10..2400", optarg);
        break;
    }
    case 'h':
        atlas_help(stdout);
        return BH_EXIT_OK;
    default:
        return bh_cli_usage_error("atlas", "unknown option");
    }
    return -1;
}

/* Checks the options read as text into o; -1 to go on, else the exit code. */
static int atlas_check(bh_cli *cli, bh_atlas_opts *o, const atlas_args *x)
{
    if (!x->by)
        return bh_cli_usage_error("atlas", "--by koban|oaza|school-district is required");
    if (!o->out)
        return bh_cli_usage_error("atlas", "--out FILE is required");
    if (x->edition && strcmp(x->edition, "public") != 0 && strcmp(x->edition, "internal") != 0)
        return bh_cli_usage_error("atlas", "--edition '%s': expected public or internal",
                                  x->edition);
    o->internal = x->edition && strcmp(x->edition, "internal") == 0;
    bh_status st = bh_atlas_parse_by(cli->ctx, x->by, &o->by);
    if (st == BH_OK && x->from)
        st = bh_atlas_parse_ym(cli->ctx, "--from", x->from, &o->from_ym);
    if (st == BH_OK && x->to)
        st = bh_atlas_parse_ym(cli->ctx, "--to", x->to, &o->to_ym);
    if (st == BH_OK && o->from_ym && o->to_ym && o->from_ym > o->to_ym)
        st = bh_error(cli->ctx, BH_E_USAGE, "--from %s is after --to %s", x->from, x->to);
    return st == BH_OK ? -1 : bh_cli_fail(cli, st);
}

static bh_status atlas_run(bh_cli *cli, bh_db *db, void *user)
{
    bh_atlas_opts opts = *(const bh_atlas_opts *)user, *o = &opts;
    bh_atlas_result res;
    char *area = NULL;
    bh_status st = o->area ? bh_cli_find_area(cli, db, o->by, o->area, &area) : BH_OK;
    if (area)
        o->area = area;
    if (st == BH_OK)
        st = bh_atlas_render(db, o, &res);
    free(area);
    if (st == BH_OK && !cli->quiet)
        fprintf(stderr, _("bohan atlas: %s: %d pages (%d areas)%s; %ld labels did not fit\n"),
                o->out, res.pages, res.areas, res.sample ? _(", sample data stamped") : "",
                res.labels_dropped);
    return st;
}

int bh_cli_atlas(bh_cli *cli, int argc, char **argv)
{
    bh_atlas_opts o;
    memset(&o, 0, sizeof o);
    atlas_args x = {0};
    int c, rc;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", atlas_longopts, NULL)) != -1)
        if ((rc = atlas_option(c, &o, &x)) >= 0)
            return rc;
    if (optind < argc)
        return bh_cli_usage_error("atlas", "unexpected argument '%s'", argv[optind]);
    if ((rc = atlas_check(cli, &o, &x)) >= 0)
        return rc;
    return bh_cli_with_db(cli, BH_DB_READONLY, atlas_run, &o);
}

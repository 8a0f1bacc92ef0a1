/* bohan map: renders the city crime map (src/render/map.h). Parsing and printing only. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/map.h"

static void map_usage(FILE *f)
{
    fputs(_("usage: bohan map --out FILE.{pdf,png,svg} [options]\n\n"
            "Renders the crime map of the city: areas filled by 市内対比危険度 (or as the style\n"
            "says), each with its count and a bar chart of the crime types, legend, scale bar,\n"
            "north arrow, title block and credits. The format comes from the file extension.\n\n"
            "options:\n"
            "  --out FILE             output file (.pdf, .png or .svg)\n"
            "  --by KIND              koban|oaza|chome|school-district|grid:METRES (default "
            "koban)\n"
            "  --area NAME            zoom to one area: id or name, also shortened (中部小 for\n"
            "                         中部小学校; 'bohan areas --by KIND' lists them); a\n"
            "                         school district shows its school and its 町丁目\n"
            "  --style FILE|NAME      style (default crime-map: styles/crime-map.json)\n"
            "  --paper A4|A3|B4|B3    paper (default: the style's, A3)\n"
            "  --portrait, --landscape  orientation (default: the style's, landscape)\n"
            "  --dpi N                PNG resolution (default 300)\n"
            "  --from YYYY-MM         first month (without --from/--to: the calendar year of\n"
            "                         the newest data, so that 前年比 can be shown)\n"
            "  --to YYYY-MM           last month (default: the newest data)\n"
            "  --all-periods          without --from/--to: count every month of the data\n"
            "  --allow-empty          print a period without crime data (データなし, no 危険度)\n"
            "                         instead of refusing it\n"
            "  --types LIST           comma-separated crime types (default: the style's or all)\n"
            "  --edition public|internal  public never shows individual refuge houses or "
            "cameras\n"
            "                         (default public)\n"
            "  --title TEXT           title (default: the style's)\n"
            "  --suppress-below N     show counts 1..N-1 as \"N未満\"\n"
            "  --suppress-hide        with --suppress-below: hide those counts instead\n"
            "  --breaks-from ID       reuse the 危険度/class breaks of an earlier edition\n"
            "  --date YYYY-MM-DD      printed date (default today)\n"
            "  --no-record            do not record the map in the editions table\n"
            "  --help                 this text\n"),
          f);
}

enum {
    O_OUT = 1000,
    O_BY,
    O_AREA,
    O_STYLE,
    O_PAPER,
    O_PORTRAIT,
    O_LANDSCAPE,
    O_DPI,
    O_FROM,
    O_TO,
    O_ALL,
    O_EMPTY,
    O_TYPES,
    O_EDITION,
    O_TITLE,
    O_SUPPRESS,
    O_HIDE,
    O_BREAKS,
    O_DATE,
    O_NORECORD,
    O_HELP
};

static const struct option map_longopts[] = {
    {"out", required_argument, NULL, O_OUT},
    {"by", required_argument, NULL, O_BY},
    {"area", required_argument, NULL, O_AREA},
    {"style", required_argument, NULL, O_STYLE},
    {"paper", required_argument, NULL, O_PAPER},
    {"portrait", no_argument, NULL, O_PORTRAIT},
    {"landscape", no_argument, NULL, O_LANDSCAPE},
    {"dpi", required_argument, NULL, O_DPI},
    {"from", required_argument, NULL, O_FROM},
    {"to", required_argument, NULL, O_TO},
    {"all-periods", no_argument, NULL, O_ALL},
    {"allow-empty", no_argument, NULL, O_EMPTY},
    {"types", required_argument, NULL, O_TYPES},
    {"edition", required_argument, NULL, O_EDITION},
    {"title", required_argument, NULL, O_TITLE},
    {"suppress-below", required_argument, NULL, O_SUPPRESS},
    {"suppress-hide", no_argument, NULL, O_HIDE},
    {"breaks-from", required_argument, NULL, O_BREAKS},
    {"date", required_argument, NULL, O_DATE},
    {"no-record", no_argument, NULL, O_NORECORD},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0}};

/* Applies an option whose value is checked; -1 to go on, else the exit code of a usage error. */
static int map_checked_option(bh_cli *cli, int c, bh_map_opts *o)
{
    char *end;
    switch (c) {
    case O_DPI:
        o->dpi = strtod(optarg, &end);
        if (*end || !(o->dpi >= 10 && o->dpi <= 2400))
            return bh_cli_usage_error("map", "--dpi '%s': expected a number from 10 to 2400",
                                      optarg);
        return -1;
    case O_FROM:
    case O_TO:
        return bh_cli_month(cli, "map", c == O_FROM ? "--from" : "--to", optarg,
                            c == O_FROM ? &o->from_ym : &o->to_ym);
    case O_EDITION:
        if (bh_map_parse_edition(cli->ctx, optarg, &o->edition) != BH_OK)
            return bh_cli_usage_error("map", "%s", bh_ctx_error(cli->ctx));
        return -1;
    case O_SUPPRESS:
        o->suppress_below = (int)strtol(optarg, &end, 10);
        if (*end || o->suppress_below < 1 || o->suppress_below > 1000)
            return bh_cli_usage_error("map", "--suppress-below '%s': expected 1..1000", optarg);
        return -1;
    case O_BREAKS:
        o->breaks_from = strtoll(optarg, &end, 10);
        if (*end || o->breaks_from < 1)
            return bh_cli_usage_error("map", "--breaks-from '%s': expected an edition id", optarg);
        return -1;
    case O_DATE: {
        int y, m, d;
        if (sscanf(optarg, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
            return bh_cli_usage_error("map", "--date '%s': expected YYYY-MM-DD", optarg);
        o->printed_date = optarg;
        return -1;
    }
    default:
        return bh_cli_usage_error("map", "unknown option");
    }
}

/* Applies one option; -1 to go on, else the exit code (usage error, or 0 after --help). */
static int map_option(bh_cli *cli, int c, bh_map_opts *o)
{
    switch (c) {
    case O_OUT:
        o->out = optarg;
        break;
    case O_BY:
        o->by = optarg;
        break;
    case O_AREA:
        o->area = optarg;
        break;
    case O_STYLE:
        o->style = optarg;
        break;
    case O_PAPER:
        o->paper = optarg;
        break;
    case O_PORTRAIT:
        o->orientation = 1;
        break;
    case O_LANDSCAPE:
        o->orientation = 2;
        break;
    case O_ALL:
        o->all_periods = 1;
        break;
    case O_EMPTY:
        o->allow_empty = 1;
        break;
    case O_TYPES:
        o->types = optarg;
        break;
    case O_TITLE:
        o->title = optarg;
        break;
    case O_HIDE:
        o->suppress_hide = 1;
        break;
    case O_NORECORD:
        o->record = 0;
        break;
    case O_HELP:
        map_usage(stdout);
        return BH_EXIT_OK;
    default:
        return map_checked_option(cli, c, o);
    }
    return -1;
}

/* --area as typed → the area's id (exact, normalised or prefix; else a "did you mean" error). */
static bh_status map_area(bh_cli *cli, bh_db *db, const bh_map_opts *o, char **id)
{
    *id = NULL;
    bh_summary_opts so = {0};
    if (o->area == NULL || (o->by && strncmp(o->by, "grid", 4) == 0))
        return BH_OK;
    bh_status st = bh_summary_parse_by(cli->ctx, o->by ? o->by : "koban", &so);
    return st == BH_OK ? bh_cli_find_area(cli, db, so.by, o->area, id) : st;
}

static bh_status map_run(bh_cli *cli, bh_db *db, void *user)
{
    bh_map_opts opts = *(const bh_map_opts *)user, *o = &opts;
    bh_map_result r;
    char *area = NULL;
    bh_status st = map_area(cli, db, o, &area);
    if (area)
        o->area = area;
    if (st == BH_OK)
        st = bh_map_render(db, o, &r);
    free(area);
    if (st == BH_OK && !cli->quiet) {
        fprintf(stderr, _("bohan map: wrote %s: %zu areas, %ld crimes, %zu classes, 1:%.0f"),
                o->out, r.n_areas, r.total, r.n_classes, r.scale_denominator);
        if (r.edition_id)
            fprintf(stderr, _(", edition %lld"), r.edition_id);
        fprintf(stderr, "%s\n", r.sample ? _(" (sample data)") : "");
    }
    return st;
}

int bh_cli_map(bh_cli *cli, int argc, char **argv)
{
    bh_map_opts o;
    bh_map_opts_init(&o);
    int c, rc;
    while ((c = getopt_long(argc, argv, "", map_longopts, NULL)) != -1)
        if ((rc = map_option(cli, c, &o)) >= 0)
            return rc;
    if (optind < argc)
        return bh_cli_usage_error("map", "unexpected argument '%s'", argv[optind]);
    if (o.out == NULL)
        return bh_cli_usage_error("map", "--out FILE is required");
    if (o.from_ym && o.to_ym && o.from_ym > o.to_ym)
        return bh_cli_usage_error("map", "--from is after --to");
    bh_surface_format fmt;
    if (bh_surface_parse_format(cli->ctx, o.out, &fmt) != BH_OK || !strchr(o.out, '.'))
        return bh_cli_usage_error("map", "--out '%s': expected a .pdf, .png or .svg file", o.out);
    return bh_cli_with_db(cli, o.record ? 0 : BH_DB_READONLY, map_run, &o);
}

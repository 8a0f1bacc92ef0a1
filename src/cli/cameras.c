/* bohan cameras coverage | plan: argument parsing and printing only; the work is in src/cameras
 * and src/analysis/covering. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/cameras.h"
#include "cli/cameras.h"
#include "cli/cli.h"
#include "bohan/atlas.h"

/* ---- options shared by both subcommands -------------------------------------------------- */

void bh_cli_cam_init(bh_cli_cam *o)
{
    memset(o, 0, sizeof *o);
    o->demand.cell = 25;
    o->radius = 50;
    o->which = BH_CAMERAS_BOTH;
    o->fmt = BH_OUT_TEXT;
}

static int number(const char *cmd, const char *opt, const char *text, double *v)
{
    char *end;
    *v = strtod(text, &end);
    if (end == text || *end || !isfinite(*v))
        return bh_cli_usage_error(cmd, "%s '%s': expected a number", opt, text);
    return 0;
}

int bh_cli_cam_option(bh_cli *cli, const char *cmd, int c, const char *arg, bh_cli_cam *o)
{
    switch (c) {
    case BH_CAM_O_RADIUS:
        return number(cmd, "--radius", arg, &o->radius);
    case BH_CAM_O_CELL:
        return number(cmd, "--demand-cell", arg, &o->demand.cell);
    case BH_CAM_O_TYPES:
        o->demand.types = arg;
        return 0;
    case BH_CAM_O_FROM:
    case BH_CAM_O_TO:
        if (bh_atlas_parse_ym(cli->ctx, c == BH_CAM_O_FROM ? "--from" : "--to", arg,
                              c == BH_CAM_O_FROM ? &o->demand.from_ym : &o->demand.to_ym) != BH_OK)
            return bh_cli_usage_error(cmd, "%s", bh_ctx_error(cli->ctx));
        return 0;
    case BH_CAM_O_DEMAND:
        if (strncmp(arg, "layer:", 6) != 0 || !arg[6])
            return bh_cli_usage_error(cmd, "--demand '%s': expected layer:NAME[:COLUMN]", arg);
        o->demand.layer = arg + 6;
        return 0;
    case BH_CAM_O_DENSITY:
        if (strncmp(arg, "layer:", 6) != 0 || !arg[6])
            return bh_cli_usage_error(cmd, "--density '%s': expected layer:NAME[:COLUMN]", arg);
        o->demand.density = arg + 6;
        return 0;
    case BH_CAM_O_WHICH:
        o->which = strcmp(arg, "city") == 0      ? BH_CAMERAS_CITY
                   : strcmp(arg, "network") == 0 ? BH_CAMERAS_NETWORK
                   : strcmp(arg, "both") == 0    ? BH_CAMERAS_BOTH
                                                 : 0;
        return o->which
                   ? 0
                   : bh_cli_usage_error(cmd, "--which '%s': expected city, network or both", arg);
    case BH_CAM_O_FORMAT:
        if ((o->fmt = bh_cli_parse_format(arg)) < 0)
            return bh_cli_usage_error(cmd, "unknown --format '%s'", arg);
        return 0;
    default:
        return BH_EXIT_USAGE;
    }
}

int bh_cli_cam_check(const char *cmd, const bh_cli_cam *o)
{
    if (!(o->radius > 0))
        return bh_cli_usage_error(cmd, "--radius %g: must be > 0 metres", o->radius);
    if (!(o->demand.cell > 0))
        return bh_cli_usage_error(cmd, "--demand-cell %g: must be > 0 metres", o->demand.cell);
    return 0;
}

/* ---- coverage ---------------------------------------------------------------------------- */

static void coverage_usage(FILE *f)
{
    fputs(_("usage: bohan cameras coverage [--radius M] [--by KIND] [--types LIST] [--from "
            "YYYY-MM]\n"
            "                              [--to YYYY-MM] [--which city|network|both]\n"
            "                              [--demand layer:NAME[:COLUMN]] [--demand-cell M]\n"
            "                              [--density layer:NAME[:COLUMN]] [--format "
            "text|csv|json]\n\n"
            "How much of the crime lies within sight of a camera, per area: cameras (city /\n"
            "network), demand weight, covered weight, share covered, and a city total row.\n"
            "Demand model: docs/cameras.md.\n\n"
            "  --radius M          camera service radius in metres (default 50)\n"
            "  --by KIND           koban (default), oaza, chome, school-district, grid:METRES\n"
            "  --types, --from, --to  crimes counted, as in 'bohan crimes summary' (default all)\n"
            "  --which W           existing cameras: city, network or both (default both)\n"
            "  --demand layer:N[:C]  any layer's points (weight column C) as the demand\n"
            "  --demand-cell M     demand grid cell inside each 町丁目 (default 25)\n"
            "  --density layer:N[:C]  weight the cells of a block by this layer's points\n"
            "  --format F          text (default), csv or json\n"),
          f);
}

static void coverage_row(bh_strbuf *sb, const bh_cameras_coverage *c, size_t i, bh_out_format fmt)
{
    const char *id = bh_cameras_coverage_id(c, i), *name = bh_cameras_coverage_name(c, i);
    long nc = bh_cameras_coverage_city_cameras(c, i),
         nn = bh_cameras_coverage_network_cameras(c, i);
    double d = bh_cameras_coverage_demand(c, i), cv = bh_cameras_coverage_covered(c, i);
    double sh = bh_cameras_coverage_share(c, i);
    char share[32] = "";
    if (!isnan(sh))
        snprintf(share, sizeof share, "%.4f", sh);
    if (fmt == BH_OUT_CSV) {
        bh_strbuf_csv(sb, id);
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, name);
        bh_strbuf_printf(sb, ",%ld,%ld,%.4f,%.4f,%s\r\n", nc, nn, d, cv, share);
    } else if (fmt == BH_OUT_JSON) {
        bh_strbuf_append(sb, "{\"id\": ");
        bh_strbuf_json(sb, id);
        bh_strbuf_append(sb, ", \"name\": ");
        bh_strbuf_json(sb, name);
        bh_strbuf_printf(sb,
                         ", \"city_cameras\": %ld, \"network_cameras\": %ld, \"demand\": %.6f, "
                         "\"covered\": %.6f, \"share\": %s}",
                         nc, nn, d, cv, *share ? share : "null");
    } else {
        bh_strbuf_printf(sb, "%-16s %-24s %5ld %5ld %10.2f %10.2f %7s\n", id, name, nc, nn, d, cv,
                         *share ? share : "-");
    }
}

static void coverage_print(const bh_cameras_coverage *c, const bh_cameras_demand *d, double radius,
                           bh_out_format fmt)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    size_t n = bh_cameras_coverage_count(c);
    int sample = bh_cameras_demand_is_sample(d);
    if (fmt == BH_OUT_CSV) {
        bh_strbuf_append(&sb, _("id,name,city_cameras,network_cameras,demand,covered,share"));
        bh_strbuf_append(&sb, "\r\n");
    } else if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(&sb, "{\"radius\": %g, \"sample\": %s, \"unplaced\": %.6f, \"areas\": [",
                         radius, sample ? "true" : "false", bh_cameras_demand_unplaced(d));
    else
        bh_strbuf_append(&sb,
                         _("id               name                      city   net     demand    "
                           "covered   share\n"));
    for (size_t i = 0; i <= n; i++) {
        if (fmt == BH_OUT_JSON)
            bh_strbuf_append(&sb, i == n ? "],\n \"total\": " : (i ? ",\n  " : "\n  "));
        coverage_row(&sb, c, i, fmt);
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, "}\n");
    else if (fmt == BH_OUT_TEXT)
        bh_strbuf_printf(&sb,
                         _("\nradius %g m; %.0f crimes known only to a 交番 or the city (or "
                           "unlocated) are not in the demand%s\n"),
                         radius, bh_cameras_demand_unplaced(d), sample ? _("; SAMPLE DATA") : "");
    bh_cli_emit(fmt, sb.data ? sb.data : "");
    bh_strbuf_free(&sb);
}

int bh_cli_cameras_coverage(bh_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {BH_CAM_LONGOPTS,
                                             {"by", required_argument, NULL, 'b'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    bh_cli_cam o;
    bh_cli_cam_init(&o);
    const char *by = "koban";
    int c, rc;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'b') {
            by = optarg;
        } else if (c == 'h') {
            coverage_usage(stdout);
            return BH_EXIT_OK;
        } else if ((rc = bh_cli_cam_option(cli, "cameras coverage", c, optarg, &o)) != 0) {
            if (c == '?')
                coverage_usage(stderr);
            return rc;
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("cameras coverage", "unexpected argument '%s'", argv[optind]);
    if ((rc = bh_cli_cam_check("cameras coverage", &o)) != 0)
        return rc;
    bh_summary_opts so = {0};
    bh_status st = bh_summary_parse_by(cli->ctx, by, &so);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    bh_db *db = NULL;
    if ((rc = bh_cli_open_db(cli, BH_DB_READONLY, &db)) != 0)
        return rc;
    so.from_ym = o.demand.from_ym;
    so.to_ym = o.demand.to_ym;
    so.types = o.demand.types;
    bh_cameras_demand *d = NULL;
    bh_cameras_coverage *cov = NULL;
    st = bh_cameras_demand_build(db, &o.demand, &d);
    if (st == BH_OK)
        st = bh_cameras_coverage_compute(db, d, &so, o.radius, o.which, &cov);
    if (st == BH_OK)
        coverage_print(cov, d, o.radius, o.fmt);
    bh_cameras_coverage_destroy(cov);
    bh_cameras_demand_destroy(d);
    bh_db_close(db);
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

/* ---- dispatch ---------------------------------------------------------------------------- */

static void cameras_usage(FILE *f)
{
    fputs(_("usage: bohan cameras SUBCOMMAND [ARGS]\n\nsubcommands:\n"
            "  coverage       share of the crime within sight of a camera, per area\n"
            "  plan           where the next K cameras should go (maximal covering)\n"),
          f);
}

int bh_cli_cameras(bh_cli *cli, int argc, char **argv)
{
    if (argc < 2) {
        cameras_usage(stderr);
        return BH_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cameras_usage(stdout);
        return BH_EXIT_OK;
    }
    if (strcmp(argv[1], "coverage") == 0)
        return bh_cli_cameras_coverage(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "plan") == 0)
        return bh_cli_cameras_plan(cli, argc - 1, argv + 1);
    fprintf(stderr, _("bohan cameras: unknown subcommand '%s'\n"), argv[1]);
    cameras_usage(stderr);
    return BH_EXIT_USAGE;
}

/* bohan cameras plan: parsing, printing, the run's parameters; the work is in src/cameras/plan.c.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cameras.h"
#include "bohan/db.h"
#include "bohan/map.h"

typedef struct plan_cli {
    bh_cli_cam cam;
    bh_cameras_plan_opts po;
    const char *out, *map, *edition;
} plan_cli;

static void plan_usage(FILE *f)
{
    fputs(_("usage: bohan cameras plan --add K [--radius M] [--candidates grid:M|layer:NAME]\n"
            "                          [--min-spacing M] [--solver greedy|exact] [--time-limit S]\n"
            "                          [--ignore-existing] [--export-lp FILE] [--out "
            "FILE.csv|.geojson]\n"
            "                          [--map FILE.pdf|.png] [--edition public|internal]\n"
            "                          [--format text|csv|json] [demand options as in coverage]\n\n"
            "Where the next K cameras should go: the maximal covering location problem with the\n"
            "existing cameras fixed. Writes the proposed sites to the camera_plan layer.\n\n"
            "  --add K             new cameras (>= 1)\n"
            "  --radius M          service radius in metres (default 50)\n"
            "  --candidates SPEC   grid:M (inside the city, default grid:50), layer:NAME, or both\n"
            "                      comma-separated\n"
            "  --min-spacing M     minimum distance between any two cameras (default 0)\n"
            "  --solver S          greedy (CELF + swaps, default) or exact (GLPK MIP)\n"
            "  --time-limit S      seconds for the solver (default 5 for greedy, 60 for exact)\n"
            "  --which W           existing cameras kept: city, network, both (default both)\n"
            "  --ignore-existing   plan as if there were no cameras\n"
            "  --export-lp FILE    write the model solved in CPLEX LP format (glpsol, cbc)\n"
            "  --out FILE          the table as CSV or the sites as GeoJSON (by extension)\n"
            "  --map FILE          map of the plan (PDF or PNG, style camera-plan)\n"
            "  --edition E         public (default: per-area shares and counts only) or internal\n"
            "  --format F          text (default), csv or json\n"),
          f);
}

enum { O_ADD = 3000, O_CANDS, O_SPACING, O_SOLVER, O_TIME, O_IGNORE, O_LP, O_OUT, O_MAP, O_ED };

static int plan_option(bh_cli *cli, int c, const char *arg, plan_cli *p)
{
    char *end;
    switch (c) {
    case O_ADD:
        p->po.p.k = (int)strtol(arg, &end, 10);
        if (end == arg || *end || p->po.p.k < 1)
            return bh_cli_usage_error("cameras plan", "--add '%s': expected a count >= 1", arg);
        return 0;
    case O_CANDS:
        p->po.candidates = arg;
        return 0;
    case O_SPACING:
        p->po.p.min_spacing = strtod(arg, &end);
        if (end == arg || *end || !(p->po.p.min_spacing >= 0))
            return bh_cli_usage_error("cameras plan", "--min-spacing '%s': expected metres >= 0",
                                      arg);
        return 0;
    case O_SOLVER:
        if (strcmp(arg, "greedy") && strcmp(arg, "exact"))
            return bh_cli_usage_error("cameras plan", "--solver '%s': expected greedy or exact",
                                      arg);
        p->po.p.solver = strcmp(arg, "exact") == 0 ? BH_COVERING_EXACT : BH_COVERING_GREEDY;
        return 0;
    case O_TIME:
        p->po.p.time_limit = strtod(arg, &end);
        if (end == arg || *end || !(p->po.p.time_limit > 0))
            return bh_cli_usage_error("cameras plan", "--time-limit '%s': expected seconds > 0",
                                      arg);
        return 0;
    case O_IGNORE:
        p->po.ignore_existing = 1;
        return 0;
    case O_LP:
        p->po.export_lp = arg;
        return 0;
    case O_OUT:
        p->out = arg;
        return 0;
    case O_MAP:
        p->map = arg;
        return 0;
    case O_ED:
        if (strcmp(arg, "public") && strcmp(arg, "internal"))
            return bh_cli_usage_error("cameras plan", "--edition '%s': expected public or internal",
                                      arg);
        p->edition = arg;
        return 0;
    default:
        return bh_cli_cam_option(cli, "cameras plan", c, arg, &p->cam);
    }
}

static const char *which_name(int w)
{
    return w == BH_CAMERAS_CITY ? "city" : w == BH_CAMERAS_NETWORK ? "network" : "both";
}

/* The run's parameters as JSON (stored with the camera_plan rows). */
static char *params_json(const plan_cli *p)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    const bh_covering_params *c = &p->po.p;
    bh_strbuf_printf(&sb,
                     "{\"add\": %d, \"radius\": %g, \"min_spacing\": %g, \"solver\": \"%s\", "
                     "\"time_limit\": %g, \"which\": \"%s\", \"ignore_existing\": %s, "
                     "\"demand_cell\": %g, \"from\": %d, \"to\": %d, \"candidates\": ",
                     c->k, c->radius, c->min_spacing,
                     c->solver == BH_COVERING_EXACT ? "exact" : "greedy", c->time_limit,
                     which_name(p->po.which), p->po.ignore_existing ? "true" : "false",
                     p->cam.demand.cell, p->cam.demand.from_ym, p->cam.demand.to_ym);
    bh_strbuf_json(&sb, p->po.candidates ? p->po.candidates : "grid:50");
    bh_strbuf_append(&sb, ", \"types\": ");
    if (p->cam.demand.types)
        bh_strbuf_json(&sb, p->cam.demand.types);
    else
        bh_strbuf_append(&sb, "null");
    bh_strbuf_append(&sb, ", \"demand\": ");
    if (p->cam.demand.layer)
        bh_strbuf_json(&sb, p->cam.demand.layer);
    else
        bh_strbuf_append(&sb, "\"crimes\"");
    bh_strbuf_append(&sb, "}");
    return bh_strbuf_take(&sb);
}

static void site_csv(bh_strbuf *sb, size_t k, const bh_cameras_site *t)
{
    bh_strbuf_printf(sb, "%zu,", k + 1);
    bh_strbuf_csv(sb, t->id);
    bh_strbuf_printf(sb, ",%.2f,%.2f,%.7f,%.7f,", t->x, t->y, t->lon, t->lat);
    bh_strbuf_csv(sb, t->chome);
    bh_strbuf_append(sb, ",");
    bh_strbuf_csv(sb, t->koban);
    bh_strbuf_printf(sb, ",%.6f,%.6f,%.6f\r\n", t->gain, t->cumulative, t->share);
}

static void site_json(bh_strbuf *sb, size_t k, const bh_cameras_site *t)
{
    bh_strbuf_printf(sb, "{\"rank\": %zu, \"id\": ", k + 1);
    bh_strbuf_json(sb, t->id);
    bh_strbuf_printf(sb,
                     ", \"x\": %.2f, \"y\": %.2f, \"lon\": %.7f, \"lat\": %.7f, \"chome\": ", t->x,
                     t->y, t->lon, t->lat);
    bh_strbuf_json(sb, t->chome);
    bh_strbuf_append(sb, ", \"koban\": ");
    bh_strbuf_json(sb, t->koban);
    bh_strbuf_printf(sb, ", \"gain\": %.6f, \"cumulative\": %.6f, \"share\": %.6f}", t->gain,
                     t->cumulative, t->share);
}

static void plan_table(bh_strbuf *sb, const bh_cameras_plan *pl, const plan_cli *p,
                       long long run_id, bh_out_format fmt)
{
    const bh_covering_summary *s = bh_cameras_plan_summary(pl);
    const char *solver = p->po.p.solver == BH_COVERING_EXACT ? "exact" : "greedy";
    size_t n = bh_cameras_plan_count(pl);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(sb, "%s\r\n", _("rank,id,x,y,lon,lat,chome,koban,gain,cumulative,share"));
    else if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(
            sb,
            "{\"objective\": %.6f, \"bound\": %.6f, \"gap\": %.6f, \"added\": %.6f, "
            "\"bound_added\": %.6f, \"gap_added\": %.6f, \"solver\": "
            "\"%s\", \"seconds\": %.3f, \"covered_before\": %.6f, "
            "\"covered_after\": %.6f, \"total\": %.6f, \"optimal\": %s, "
            "\"timed_out\": %s, \"swaps\": %d, \"candidates\": %zu, \"demand_points\": "
            "%zu, \"pairs\": %zu, \"run_id\": %lld, \"sample\": %s, \"sites\": [",
            s->objective, s->bound, s->gap, s->added, s->bound_added, s->gap_added, solver,
            s->seconds, s->covered_before, s->objective, s->total, s->optimal ? "true" : "false",
            s->timed_out ? "true" : "false", s->swaps, s->candidates, s->demand, s->pairs, run_id,
            bh_cameras_plan_is_sample(pl) ? "true" : "false");
    else
        bh_strbuf_append(sb, _("rank id                               x           y         lon   "
                               "     lat chome                koban              gain     cumul  "
                               "share\n"));
    for (size_t k = 0; k < n; k++) {
        const bh_cameras_site *t = bh_cameras_plan_site(pl, k);
        if (fmt == BH_OUT_CSV) {
            site_csv(sb, k, t);
        } else if (fmt == BH_OUT_JSON) {
            bh_strbuf_append(sb, k ? ",\n  " : "\n  ");
            site_json(sb, k, t);
        } else {
            bh_strbuf_printf(sb,
                             "%4zu %-22s %11.2f %11.2f %11.6f %10.6f %-20s %-14s %8.2f %9.2f "
                             "%5.1f%%\n",
                             k + 1, t->id, t->x, t->y, t->lon, t->lat, t->chome, t->koban, t->gain,
                             t->cumulative, 100 * t->share);
        }
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_append(sb, "]}\n");
    else if (fmt == BH_OUT_TEXT)
        bh_strbuf_printf(sb,
                         _("\n%s: %zu sites cover %.2f more (proven bound %.2f, gap %.3f%%)%s; "
                           "covered %.2f -> %.2f (objective; bound %.2f, gap %.3f%%) of %.2f "
                           "(%.1f%% -> %.1f%%); %.2f s; run %lld in camera_plan%s\n"),
                         solver, n, s->added, s->bound_added, s->gap_added,
                         s->optimal ? _(" (optimal)") : (s->timed_out ? _(" (time limit)") : ""),
                         s->covered_before, s->objective, s->bound, s->gap, s->total,
                         s->total > 0 ? 100 * s->covered_before / s->total : 0,
                         s->total > 0 ? 100 * s->objective / s->total : 0, s->seconds, run_id,
                         bh_cameras_plan_is_sample(pl) ? _("; SAMPLE DATA") : "");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* --out: the table as CSV, or the sites as GeoJSON (WGS 84, RFC 7946). */
static bh_status write_out(bh_cli *cli, const char *path, const bh_cameras_plan *pl,
                           const plan_cli *p)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (ends_with(path, ".geojson") || ends_with(path, ".json")) {
        bh_strbuf_append(&sb, "{\"type\": \"FeatureCollection\", \"features\": [");
        for (size_t k = 0; k < bh_cameras_plan_count(pl); k++) {
            const bh_cameras_site *t = bh_cameras_plan_site(pl, k);
            bh_strbuf_printf(&sb,
                             "%s\n{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", "
                             "\"coordinates\": [%.7f, %.7f]}, \"properties\": ",
                             k ? "," : "", t->lon, t->lat);
            site_json(&sb, k, t);
            bh_strbuf_append(&sb, "}");
        }
        bh_strbuf_append(&sb, "\n]}\n");
    } else {
        bh_strbuf_append(&sb, "\xEF\xBB\xBF");
        plan_table(&sb, pl, p, 0, BH_OUT_CSV);
    }
    FILE *f = sb.failed ? NULL : fopen(path, "wb");
    int ok = f && fwrite(sb.data, 1, sb.len, f) == sb.len;
    if (f && fclose(f) != 0)
        ok = 0;
    bh_strbuf_free(&sb);
    return ok ? BH_OK : bh_error(cli->ctx, BH_E_IO, "%s: cannot write", path);
}

/* Draws the plan with the camera-plan style; the public edition shows per-area figures only. */
static bh_status draw_map(bh_db *db, const plan_cli *p)
{
    bh_map_opts mo;
    bh_map_opts_init(&mo);
    mo.out = p->map;
    mo.style = "camera-plan";
    mo.by = "koban";
    mo.all_periods = 1;
    mo.from_ym = p->cam.demand.from_ym;
    mo.to_ym = p->cam.demand.to_ym;
    mo.types = p->cam.demand.types;
    mo.edition =
        p->edition && strcmp(p->edition, "internal") == 0 ? BH_MAP_INTERNAL : BH_MAP_PUBLIC;
    mo.record = 0;
    bh_map_result res;
    return bh_map_render(db, &mo, &res);
}

static int plan_parse(bh_cli *cli, int argc, char **argv, plan_cli *p)
{
    static const struct option longopts[] = {BH_CAM_LONGOPTS,
                                             {"add", required_argument, NULL, O_ADD},
                                             {"candidates", required_argument, NULL, O_CANDS},
                                             {"min-spacing", required_argument, NULL, O_SPACING},
                                             {"solver", required_argument, NULL, O_SOLVER},
                                             {"time-limit", required_argument, NULL, O_TIME},
                                             {"ignore-existing", no_argument, NULL, O_IGNORE},
                                             {"export-lp", required_argument, NULL, O_LP},
                                             {"out", required_argument, NULL, O_OUT},
                                             {"map", required_argument, NULL, O_MAP},
                                             {"edition", required_argument, NULL, O_ED},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c, rc;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            plan_usage(stdout);
            return -1;
        }
        if (c == '?') {
            plan_usage(stderr);
            return BH_EXIT_USAGE;
        }
        if ((rc = plan_option(cli, c, optarg, p)) != 0)
            return rc;
    }
    if (optind < argc)
        return bh_cli_usage_error("cameras plan", "unexpected argument '%s'", argv[optind]);
    if (p->po.p.k < 1)
        return bh_cli_usage_error("cameras plan", "--add K is required (K >= 1)");
    if (p->map && !ends_with(p->map, ".pdf") && !ends_with(p->map, ".png") &&
        !ends_with(p->map, ".svg"))
        return bh_cli_usage_error("cameras plan", "--map '%s': expected a .pdf, .png or .svg file",
                                  p->map);
    if (p->out && !ends_with(p->out, ".csv") && !ends_with(p->out, ".geojson") &&
        !ends_with(p->out, ".json"))
        return bh_cli_usage_error("cameras plan", "--out '%s': expected a .csv or .geojson file",
                                  p->out);
    return bh_cli_cam_check("cameras plan", &p->cam);
}

int bh_cli_cameras_plan(bh_cli *cli, int argc, char **argv)
{
    plan_cli p = {0};
    bh_cli_cam_init(&p.cam);
    p.po.p.time_limit = -1;
    int rc = plan_parse(cli, argc, argv, &p);
    if (rc != 0)
        return rc < 0 ? BH_EXIT_OK : rc;
    if (p.po.p.time_limit < 0)
        p.po.p.time_limit = p.po.p.solver == BH_COVERING_EXACT ? 60 : 5;
    p.po.p.radius = p.cam.radius;
    p.po.which = p.cam.which;
    bh_db *db = NULL;
    if ((rc = bh_cli_open_db(cli, 0, &db)) != 0)
        return rc;
    bh_cameras_demand *d = NULL;
    bh_cameras_plan *pl = NULL;
    long long run_id = 0;
    char *params = params_json(&p);
    bh_status st = params ? bh_cameras_demand_build(db, &p.cam.demand, &d)
                          : bh_error(cli->ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = bh_cameras_plan_run(db, d, &p.po, &pl);
    if (st == BH_OK && p.out)
        st = write_out(cli, p.out, pl, &p);
    if (st == BH_OK)
        st = bh_cameras_plan_save(db, pl, params, &run_id);
    if (st == BH_OK && p.map)
        st = draw_map(db, &p);
    if (st == BH_OK) {
        bh_strbuf sb;
        bh_strbuf_init(&sb);
        plan_table(&sb, pl, &p, run_id, p.cam.fmt);
        bh_cli_emit(p.cam.fmt, sb.data ? sb.data : "");
        bh_strbuf_free(&sb);
    }
    bh_free(params);
    bh_cameras_plan_destroy(pl);
    bh_cameras_demand_destroy(d);
    bh_db_close(db);
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

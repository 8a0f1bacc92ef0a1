/* bohan refuges coverage | import | suggest: argument parsing and printing only; the work is in
 * analysis/refuges (include/bohan/refuges.h). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/refuges.h"
#include "cli/cli.h"
#include "bohan/io.h"

static void coverage_usage(FILE *f)
{
    fputs(
        _("usage: bohan refuges coverage [--by KIND] [--radius M] [--format text|csv|json]\n\n"
          "こども110番の家 per area: houses, area km², houses per km², population (area-weighted\n"
          "from the 町丁目), houses per 1,000 residents, the share of the area and of the\n"
          "residents within M metres of a house (exact: buffered union ∩ area), and the largest\n"
          "gap (the farthest any point of the area is from its nearest house) with where it is.\n"
          "Ranked worst first, with a city total row. Writes the uncovered parts as the layer\n"
          "refuge_gaps (one transaction).\n\n"
          "  --by KIND      school-district (default), chome, oaza or koban\n"
          "  --radius M     reach of one house in metres (default 100)\n"
          "  --format F     text (default), csv (UTF-8 with BOM) or json\n"
          "  --suggest N    also propose N recruiting spots covering the most residents not\n"
          "                 yet within reach (the covering solver of `bohan cameras plan`;\n"
          "                 residents on a 25 m grid, candidate spots on a 50 m grid). With\n"
          "                 csv or json only the spots are printed\n"
          "  --help         this text\n"),
        f);
}

/* NaN → JSON null / empty CSV cell / "-". */
static void num(bh_strbuf *sb, bh_out_format fmt, const char *f, double v)
{
    if (isnan(v))
        bh_strbuf_append(sb, fmt == BH_OUT_JSON ? "null" : fmt == BH_OUT_CSV ? "" : "-");
    else
        bh_strbuf_printf(sb, f, v);
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

static void coverage_row(bh_strbuf *sb, bh_out_format fmt, const bh_refuge_row *r, int sample,
                         int first)
{
    double km2 = r->area_m2 / 1e6, cov = ratio(r->covered_m2, r->area_m2);
    double pcov = ratio(r->covered_pop, r->population);
    if (fmt == BH_OUT_CSV) {
        bh_strbuf_csv(sb, r->name);
        bh_strbuf_printf(sb, ",%ld,%.4f,", r->houses, km2);
        num(sb, fmt, "%.2f", ratio((double)r->houses, km2));
        bh_strbuf_printf(sb, ",%.0f,", r->population);
        num(sb, fmt, "%.3f", ratio((double)r->houses * 1000, r->population));
        bh_strbuf_append(sb, ",");
        num(sb, fmt, "%.4f", cov);
        bh_strbuf_append(sb, ",");
        num(sb, fmt, "%.4f", pcov);
        bh_strbuf_printf(sb, ",%.1f,", r->gap_m);
        num(sb, fmt, "%.1f", r->gap_x);
        bh_strbuf_append(sb, ",");
        num(sb, fmt, "%.1f", r->gap_y);
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, r->gap_chome);
        bh_strbuf_append(sb, sample ? ",1\r\n" : "\r\n");
    } else if (fmt == BH_OUT_JSON) {
        bh_strbuf_append(sb, first ? "{\"name\": " : ",\n  {\"name\": ");
        bh_strbuf_json(sb, r->name);
        bh_strbuf_printf(
            sb, ", \"houses\": %ld, \"area_km2\": %.4f, \"houses_per_km2\": ", r->houses, km2);
        num(sb, fmt, "%.3f", ratio((double)r->houses, km2));
        bh_strbuf_printf(sb, ", \"population\": %.1f, \"houses_per_1000\": ", r->population);
        num(sb, fmt, "%.4f", ratio((double)r->houses * 1000, r->population));
        bh_strbuf_append(sb, ", \"covered_share\": ");
        num(sb, fmt, "%.6f", cov);
        bh_strbuf_append(sb, ", \"population_share\": ");
        num(sb, fmt, "%.6f", pcov);
        bh_strbuf_printf(sb, ", \"covered_m2\": %.3f, \"largest_gap_m\": %.4f, \"gap_x\": ",
                         r->covered_m2, r->gap_m);
        num(sb, fmt, "%.4f", r->gap_x);
        bh_strbuf_append(sb, ", \"gap_y\": ");
        num(sb, fmt, "%.4f", r->gap_y);
        bh_strbuf_append(sb, ", \"gap_chome\": ");
        bh_strbuf_json(sb, r->gap_chome);
        bh_strbuf_append(sb, "}");
    } else {
        bh_strbuf_printf(sb, "%-*s %6ld %7.2f %7.1f %8.0f %7.2f %6.1f%% %6.1f%% %7.0f  ",
                         /* pad by display columns: a Japanese character is 3 bytes, 2 columns */
                         (int)(strlen(r->name) / 3 * 2 < 18 ? 18 + strlen(r->name) / 3 : 18),
                         r->name, r->houses, km2, ratio((double)r->houses, km2), r->population,
                         ratio((double)r->houses * 1000, r->population), cov * 100, pcov * 100,
                         r->gap_m);
        if (!isnan(r->gap_x))
            bh_strbuf_printf(sb, "(%.0f, %.0f) %s", r->gap_x, r->gap_y, r->gap_chome);
        bh_strbuf_append(sb, "\n");
    }
}

static void coverage_print(const bh_refuge_table *t, bh_out_format fmt, const char *by)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    int sample = bh_refuge_table_sample(t);
    size_t n = bh_refuge_table_count(t);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s%s\r\n",
                         _("name,houses,area_km2,houses_per_km2,population,houses_per_1000,"
                           "covered_share,population_share,largest_gap_m,gap_x,gap_y,gap_chome"),
                         sample ? _(",sample") : "");
    else if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(&sb, "{\"by\": \"%s\", \"radius_m\": %g, \"sample\": %s,\n \"areas\": [",
                         by, bh_refuge_table_radius(t), sample ? "true" : "false");
    else
        bh_strbuf_printf(&sb,
                         _("%-18s houses     km2 per_km2      pop per1000   area%%    pop%%   "
                           "gap_m  gap at (x, y)\n"),
                         bh_refuge_table_kind_title(t));
    for (size_t i = 0; i < n; i++)
        coverage_row(&sb, fmt, bh_refuge_table_row(t, i), sample, i == 0);
    if (fmt == BH_OUT_JSON) {
        bh_strbuf_append(&sb, "],\n \"total\": ");
        coverage_row(&sb, fmt, bh_refuge_table_total(t), sample, 1);
        bh_strbuf_append(&sb, "}\n");
    } else {
        if (fmt == BH_OUT_TEXT)
            bh_strbuf_append(&sb, "\n");
        coverage_row(&sb, fmt, bh_refuge_table_total(t), sample, 0);
    }
    if (fmt == BH_OUT_TEXT)
        bh_strbuf_printf(&sb,
                         _("\n%zu areas, radius %g m, worst first; gaps written to "
                           "refuge_gaps%s\n"),
                         n, bh_refuge_table_radius(t), sample ? _("; SAMPLE DATA") : "");
    bh_cli_emit((bh_out_format)fmt, sb.data ? sb.data : "");
    bh_strbuf_free(&sb);
}

static void suggest_print(const bh_refuge_suggestions *s, bh_out_format fmt, double radius)
{
    double total, before, bound;
    bh_refuge_suggestions_totals(s, &total, &before, &bound);
    size_t n = bh_refuge_suggestions_count(s);
    double gained = n ? bh_refuge_suggestions_spot(s, n - 1)->cumulative : 0;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s\r\n",
                         _("rank,x,y,lon,lat,area,chome,residents_gained,cumulative"));
    else if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(&sb,
                         "{\"radius_m\": %g, \"residents\": %.1f, \"covered_before\": %.1f, "
                         "\"covered_after\": %.1f, \"upper_bound_gain\": %.1f, \"spots\": [",
                         radius, total, before, before + gained, bound);
    else
        bh_strbuf_printf(&sb,
                         _("\n%zu recruiting spots (radius %g m): residents within reach %.0f -> "
                           "%.0f of %.0f (+%.0f; no %zu spots can add more than %.0f)\n"
                           "rank        x         y        lon       lat  gained  area / 町丁目\n"),
                         n, radius, before, before + gained, total, gained, n, bound);
    for (size_t i = 0; i < n; i++) {
        const bh_refuge_spot *p = bh_refuge_suggestions_spot(s, i);
        if (fmt == BH_OUT_CSV) {
            bh_strbuf_printf(&sb, "%zu,%.1f,%.1f,%.6f,%.6f,", i + 1, p->x, p->y, p->lon, p->lat);
            bh_strbuf_csv(&sb, p->area);
            bh_strbuf_append(&sb, ",");
            bh_strbuf_csv(&sb, p->chome);
            bh_strbuf_printf(&sb, ",%.1f,%.1f\r\n", p->gain, p->cumulative);
        } else if (fmt == BH_OUT_JSON) {
            bh_strbuf_printf(&sb,
                             "%s\n  {\"rank\": %zu, \"x\": %.1f, \"y\": %.1f, \"lon\": %.6f, "
                             "\"lat\": %.6f, \"area\": ",
                             i ? "," : "", i + 1, p->x, p->y, p->lon, p->lat);
            bh_strbuf_json(&sb, p->area);
            bh_strbuf_append(&sb, ", \"chome\": ");
            bh_strbuf_json(&sb, p->chome);
            bh_strbuf_printf(&sb, ", \"residents_gained\": %.1f, \"cumulative\": %.1f}", p->gain,
                             p->cumulative);
        } else
            bh_strbuf_printf(&sb, "%4zu %9.0f %9.0f %10.5f %9.5f %7.0f  %s / %s\n", i + 1, p->x,
                             p->y, p->lon, p->lat, p->gain, p->area, p->chome);
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, "]}\n");
    bh_cli_emit(fmt, sb.data ? sb.data : "");
    bh_strbuf_free(&sb);
}

static int refuges_coverage(bh_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},     {"radius", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'F'}, {"suggest", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    bh_refuge_opts o = {.by = "school-district", .radius_m = 100, .write_gaps = 1};
    int fmt = BH_OUT_TEXT, c;
    long suggest = 0;
    char *end;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'b':
            o.by = optarg;
            break;
        case 'r':
            o.radius_m = strtod(optarg, &end);
            if (end == optarg || *end || !(o.radius_m > 0 && o.radius_m <= 10000))
                return bh_cli_usage_error("refuges coverage",
                                          "--radius '%s': expected metres in (0, 10000]", optarg);
            break;
        case 'F':
            if ((fmt = bh_cli_parse_format(optarg)) < 0)
                return bh_cli_usage_error("refuges coverage", "unknown --format '%s'", optarg);
            break;
        case 's':
            suggest = strtol(optarg, &end, 10);
            if (end == optarg || *end || suggest < 1 || suggest > 1000)
                return bh_cli_usage_error("refuges coverage",
                                          "--suggest '%s': expected a count 1..1000", optarg);
            break;
        case 'h':
            coverage_usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("refuges coverage", "bad option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("refuges coverage", "unexpected argument '%s'", argv[optind]);
    if (strcmp(o.by, "school-district") && strcmp(o.by, "chome") && strcmp(o.by, "oaza") &&
        strcmp(o.by, "koban"))
        return bh_cli_usage_error(
            "refuges coverage", "--by '%s': expected school-district, chome, oaza or koban", o.by);
    bh_db *db = NULL;
    int ex = bh_cli_open_db(cli, 0, &db);
    if (ex != 0)
        return ex;
    bh_refuge_table *t = NULL;
    bh_status st = bh_refuges_coverage(db, &o, &t);
    bh_refuge_suggestions *sg = NULL;
    bh_refuge_suggest_opts so = {.by = o.by, .radius_m = o.radius_m, .n = (int)suggest};
    if (st == BH_OK && suggest)
        st = bh_refuges_suggest(db, &so, &sg);
    /* With --suggest, CSV and JSON print the suggestions only (one table per file). */
    if (st == BH_OK && (!suggest || fmt == BH_OUT_TEXT))
        coverage_print(t, (bh_out_format)fmt, o.by);
    if (st == BH_OK && suggest) {
        suggest_print(sg, (bh_out_format)fmt, o.radius_m);
    }
    bh_refuge_suggestions_destroy(sg);
    bh_refuge_table_destroy(t);
    bh_db_close(db);
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

static void import_usage(FILE *f)
{
    fputs(_("usage: bohan refuges import FILE.csv|FILE.xlsx [--replace] [--encoding ENC]\n\n"
            "Reads the city's こども110番の家 register (one row per house; columns 番号, 名称 or\n"
            "氏名, 住所, 学校名, 登録年度 and, where known, 経度/緯度 in JGD2011) into "
            "refuge_houses.\n"
            "Each house is placed by its coordinates, else by its address: the 街区 point of the\n"
            "gaiku_points layer (街区レベル位置参照情報, when imported), else its 町丁目's\n"
            "representative point; the placement is recorded per house. Rows that cannot be\n"
            "placed are kept without a position and listed with line and reason. One\n"
            "transaction: a bad file leaves the database unchanged.\n\n"
            "  --replace        replace the houses already in the database (required when any)\n"
            "  --encoding ENC   CSV text encoding: CP932 or UTF-8 (default: detected)\n"
            "  --help           this text\n"),
          f);
}

/* The meaning of a placement reason for the officer; the code itself stays beside it (it is
 * what the placement column of refuge_houses holds). */
static const char *import_reason_text(const char *reason)
{
    static const char *const texts[][2] = {
        {"bad_coordinates", N_("the coordinates cannot be read")},
        {"outside_city", N_("the coordinates lie outside the city")},
        {"oaza_only", N_("the address names only a 大字 (丁目 unknown)")},
        {"unknown_chome", N_("the address matches no 町丁目 of the city")},
        {"no_address", N_("neither an address nor coordinates")},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (strcmp(reason, texts[i][0]) == 0)
            return _(texts[i][1]);
    return "";
}

static void import_print(const bh_refuge_import_report *r, const char *path)
{
    static const char *const kinds[] = {"coordinates", "gaiku", "chome", "unplaced"};
    static const char *const labels[] = {"座標", "街区", "町丁目代表点", "位置不明"};
    printf(_("%s (%s): %ld rows\n"), path, bh_refuge_import_encoding(r), bh_refuge_import_rows(r));
    for (size_t i = 0; i < 4; i++)
        printf("  %-12s %-14s %6ld\n", kinds[i], labels[i], bh_refuge_import_placed(r, kinds[i]));
    size_t n = bh_refuge_import_unplaced_count(r);
    if (n)
        fputs(_("unplaced rows (kept without a position):\n"), stdout);
    for (size_t i = 0; i < n; i++) {
        const char *reason, *addr;
        long line = bh_refuge_import_unplaced(r, i, &reason, &addr);
        printf(_("  %s: line %ld: %s: %s  %s\n"), path, line, reason,
               *addr ? addr : _("(no address)"), import_reason_text(reason));
    }
}

static int refuges_import(bh_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {{"replace", no_argument, NULL, 'r'},
                                             {"encoding", required_argument, NULL, 'e'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    bh_refuge_import_opts o = {0};
    int c;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'r')
            o.replace = 1;
        else if (c == 'e')
            o.encoding = optarg;
        else if (c == 'h')
            return import_usage(stdout), BH_EXIT_OK;
        else
            return bh_cli_usage_error("refuges import", "bad option");
    }
    if (argc - optind != 1)
        return bh_cli_usage_error("refuges import", "give exactly one FILE");
    bh_db *db = NULL;
    int ex = bh_cli_open_db(cli, 0, &db);
    if (ex != 0)
        return ex;
    const bh_io *io = NULL;
    bh_refuge_import_report *rep = NULL;
    bh_status st = bh_ctx_io(cli->ctx, &io);
    if (st == BH_OK)
        st = io->refuges_import(db, argv[optind], &o, &rep);
    if (st == BH_OK)
        import_print(rep, argv[optind]);
    bh_refuge_import_report_destroy(rep);
    bh_db_close(db);
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

static const bh_cli_command refuges_commands[] = {
    {"coverage", refuges_coverage, N_("houses, coverage and largest gap per area; refuge_gaps")},
    {"import", refuges_import, N_("import the register (CSV or XLSX), placing each house")},
};

int bh_cli_refuges(bh_cli *cli, int argc, char **argv)
{
    return bh_cli_dispatch(cli, "refuges", "こども110番の家:", refuges_commands,
                           sizeof refuges_commands / sizeof *refuges_commands, argc, argv);
}

/* bohan crimes summary | hotspots | koban: argument parsing and printing only; the work is in
 * crimes/summary, crimes/koban, crimes/hotspots. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/coltab.h"
#include "cli/cli.h"
#include "bohan/hotspots.h"
#include "bohan/koban.h"
#include "bohan/summary.h"

static int parse_breaks(const char *s, double *b)
{
    char *end;
    for (int i = 0; i < 4; i++) {
        b[i] = strtod(s, &end);
        if (end == s || (i < 3 && *end != ',') || (i == 3 && *end != '\0') ||
            (i > 0 && !(b[i] > b[i - 1])))
            return -1;
        s = end + 1;
    }
    return 0;
}

static void ym_text(char *buf, size_t n, int ym)
{
    if (ym)
        snprintf(buf, n, "%04d-%02d", ym / 100, ym % 100);
    else
        snprintf(buf, n, "-");
}

/* ---- summary ---------------------------------------------------------------------------- */

static void summary_usage(FILE *f)
{
    fputs(
        _("usage: bohan crimes summary [--by KIND] [--from YYYY-MM] [--to YYYY-MM] "
          "[--types LIST]\n"
          "                            [--risk-breaks A,B,C,D] [--format text|csv|json]\n\n"
          "Crimes per area for a period: population, count per 手口, total, per 1,000\n"
          "residents, 市内対比危険度 (1-5), previous-year total and change (前年比).\n\n"
          "  --by KIND          chome (default), oaza, koban, school-district, grid:METRES\n"
          "  --from, --to       first and last month (default: all the data)\n"
          "  --types LIST       comma-separated 手口 to count (default: all)\n"
          "  --risk-breaks L    4 increasing ratio breaks (reuse an earlier edition's)\n"
          "  --format F         text (default), csv (UTF-8 with BOM) or json\n"
          "  --help             this text\n\n"
          "Rows known only to the 大字 appear as '<大字>（大字のみ）' rows, count-table rows by\n"
          "交番 or for the whole city in their own rows, unplaceable rows as '（位置不明）'; the\n"
          "areas add up to every in-city row of the period.\n"),
        f);
}

/* The terminal table: columns aligned by display width (全角 = 2 columns, bohan/coltab.h). */
static void summary_table(bh_strbuf *sb, const bh_summary *s)
{
    size_t nt = bh_summary_n_types(s), n = bh_summary_n_areas(s), nc = nt + 8;
    bh_coltab *t = bh_coltab_create(nc);
    char **cells = calloc(nc, sizeof *cells);
    int bad = !t || !cells;
    for (size_t c = 2; t && c < nc; c++)
        bh_coltab_right(t, c);
    const char *head[] = {N_("id"),      N_("name"), N_("pop"),  N_("total"),
                          N_("per1000"), N_("risk"), N_("prev"), N_("change")};
    for (size_t c = 0; !bad && c < nc; c++)
        cells[c] = bh_cli_printf("%s", c < 3        ? _(head[c])
                                       : c < 3 + nt ? bh_summary_type_name(s, c - 3)
                                                    : _(head[c - nt]));
    for (size_t i = 0; !bad && i <= n; i++) {
        bad |= bh_coltab_add(t, (const char *const *)cells) != 0;
        for (size_t c = 0; c < nc; c++) {
            free(cells[c]);
            cells[c] = NULL;
        }
        if (i == n || bad)
            break;
        long total = bh_summary_total(s, i), prev = bh_summary_prev_total(s, i);
        double p1k = bh_summary_per_1000(s, i);
        cells[0] = bh_cli_printf("%s", bh_summary_area_id(s, i));
        cells[1] = bh_cli_printf("%s", bh_summary_area_name(s, i));
        cells[2] = bh_cli_printf("%.0f", bh_summary_population(s, i));
        for (size_t k = 0; k < nt; k++)
            cells[3 + k] = bh_cli_printf("%ld", bh_summary_count(s, i, k));
        cells[3 + nt] = bh_cli_printf("%ld", total);
        cells[4 + nt] = isnan(p1k) ? bh_cli_printf("%s", "-") : bh_cli_printf("%.2f", p1k);
        cells[5 + nt] = bh_cli_printf("%d", bh_summary_risk_level(s, i));
        cells[6 + nt] = prev >= 0 ? bh_cli_printf("%ld", prev) : bh_cli_printf("%s", "-");
        cells[7 + nt] = prev >= 0 ? bh_cli_printf("%+ld", total - prev) : bh_cli_printf("%s", "-");
    }
    if (!bad)
        bh_coltab_write(t, sb, 1);
    else
        bh_strbuf_append(sb, _("(out of memory)\n"));
    for (size_t c = 0; cells && c < nc; c++)
        free(cells[c]);
    free(cells);
    bh_coltab_destroy(t);
}

/* What a summary row is, for a spreadsheet's filter: area (an area of --by), group (町丁目
 * sharing one name, counted as one), oaza_only / koban_only (remainders known to the 大字 / 交番
 * only), city (city-wide counts: （市全体・地区不明）), unlocated. */
static const char *row_kind(const char *id)
{
    if (strcmp(id, "city") == 0)
        return "city";
    if (strcmp(id, "unlocated") == 0)
        return "unlocated";
    if (strncmp(id, "oaza:", 5) == 0)
        return "oaza_only";
    if (strncmp(id, "koban:", 6) == 0)
        return "koban_only";
    return strchr(id, '+') ? "group" : "area";
}

/* The header of a summary: CSV columns, the JSON object's head, or the text columns. */
static void summary_head(bh_strbuf *sb, const bh_summary *s, bh_out_format fmt, const char *from,
                         const char *to)
{
    size_t nt = bh_summary_n_types(s);
    const double *b = bh_summary_risk_breaks(s);
    if (fmt == BH_OUT_CSV) {
        bh_strbuf_append(sb, _("id,name,population"));
        for (size_t t = 0; t < nt; t++) {
            bh_strbuf_append(sb, ",");
            bh_strbuf_csv(sb, bh_summary_type_name(s, t));
        }
        /* Sample data gets a trailing "sample" column (1 on every row), so a spreadsheet made from
         * it can never pass for real figures. */
        bh_strbuf_append(sb, _(",total,per_1000,risk_level,prev_total,change,kind"));
        bh_strbuf_append(sb, bh_summary_is_sample(s) ? _(",sample") : "");
        bh_strbuf_append(sb, "\r\n");
    } else if (fmt == BH_OUT_JSON) {
        bh_strbuf_printf(sb,
                         "{\"from\": \"%s\", \"to\": \"%s\", \"sample\": %s, \"risk\": "
                         "{\"method\": ",
                         from, to, bh_summary_is_sample(s) ? "true" : "false");
        bh_strbuf_json(sb, bh_summary_risk_method(s));
        bh_strbuf_printf(sb, ", \"breaks\": [%g, %g, %g, %g]}, \"types\": [", b[0], b[1], b[2],
                         b[3]);
        for (size_t t = 0; t < nt; t++) {
            bh_strbuf_append(sb, t ? ", " : "");
            bh_strbuf_json(sb, bh_summary_type_name(s, t));
        }
        bh_strbuf_append(sb, "],\n \"areas\": [");
    } else {
        summary_table(sb, s); /* header and rows */
    }
}

/* Row i of a CSV or JSON summary (text rows are summary_table's). */
static void summary_row(bh_strbuf *sb, const bh_summary *s, size_t i, bh_out_format fmt)
{
    size_t nt = bh_summary_n_types(s);
    long total = bh_summary_total(s, i), prev = bh_summary_prev_total(s, i);
    double p1k = bh_summary_per_1000(s, i), pop = bh_summary_population(s, i);
    char p1k_s[32] = "", prev_s[32] = "", chg_s[32] = "";
    if (!isnan(p1k))
        snprintf(p1k_s, sizeof p1k_s, "%.2f", p1k);
    if (prev >= 0) {
        snprintf(prev_s, sizeof prev_s, "%ld", prev);
        snprintf(chg_s, sizeof chg_s, "%+ld", total - prev);
    }
    if (fmt == BH_OUT_CSV) {
        bh_strbuf_csv(sb, bh_summary_area_id(s, i));
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, bh_summary_area_name(s, i));
        bh_strbuf_printf(sb, ",%.0f", pop);
        for (size_t t = 0; t < nt; t++)
            bh_strbuf_printf(sb, ",%ld", bh_summary_count(s, i, t));
        bh_strbuf_printf(sb, ",%ld,%s,%d,%s,%s,%s%s\r\n", total, p1k_s, bh_summary_risk_level(s, i),
                         prev_s, chg_s, row_kind(bh_summary_area_id(s, i)),
                         bh_summary_is_sample(s) ? ",1" : "");
    } else if (fmt == BH_OUT_JSON) {
        bh_strbuf_append(sb, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        bh_strbuf_json(sb, bh_summary_area_id(s, i));
        bh_strbuf_append(sb, ", \"name\": ");
        bh_strbuf_json(sb, bh_summary_area_name(s, i));
        bh_strbuf_printf(sb, ", \"kind\": \"%s\"", row_kind(bh_summary_area_id(s, i)));
        bh_strbuf_printf(sb, ", \"population\": %.1f, \"counts\": {", pop);
        for (size_t t = 0; t < nt; t++) {
            bh_strbuf_append(sb, t ? ", " : "");
            bh_strbuf_json(sb, bh_summary_type_name(s, t));
            bh_strbuf_printf(sb, ": %ld", bh_summary_count(s, i, t));
        }
        bh_strbuf_printf(sb,
                         "}, \"total\": %ld, \"per_1000\": %s, \"risk_level\": %d, "
                         "\"prev_total\": %s, \"change\": %s}",
                         total, *p1k_s ? p1k_s : "null", bh_summary_risk_level(s, i),
                         *prev_s ? prev_s : "null", *chg_s ? chg_s + (*chg_s == '+') : "null");
    }
}

static void summary_text(bh_strbuf *sb, const bh_summary *s, bh_out_format fmt)
{
    size_t n = bh_summary_n_areas(s);
    const double *b = bh_summary_risk_breaks(s);
    char from[16], to[16];
    ym_text(from, sizeof from, bh_summary_from_ym(s));
    ym_text(to, sizeof to, bh_summary_to_ym(s));
    long grand = 0;
    summary_head(sb, s, fmt, from, to);
    for (size_t i = 0; i < n; i++) {
        grand += bh_summary_total(s, i);
        summary_row(sb, s, i, fmt);
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(sb, "%s],\n \"total\": %ld}\n", n ? "\n " : "", grand);
    else if (fmt == BH_OUT_TEXT)
        bh_strbuf_printf(sb,
                         _("\n%zu areas, %ld crimes, %s..%s; 危険度 %s breaks %g %g %g %g "
                           "(area rate / city rate of 窃盗4罪種)%s\n"),
                         n, grand, from, to, bh_summary_risk_method(s), b[0], b[1], b[2], b[3],
                         bh_summary_is_sample(s) ? _("; SAMPLE DATA") : "");
}

typedef struct summary_args {
    const bh_summary_opts *o;
    int fmt;
} summary_args;

static bh_status summary_run(bh_cli *cli, bh_db *db, void *user)
{
    const summary_args *x = user;
    bh_summary *s = NULL;
    bh_status st = bh_summary_compute(db, x->o, &s);
    if (st == BH_OK) {
        bh_strbuf sb;
        bh_strbuf_init(&sb);
        summary_text(&sb, s, (bh_out_format)x->fmt);
        if (sb.failed)
            st = bh_error(cli->ctx, BH_E_NOMEM, "out of memory");
        else
            bh_cli_emit((bh_out_format)x->fmt, sb.data);
        bh_strbuf_free(&sb);
    }
    bh_summary_destroy(s);
    return st;
}

int bh_cli_crimes_summary(bh_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, NULL, 'b'},     {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},     {"types", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'F'}, {"risk-breaks", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    bh_summary_opts o = {.no_geometry = 1}; /* figures only */
    const char *by = "chome";
    int fmt = BH_OUT_TEXT, c, rc;
    double breaks[4];
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'b':
            by = optarg;
            break;
        case 'f':
        case 't':
            if ((rc = bh_cli_month(cli, "crimes summary", c == 'f' ? "--from" : "--to", optarg,
                                   c == 'f' ? &o.from_ym : &o.to_ym)) >= 0)
                return rc;
            break;
        case 'y':
            o.types = optarg;
            break;
        case 'F':
            if ((fmt = bh_cli_parse_format(optarg)) < 0)
                return bh_cli_usage_error("crimes summary", "unknown --format '%s'", optarg);
            break;
        case 'r':
            if (parse_breaks(optarg, breaks) != 0)
                return bh_cli_usage_error(
                    "crimes summary", "--risk-breaks '%s': expected 4 increasing numbers", optarg);
            o.risk_breaks = breaks;
            break;
        case 'h':
            summary_usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("crimes summary", "bad option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("crimes summary", "unexpected argument '%s'", argv[optind]);
    bh_status st = bh_summary_parse_by(cli->ctx, by, &o);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    summary_args x = {&o, fmt};
    return bh_cli_with_db(cli, BH_DB_READONLY, summary_run, &x);
}

/* ---- koban ------------------------------------------------------------------------------ */

static void koban_usage(FILE *f)
{
    fputs(_("usage: bohan crimes koban [--no-derive] [--format text|csv|json]\n\n"
            "Derives 交番管内 (layer koban_areas) from the 管轄交番 named by the crime rows and\n"
            "lists it: each 町丁目 goes to the 交番 most of its rows name (ties: name order),\n"
            "町丁目 without rows to the 交番 with the longest shared boundary, islands to the\n"
            "nearest; then ST_Union per 交番. An imported koban_areas layer is kept as is.\n\n"
            "  --no-derive   only list the layer\n"
            "  --format F    text (default), csv (UTF-8 with BOM) or json\n"
            "  --help        this text\n"),
          f);
}

/* Prints the 交番管内 list in the chosen format. */
static void koban_print(const bh_koban_list *l, int fmt)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    size_t n = bh_koban_list_count(l);
    const char *src = bh_koban_list_source(l), *kind = bh_koban_list_kind(l);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s\r\n", _("name,police_station,area_km2,derived_from"));
    else if (fmt == BH_OUT_JSON) {
        bh_strbuf_append(&sb, "{\"source\": ");
        bh_strbuf_json(&sb, src ? src : "");
        bh_strbuf_append(&sb, ", \"kind\": ");
        bh_strbuf_json(&sb, kind ? kind : "");
        bh_strbuf_append(&sb, ", \"areas\": [");
    } else
        bh_strbuf_append(&sb, _("name                 police_station             km2  "
                                "derived_from\n"));
    for (size_t i = 0; i < n; i++) {
        const char *name = bh_koban_list_name(l, i), *ps = bh_koban_list_station(l, i),
                   *df = bh_koban_list_derived_from(l, i);
        double km2 = bh_koban_list_area_m2(l, i) / 1e6;
        if (fmt == BH_OUT_CSV) {
            bh_strbuf_csv(&sb, name);
            bh_strbuf_append(&sb, ",");
            bh_strbuf_csv(&sb, ps ? ps : "");
            bh_strbuf_printf(&sb, ",%.3f,", km2);
            bh_strbuf_csv(&sb, df ? df : "");
            bh_strbuf_append(&sb, "\r\n");
        } else if (fmt == BH_OUT_JSON) {
            bh_strbuf_append(&sb, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
            bh_strbuf_json(&sb, name);
            bh_strbuf_append(&sb, ", \"police_station\": ");
            bh_strbuf_json(&sb, ps ? ps : "");
            bh_strbuf_printf(&sb, ", \"area_km2\": %.3f, \"derived_from\": ", km2);
            bh_strbuf_json(&sb, df ? df : "");
            bh_strbuf_append(&sb, "}");
        } else
            bh_strbuf_printf(&sb, "%-20s %-20s %9.3f  %s\n", name, ps ? ps : "-", km2,
                             df ? df : "");
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, n ? "\n]}\n" : "]}\n");
    else if (fmt == BH_OUT_TEXT)
        bh_strbuf_printf(&sb, _("\n%zu 交番管内, source %s, kind %s\n"), n, src ? src : "-",
                         kind ? kind : "-");
    if (!sb.failed)
        bh_cli_emit((bh_out_format)fmt, sb.data);
    bh_strbuf_free(&sb);
}

typedef struct koban_args {
    int derive, fmt;
} koban_args;

static bh_status koban_run(bh_cli *cli, bh_db *db, void *user)
{
    (void)cli;
    const koban_args *x = user;
    bh_status st = x->derive ? bh_koban_derive(db) : BH_OK;
    bh_koban_list *l = NULL;
    if (st == BH_OK)
        st = bh_koban_list_load(db, &l);
    if (st == BH_OK)
        koban_print(l, x->fmt);
    bh_koban_list_destroy(l);
    return st;
}

int bh_cli_crimes_koban(bh_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'F'},
                                             {"no-derive", no_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int fmt = BH_OUT_TEXT, c, derive = 1;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'F' && (fmt = bh_cli_parse_format(optarg)) < 0)
            return bh_cli_usage_error("crimes koban", "unknown --format '%s'", optarg);
        else if (c == 'n')
            derive = 0;
        else if (c == 'h') {
            koban_usage(stdout);
            return BH_EXIT_OK;
        } else if (c != 'F')
            return bh_cli_usage_error("crimes koban", "bad option");
    }
    if (optind < argc)
        return bh_cli_usage_error("crimes koban", "unexpected argument '%s'", argv[optind]);
    koban_args x = {derive, fmt};
    return bh_cli_with_db(cli, derive ? 0 : BH_DB_READONLY, koban_run, &x);
}

/* ---- hotspots --------------------------------------------------------------------------- */

static void hotspots_usage(FILE *f)
{
    fputs(_("usage: bohan crimes hotspots --method kde|gistar [--by KIND] [--from YYYY-MM]\n"
            "         [--to YYYY-MM] [--types LIST] [--bandwidth M] [--cell M]\n"
            "         [--permutations N] [--seed N] [--alpha A] [--weights W]\n"
            "         [--format text|csv|json]\n\n"
            "Writes hot-spot layers: kde → table hotspot_kde (Gaussian kernel density on a grid;\n"
            "each crime at its 町丁目's PointOnSurface), gistar → table hotspot_gistar\n"
            "(Getis-Ord Gi* per area: z, p_sim from conditional permutations, class "
            "hot/cold/none).\n\n"
            "  --method M         kde or gistar (required)\n"
            "  --by KIND          gistar areas: chome (default), oaza, koban, school-district,\n"
            "                     grid:METRES\n"
            "  --from, --to       first and last month (default: all the data)\n"
            "  --types LIST       comma-separated 手口 (default: all)\n"
            "  --bandwidth M      kde bandwidth in metres (default 300)\n"
            "  --cell M           kde cell size in metres (default 100)\n"
            "  --permutations N   gistar permutations (default 999)\n"
            "  --seed N           gistar random seed (default 1)\n"
            "  --alpha A          gistar significance for hot/cold (default 0.05)\n"
            "  --weights W        gistar neighbours: queen (default), rook, distance:METRES\n"
            "  --format F         report as text (default), csv or json\n"
            "  --help             this text\n"),
          f);
}

static int parse_num(const char *s, double lo, double hi, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && *v >= lo && *v <= hi ? 0 : -1;
}

static const struct option hotspots_longopts[] = {
    {"method", required_argument, NULL, 'm'},  {"by", required_argument, NULL, 'b'},
    {"from", required_argument, NULL, 'f'},    {"to", required_argument, NULL, 't'},
    {"types", required_argument, NULL, 'y'},   {"bandwidth", required_argument, NULL, 'w'},
    {"cell", required_argument, NULL, 'c'},    {"permutations", required_argument, NULL, 'p'},
    {"seed", required_argument, NULL, 's'},    {"alpha", required_argument, NULL, 'a'},
    {"weights", required_argument, NULL, 'W'}, {"format", required_argument, NULL, 'F'},
    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};

typedef struct hotspots_args {
    const char *method, *by, *weights;
    bh_hotspot_opts o;
    int fmt;
} hotspots_args;

/* Applies an option with a number; -1 to go on, else the exit code of a usage error. */
static int hotspots_number(int c, hotspots_args *x)
{
    const char *cmd = "crimes hotspots";
    double v;
    switch (c) {
    case 'w':
    case 'c':
        if (parse_num(optarg, 1, 100000, &v) != 0)
            return bh_cli_usage_error(cmd, "--%s '%s': expected 1..100000 metres",
                                      c == 'w' ? "bandwidth" : "cell", optarg);
        *(c == 'w' ? &x->o.bandwidth_m : &x->o.cell_m) = v;
        return -1;
    case 'p':
        if (parse_num(optarg, 0, 99999, &v) != 0 || v != floor(v))
            return bh_cli_usage_error(cmd, "--permutations '%s': expected 0..99999", optarg);
        x->o.permutations = (int)v;
        return -1;
    case 's':
        if (parse_num(optarg, 0, 1e18, &v) != 0 || v != floor(v))
            return bh_cli_usage_error(cmd, "--seed '%s': expected a whole number", optarg);
        x->o.seed = (uint64_t)v;
        return -1;
    case 'a':
        if (parse_num(optarg, 0, 1, &v) != 0)
            return bh_cli_usage_error(cmd, "--alpha '%s': expected 0..1", optarg);
        x->o.alpha = v;
        return -1;
    default:
        return bh_cli_usage_error(cmd, "bad option");
    }
}

/* Applies one option; -1 to go on, else the exit code (usage error, or 0 after --help). */
static int hotspots_option(bh_cli *cli, int c, hotspots_args *x)
{
    const char *cmd = "crimes hotspots";
    switch (c) {
    case 'm':
        x->method = optarg;
        return -1;
    case 'b':
        x->by = optarg;
        return -1;
    case 'f':
    case 't':
        return bh_cli_month(cli, cmd, c == 'f' ? "--from" : "--to", optarg,
                            c == 'f' ? &x->o.summary.from_ym : &x->o.summary.to_ym);
    case 'y':
        x->o.summary.types = optarg;
        return -1;
    case 'W':
        x->weights = optarg;
        return -1;
    case 'F':
        if ((x->fmt = bh_cli_parse_format(optarg)) < 0)
            return bh_cli_usage_error(cmd, "unknown --format '%s'", optarg);
        return -1;
    case 'h':
        hotspots_usage(stdout);
        return BH_EXIT_OK;
    default:
        return hotspots_number(c, x);
    }
}

/* Prints the report of a hotspot run in the chosen format. */
static void hotspots_print(const hotspots_args *x, int kde, const bh_hotspot_report *rep)
{
    const bh_hotspot_opts *o = &x->o;
    const bh_hotspot_report r = *rep;
    int fmt = x->fmt;
    const char *table = kde ? "hotspot_kde" : "hotspot_gistar";
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s\r\n%s,%zu,%ld,%ld,%zu,%zu,%.3f,%d\r\n",
                         _("table,features,placed,unplaced,hot,cold,max_density_km2,sample"), table,
                         r.features, r.placed, r.unplaced, r.hot, r.cold, r.max_density, r.sample);
    else if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(&sb,
                         "{\"table\": \"%s\", \"features\": %zu, \"placed\": %ld, \"unplaced\": "
                         "%ld, \"hot\": %zu, \"cold\": %zu, \"max_density_km2\": %.3f, "
                         "\"sample\": %s}\n",
                         table, r.features, r.placed, r.unplaced, r.hot, r.cold, r.max_density,
                         r.sample ? "true" : "false");
    else if (kde)
        bh_strbuf_printf(&sb,
                         _("%s: %zu cells of %g m, bandwidth %g m; %ld crimes placed, %ld not "
                           "placeable; peak %.1f crimes/km²%s\n"),
                         table, r.features, o->cell_m, o->bandwidth_m, r.placed, r.unplaced,
                         r.max_density, r.sample ? _(" (SAMPLE DATA)") : "");
    else
        bh_strbuf_printf(&sb,
                         _("%s: %zu areas, %zu hot, %zu cold (p_sim <= %g, %d permutations, seed "
                           "%llu); %ld crimes in areas, %ld in rows without geometry%s\n"),
                         table, r.features, r.hot, r.cold, o->alpha, o->permutations,
                         (unsigned long long)o->seed, r.placed, r.unplaced,
                         r.sample ? _(" (SAMPLE DATA)") : "");
    if (!sb.failed)
        bh_cli_emit((bh_out_format)fmt, sb.data);
    bh_strbuf_free(&sb);
}

static bh_status hotspots_run(bh_cli *cli, bh_db *db, void *user)
{
    (void)cli;
    const hotspots_args *x = user;
    int kde = strcmp(x->method, "kde") == 0;
    bh_hotspot_report r;
    bh_status st = kde ? bh_hotspots_kde(db, &x->o, &r) : bh_hotspots_gistar(db, &x->o, &r);
    if (st == BH_OK)
        hotspots_print(x, kde, &r);
    return st;
}

int bh_cli_crimes_hotspots(bh_cli *cli, int argc, char **argv)
{
    const char *cmd = "crimes hotspots";
    hotspots_args x = {.by = "chome", .weights = "queen", .fmt = BH_OUT_TEXT};
    bh_hotspot_opts_default(&x.o);
    int c, rc;
    bh_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "h", hotspots_longopts, NULL)) != -1)
        if ((rc = hotspots_option(cli, c, &x)) >= 0)
            return rc;
    if (optind < argc)
        return bh_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (x.method == NULL || (strcmp(x.method, "kde") != 0 && strcmp(x.method, "gistar") != 0))
        return bh_cli_usage_error(cmd, "--method must be kde or gistar");
    bh_status st = bh_summary_parse_by(cli->ctx, x.by, &x.o.summary);
    if (st == BH_OK)
        st = bh_weights_parse(cli->ctx, x.weights, &x.o.weights, &x.o.band_m);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    return bh_cli_with_db(cli, 0, hotspots_run, &x);
}

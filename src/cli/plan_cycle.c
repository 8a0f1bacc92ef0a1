/* bohan plan report|metrics|export|import: the plan's yearly cycle. */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/io.h"
#include "bohan/plan.h"
#include "bohan/plancycle.h"

static void report_usage(FILE *f)
{
    fputs(_("usage: bohan plan report --fy FY --out FILE.pdf [--paper A4|A3|B4|B3] "
            "[--date YYYY-MM-DD] [--no-maps]\n\n"
            "Prints the cycle FY of the plan as the city prints it: the 事業報告 of FY and\n"
            "the 事業計画 of FY+1 (--fy R5: R5年度行動報告書・R6年度行動計画書), 区分\n"
            "headings with 事業概要 and declared counts, the figures computed from the\n"
            "layers beside the stated ones (※不一致 flags a difference). Landscape.\n\n"
            "  --fy FY        fiscal year of the report (R5, R6 … or 2023)\n"
            "  --out FILE     output .pdf (or .png/.svg: first page)\n"
            "  --paper P      A3 (default), A4, B4 or B3\n"
            "  --date D       作成日 printed (default: today)\n"
            "  --no-maps      leave out the small maps of the spatial items (public edition:\n"
            "                 cameras and こども110番の家 as counts per 交番管内 / 学区)\n"
            "  -h, --help     this text\n"),
          f);
}

static int plan_report(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"fy", required_argument, NULL, 'y'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"paper", required_argument, NULL, 'p'},
                                         {"date", required_argument, NULL, 'd'},
                                         {"no-maps", no_argument, NULL, 'M'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bh_planreport_opts o = {0};
    o.maps = 1;
    int c;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":y:o:p:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            o.fy = optarg;
            break;
        case 'o':
            o.out = optarg;
            break;
        case 'p':
            o.paper = optarg;
            break;
        case 'd':
            o.printed_date = optarg;
            break;
        case 'M':
            o.maps = 0;
            break;
        case 'h':
            report_usage(stdout);
            return BH_EXIT_OK;
        case ':':
            return bh_cli_usage_error("plan report", "option '%s' needs a value", argv[optind - 1]);
        default:
            return bh_cli_usage_error("plan report", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("plan report", "unexpected argument '%s'", argv[optind]);
    if (o.fy == NULL || o.out == NULL)
        return bh_cli_usage_error("plan report", "--fy and --out are required");
    bh_db *db;
    int rc = bh_cli_open_db(cli, BH_DB_READONLY, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    bh_planreport_result res;
    bh_status st = bh_planreport_render(db, &o, &res);
    bh_db_close(db);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    if (!cli->quiet)
        fprintf(stderr,
                _("%s: %zu items in %zu 区分, %zu pages, %zu maps; %zu figures, %zu computed from "
                  "layers, %zu mismatches\n"),
                o.out, res.items, res.categories, res.pages, res.maps, res.figures, res.computed,
                res.mismatches);
    return BH_EXIT_OK;
}

static void metrics_usage(FILE *f)
{
    fputs(_("usage: bohan plan metrics [--item N] [--fy FY] [--format text|csv|json]\n\n"
            "Lists each figure of the plan per fiscal year with 前年比 and, where a layer\n"
            "holds the assets, the count computed from it (台帳) with ✓ or ※不一致.\n\n"
            "  -i, --item N     only item N\n"
            "  -y, --fy FY      only fiscal year FY\n"
            "  -f, --format F   text (default), csv (UTF-8 with BOM) or json\n"
            "  -h, --help       this text\n"),
          f);
}

static void metric_text(bh_strbuf *sb, const bh_plan_metric_row *m)
{
    bh_strbuf_printf(sb, "%3d  %-4s %s: ", m->item_no, m->fiscal_year,
                     m->label ? m->label : m->metric);
    bh_strbuf_number(sb, m->value);
    bh_strbuf_append(sb, m->unit);
    if (m->has_prev && m->prev != 0)
        bh_strbuf_printf(sb, "  前年比 %+.1f%%", 100.0 * (m->value - m->prev) / m->prev);
    else
        bh_strbuf_append(sb, "  前年比 —");
    if (m->has_computed) {
        bh_strbuf_append(sb, "  台帳 ");
        bh_strbuf_number(sb, (double)m->computed);
        bh_strbuf_append(sb, bh_plan_metric_mismatch(m) ? " ※不一致" : " ✓");
    }
    bh_strbuf_append(sb, "\n");
}

static void metric_csv(bh_strbuf *sb, const bh_plan_metric_row *m)
{
    bh_strbuf_printf(sb, "%d,%s,", m->item_no, m->fiscal_year);
    bh_strbuf_csv(sb, m->metric);
    bh_strbuf_append(sb, ",");
    bh_strbuf_csv(sb, m->label ? m->label : "");
    bh_strbuf_printf(sb, ",%.15g,", m->value);
    bh_strbuf_csv(sb, m->unit);
    if (m->has_prev)
        bh_strbuf_printf(sb, ",%.15g,", m->prev);
    else
        bh_strbuf_append(sb, ",,");
    if (m->has_prev && m->prev != 0)
        bh_strbuf_printf(sb, "%.4f", m->value / m->prev);
    if (m->has_computed)
        bh_strbuf_printf(sb, ",%lld,%d\r\n", m->computed, bh_plan_metric_mismatch(m));
    else
        bh_strbuf_append(sb, ",,\r\n");
}

static void metric_json(bh_strbuf *sb, const bh_plan_metric_row *m, int first)
{
    bh_strbuf_printf(sb, "%s\n  {\"item\": %d, \"fiscal_year\": ", first ? "" : ",", m->item_no);
    bh_strbuf_json(sb, m->fiscal_year);
    bh_strbuf_append(sb, ", \"metric\": ");
    bh_strbuf_json(sb, m->metric);
    bh_strbuf_append(sb, ", \"label\": ");
    bh_strbuf_json(sb, m->label ? m->label : "");
    bh_strbuf_printf(sb, ", \"value\": %.15g, \"unit\": ", m->value);
    bh_strbuf_json(sb, m->unit);
    if (m->has_prev)
        bh_strbuf_printf(sb, ", \"previous\": %.15g", m->prev);
    else
        bh_strbuf_append(sb, ", \"previous\": null");
    if (m->has_prev && m->prev != 0)
        bh_strbuf_printf(sb, ", \"ratio\": %.6g", m->value / m->prev);
    else
        bh_strbuf_append(sb, ", \"ratio\": null");
    if (m->has_computed)
        bh_strbuf_printf(sb, ", \"computed\": %lld, \"mismatch\": %s", m->computed,
                         bh_plan_metric_mismatch(m) ? "true" : "false");
    else
        bh_strbuf_append(sb, ", \"computed\": null, \"mismatch\": false");
    bh_strbuf_append(sb, "}");
}

static int metrics_emit(bh_cli *cli, const bh_plan_metrics *m, int fmt)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s\r\n",
                         _("item,fiscal_year,metric,label,value,unit,previous,ratio,computed,"
                           "mismatch"));
    if (fmt == BH_OUT_JSON)
        bh_strbuf_printf(&sb, "{\"count\": %zu, \"metrics\": [", m->count);
    for (size_t i = 0; i < m->count; i++) {
        if (fmt == BH_OUT_CSV)
            metric_csv(&sb, &m->rows[i]);
        else if (fmt == BH_OUT_JSON)
            metric_json(&sb, &m->rows[i], i == 0);
        else
            metric_text(&sb, &m->rows[i]);
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, "\n]}\n");
    if (sb.failed || (sb.data == NULL && m->count > 0)) {
        bh_strbuf_free(&sb);
        return bh_cli_fail(cli, bh_error(cli->ctx, BH_E_NOMEM, "out of memory"));
    }
    bh_cli_emit((bh_out_format)fmt, sb.data ? sb.data : "");
    bh_strbuf_free(&sb);
    return BH_EXIT_OK;
}

static int plan_metrics(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"item", required_argument, NULL, 'i'},
                                         {"fy", required_argument, NULL, 'y'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int item = 0, fmt = BH_OUT_TEXT, c;
    const char *fy = NULL;
    char *end;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":i:y:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            item = (int)strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || item < 1)
                return bh_cli_usage_error("plan metrics", "--item: '%s' is not a number", optarg);
            break;
        case 'y':
            fy = optarg;
            break;
        case 'f':
            if ((fmt = bh_cli_parse_format(optarg)) < 0)
                return bh_cli_usage_error("plan metrics", "--format: '%s' is not text, csv or json",
                                          optarg);
            break;
        case 'h':
            metrics_usage(stdout);
            return BH_EXIT_OK;
        case ':':
            return bh_cli_usage_error("plan metrics", "option '%s' needs a value",
                                      argv[optind - 1]);
        default:
            return bh_cli_usage_error("plan metrics", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("plan metrics", "unexpected argument '%s'", argv[optind]);
    bh_db *db;
    int rc = bh_cli_open_db(cli, BH_DB_READONLY, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    bh_plan_metrics *m = NULL;
    bh_status st = bh_plan_metrics_query(db, item, fy, &m);
    bh_db_close(db);
    rc = st != BH_OK ? bh_cli_fail(cli, st) : metrics_emit(cli, m, fmt);
    bh_plan_metrics_destroy(m);
    return rc;
}

static void export_usage(FILE *f)
{
    fputs(_("usage: bohan plan export --fy FY (--dept NAME | --all) --out DIR [--csv]\n\n"
            "Writes one spreadsheet per 担当課 (DIR/FY_課名.xlsx) with its items of year FY:\n"
            "ID, 区分, No., 事業名, 内容, 担当課, 事業計画（FY） for reference, and the cells to\n"
            "fill in: 事業報告（FY）, 事業計画（FY+1）, 指標（FY） (metric=value lines), 廃止.\n\n"
            "  --fy FY       the year whose report is collected (R6: R6 report, R7 plan)\n"
            "  --dept NAME   one department; --all: every department of the year\n"
            "  --out DIR     output directory (created if missing)\n"
            "  --csv         CSV (UTF-8 with BOM) instead of XLSX\n"),
          f);
}

static int plan_export(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"fy", required_argument, NULL, 'y'},
                                         {"dept", required_argument, NULL, 'd'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"csv", no_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bh_plan_export_opts o = {0};
    int all = 0, c;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":y:d:ao:ch", opts, NULL)) != -1) {
        if (c == 'y')
            o.fy = optarg;
        else if (c == 'd')
            o.department = optarg;
        else if (c == 'a')
            all = 1;
        else if (c == 'o')
            o.dir = optarg;
        else if (c == 'c')
            o.csv = 1;
        else if (c == 'h') {
            export_usage(stdout);
            return BH_EXIT_OK;
        } else
            return bh_cli_usage_error("plan export", "bad option '%s'", argv[optind - 1]);
    }
    if (optind < argc || o.fy == NULL || o.dir == NULL || all == (o.department != NULL))
        return bh_cli_usage_error("plan export", "give --fy, --out and one of --dept/--all");
    if (mkdir(o.dir, 0777) != 0 && errno != EEXIST)
        return bh_cli_fail(cli, bh_error(cli->ctx, BH_E_IO, "%s: %s", o.dir, strerror(errno)));
    const bh_io *io = NULL;
    bh_db *db = NULL;
    bh_status st = bh_ctx_io(cli->ctx, &io);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    int rc = bh_cli_open_db(cli, BH_DB_READONLY, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    size_t files = 0;
    st = io->plan_export(db, &o, &files);
    bh_db_close(db);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    printf(_("%zu files written to %s\n"), files, o.dir);
    return BH_EXIT_OK;
}

static void import_usage(FILE *f)
{
    fputs(_("usage: bohan plan import FILE… [--dry-run] [--overwrite]\n\n"
            "Reads filled-in department sheets (XLSX, or CSV in UTF-8 or CP932) back in one\n"
            "transaction and prints the diff per item. A non-empty text that differs from\n"
            "the database is refused unless --overwrite; a row not understood is listed\n"
            "with file, row and reason, and then nothing is written.\n\n"
            "  -n, --dry-run    show the diff only\n"
            "  --overwrite      replace differing texts and figures\n"),
          f);
}

static int plan_import(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"dry-run", no_argument, NULL, 'n'},
                                         {"overwrite", no_argument, NULL, 'w'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bh_plan_import_opts o = {0};
    int c;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":nh", opts, NULL)) != -1) {
        if (c == 'n')
            o.dry_run = 1;
        else if (c == 'w')
            o.overwrite = 1;
        else if (c == 'h') {
            import_usage(stdout);
            return BH_EXIT_OK;
        } else
            return bh_cli_usage_error("plan import", "bad option '%s'", argv[optind - 1]);
    }
    if (optind >= argc)
        return bh_cli_usage_error("plan import", "give at least one file");
    const bh_io *io = NULL;
    bh_db *db = NULL;
    bh_status st = bh_ctx_io(cli->ctx, &io);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    int rc = bh_cli_open_db(cli, 0, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    char *diff = NULL;
    st =
        io->plan_import(db, (const char *const *)argv + optind, (size_t)(argc - optind), &o, &diff);
    bh_db_close(db);
    if (diff != NULL)
        fputs(diff, stdout);
    bh_free(diff);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    fputs(o.dry_run ? _("(dry run: nothing written)\n") : _("imported\n"), stdout);
    return BH_EXIT_OK;
}

static void link_usage(FILE *f)
{
    fputs(_("usage: bohan plan link --fy FY N LAYER [--filter SQL] [--note TEXT] [--remove]\n\n"
            "Changes the layers the item printed as No. N in cycle FY concerns (its figures\n"
            "and small map in that year's report). A new cycle starts with the links of the\n"
            "one before; the other cycles keep theirs.\n\n"
            "  --fy FY        the cycle (R6 …)\n"
            "  --filter SQL   only the layer's features matching this SQL WHERE\n"
            "  --note TEXT    why the item concerns the layer\n"
            "  --remove       remove the link instead\n"),
          f);
}

static int plan_link(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"fy", required_argument, NULL, 'y'},   {"filter", required_argument, NULL, 'F'},
        {"note", required_argument, NULL, 'N'}, {"remove", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    const char *fy = NULL, *filter = NULL, *note = NULL;
    int remove = 0, c;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":y:h", opts, NULL)) != -1) {
        if (c == 'y')
            fy = optarg;
        else if (c == 'F')
            filter = optarg;
        else if (c == 'N')
            note = optarg;
        else if (c == 'r')
            remove = 1;
        else if (c == 'h') {
            link_usage(stdout);
            return BH_EXIT_OK;
        } else
            return bh_cli_usage_error("plan link", "bad option '%s'", argv[optind - 1]);
    }
    char *end = NULL;
    long no = optind + 2 == argc ? strtol(argv[optind], &end, 10) : 0;
    if (fy == NULL || optind + 2 != argc)
        return bh_cli_usage_error("plan link", "give --fy FY, an item No. and a layer");
    if (*argv[optind] == '\0' || *end != '\0' || no < 1 || no > 99999)
        return bh_cli_usage_error("plan link", "'%s' is not an item number", argv[optind]);
    if (remove && (filter != NULL || note != NULL))
        return bh_cli_usage_error("plan link", "--remove takes no --filter or --note");
    const char *layer = argv[optind + 1];
    bh_db *db = NULL;
    int rc = bh_cli_open_db(cli, 0, &db);
    if (rc != BH_EXIT_OK)
        return rc;
    bh_status st = remove ? bh_plan_link_remove(db, fy, (int)no, layer)
                          : bh_plan_link_set(db, fy, (int)no, layer, filter, note);
    bh_db_close(db);
    if (st != BH_OK)
        return bh_cli_fail(cli, st);
    printf("%s No.%ld: %s %s%s%s%s\n", fy, no, remove ? "unlinked from" : "linked to", layer,
           filter ? " [" : "", filter ? filter : "", filter ? "]" : "");
    return BH_EXIT_OK;
}

int bh_cli_plan_cycle(bh_cli *cli, int argc, char **argv)
{
    if (strcmp(argv[0], "link") == 0)
        return plan_link(cli, argc, argv);
    if (strcmp(argv[0], "report") == 0)
        return plan_report(cli, argc, argv);
    if (strcmp(argv[0], "metrics") == 0)
        return plan_metrics(cli, argc, argv);
    if (strcmp(argv[0], "export") == 0)
        return plan_export(cli, argc, argv);
    if (strcmp(argv[0], "import") == 0)
        return plan_import(cli, argc, argv);
    return -1;
}

/* bohan plan list|show: the crime-prevention plan items (R5 report / R6 plan). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "bohan/coltab.h"
#include "cli/cli.h"
#include "bohan/plan.h"

static void plan_usage(FILE *f)
{
    fputs(
        _("usage: bohan plan SUBCOMMAND [ARGS]\n\n"
          "The crime-prevention plan items (R5年度行動報告・R6年度行動計画) in the database.\n\n"
          "subcommands:\n"
          "  list   list the items of a cycle: bohan plan list [--fy FY] [--category N] "
          "[--dept NAME] [--format text|csv|json]\n"
          "  show   one item as in a cycle (texts, figures, linked layers): "
          "bohan plan show N [--fy FY] [--format text|json]\n"
          "  report    the printed 行動報告書・行動計画書 of a year: --fy R5 --out FILE.pdf\n"
          "  metrics   the figures per year with 前年比 and 台帳 counts\n"
          "  export    one spreadsheet per 担当課 to fill in: --fy R6 --dept NAME|--all --out DIR\n"
          "  import    read filled-in spreadsheets back: FILE… [--dry-run] [--overwrite]\n"
          "  link      change a cycle's item ↔ layer links: --fy FY N LAYER [--filter SQL] "
          "[--note TEXT] [--remove]\n"),
        f);
}

static void list_usage(FILE *f)
{
    fputs(_("usage: bohan plan list [--fy FY] [--category N] [--dept NAME] "
            "[--format text|csv|json]\n\n"
            "Lists the plan items of a cycle by their No. in it.\n\n"
            "  -y, --fy FY        the cycle (R5, R6 … or 2023; default: the latest)\n"
            "  -c, --category N   only items of 区分 N (1..5)\n"
            "  -d, --dept NAME    only items whose 担当課 contains NAME\n"
            "                     (「学務課」, 「消防局(情報通信課)」; either bracket width)\n"
            "  -f, --format FMT   text (default), csv (UTF-8 with BOM) or json\n"
            "  -h, --help         this text\n"),
          f);
}

static void show_usage(FILE *f)
{
    fputs(_("usage: bohan plan show N [--fy FY] [--format text|json]\n\n"
            "Shows the item printed as No. N in cycle FY as in that cycle: its stable ID,\n"
            "区分, 事業名, 内容, 担当課, 事業報告（FY）, 事業計画（FY+1）, the figures of FY\n"
            "and the map layers the item concerns in that cycle (with their feature counts).\n\n"
            "  -y, --fy FY        the cycle (R5, R6 … or 2023; default: the latest)\n"
            "  -f, --format FMT   text (default) or json\n"
            "  -h, --help         this text\n"),
          f);
}

/* Parses a positive int that fills the whole string; 0 when it does not. */
static int parse_pos(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return (*s != '\0' && *end == '\0' && v > 0 && v < 1000000) ? (int)v : 0;
}

/* Items under their category heading; No., 事業名 and ［担当課］ in columns aligned by display
 * width within each category (bohan/coltab.h). */
static void list_text(bh_strbuf *sb, const bh_plan_list *l)
{
    size_t n = bh_plan_list_count(l);
    /* one table, category headings as rows whose only cell spans (no padding after it) */
    bh_coltab *t = bh_coltab_create(3);
    int cat = 0, bad = t == NULL;
    if (t)
        bh_coltab_right(t, 0);
    for (size_t i = 0; !bad && i < n; i++) {
        if (bh_plan_list_category(l, i) != cat) {
            cat = bh_plan_list_category(l, i);
            char *h = bh_cli_printf("%s区分%d【%s】", i > 0 ? "\n" : "", cat,
                                    bh_plan_list_category_name(l, i));
            bh_coltab_write(t, sb, 2);
            bh_coltab_destroy(t);
            t = bh_coltab_create(3);
            bad = !h || !t;
            if (!bad) {
                bh_coltab_right(t, 0);
                bh_strbuf_printf(sb, "%s\n", h);
            }
            free(h);
        }
        char no[16], *dept = bh_cli_printf("［%s］", bh_plan_list_departments(l, i));
        snprintf(no, sizeof no, "  %2d", bh_plan_list_no(l, i));
        const char *row[3] = {no, bh_plan_list_content(l, i), dept};
        bad |= !dept || !t || bh_coltab_add(t, row) != 0;
        free(dept);
    }
    if (t)
        bh_coltab_write(t, sb, 2);
    bh_coltab_destroy(t);
    bh_strbuf_printf(sb, "\n計 %zu 事業\n", n);
}

static void list_csv(bh_strbuf *sb, const bh_plan_list *l)
{
    bh_strbuf_printf(sb, "%s\r\n", _("no,category,category_name,project,content,departments"));
    for (size_t i = 0; i < bh_plan_list_count(l); i++) {
        bh_strbuf_printf(sb, "%d,%d,", bh_plan_list_no(l, i), bh_plan_list_category(l, i));
        bh_strbuf_csv(sb, bh_plan_list_category_name(l, i));
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, bh_plan_list_project(l, i));
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, bh_plan_list_content(l, i));
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, bh_plan_list_departments(l, i));
        bh_strbuf_append(sb, "\r\n");
    }
}

static void list_json(bh_strbuf *sb, const bh_plan_list *l)
{
    bh_strbuf_printf(sb, "{\"count\": %zu, \"items\": [", bh_plan_list_count(l));
    for (size_t i = 0; i < bh_plan_list_count(l); i++) {
        bh_strbuf_printf(sb,
                         "%s\n  {\"no\": %d, \"category\": %d, \"category_name\": ", i ? "," : "",
                         bh_plan_list_no(l, i), bh_plan_list_category(l, i));
        bh_strbuf_json(sb, bh_plan_list_category_name(l, i));
        bh_strbuf_append(sb, ", \"project\": ");
        bh_strbuf_json(sb, bh_plan_list_project(l, i));
        bh_strbuf_append(sb, ", \"content\": ");
        bh_strbuf_json(sb, bh_plan_list_content(l, i));
        bh_strbuf_append(sb, ", \"departments\": ");
        bh_strbuf_json(sb, bh_plan_list_departments(l, i));
        bh_strbuf_append(sb, "}");
    }
    bh_strbuf_append(sb, "\n]}\n");
}

/* Emits sb (or reports that it could not be built) and frees it. */
static bh_status emit(bh_cli *cli, bh_out_format fmt, bh_strbuf *sb)
{
    bh_status st = BH_OK;
    if (sb->failed || sb->data == NULL)
        st = bh_error(cli->ctx, BH_E_NOMEM, "out of memory");
    else
        bh_cli_emit(fmt, sb->data);
    bh_strbuf_free(sb);
    return st;
}

typedef struct list_args {
    const bh_plan_filter *filter;
    int fmt;
} list_args;

static bh_status list_run(bh_cli *cli, bh_db *db, void *user)
{
    const list_args *x = user;
    bh_plan_list *l;
    bh_status st = bh_plan_list_query(db, x->filter, &l);
    if (st != BH_OK)
        return st;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (x->fmt == BH_OUT_CSV)
        list_csv(&sb, l);
    else if (x->fmt == BH_OUT_JSON)
        list_json(&sb, l);
    else
        list_text(&sb, l);
    bh_plan_list_destroy(l);
    return emit(cli, (bh_out_format)x->fmt, &sb);
}

static int plan_list(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"category", required_argument, NULL, 'c'}, {"dept", required_argument, NULL, 'd'},
        {"fy", required_argument, NULL, 'y'},       {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    bh_plan_filter filter = {0, NULL, NULL};
    int fmt = BH_OUT_TEXT, c;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:d:y:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            filter.fy = optarg;
            break;
        case 'c':
            if ((filter.category = parse_pos(optarg)) == 0)
                return bh_cli_usage_error("plan list", "--category: '%s' is not a number", optarg);
            break;
        case 'd':
            filter.department = optarg;
            break;
        case 'f':
            if ((fmt = bh_cli_parse_format(optarg)) < 0)
                return bh_cli_usage_error("plan list", "--format: '%s' is not text, csv or json",
                                          optarg);
            break;
        case 'h':
            list_usage(stdout);
            return BH_EXIT_OK;
        case ':':
            return bh_cli_usage_error("plan list", "option '%s' needs a value", argv[optind - 1]);
        default:
            return bh_cli_usage_error("plan list", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("plan list", "unexpected argument '%s'", argv[optind]);
    list_args x = {&filter, fmt};
    return bh_cli_with_db(cli, BH_DB_READONLY, list_run, &x);
}

static void show_text(bh_strbuf *sb, const bh_plan_item *it)
{
    const char *none = "（記載なし）";
    bh_strbuf_printf(sb, "No.%d %s\n", bh_plan_item_no(it), bh_plan_item_content(it));
    bh_strbuf_printf(sb, "年度: %s（事業報告 %s・事業計画 %s）  ID: %d%s\n",
                     bh_plan_item_fiscal_year(it), bh_plan_item_fiscal_year(it),
                     bh_plan_item_plan_fiscal_year(it), bh_plan_item_id(it),
                     bh_plan_item_retired(it) ? "  廃止（この年度で終了）" : "");
    bh_strbuf_printf(sb, "区分: %d %s\n", bh_plan_item_category(it),
                     bh_plan_item_category_name(it));
    const char *p = bh_plan_item_project(it);
    bh_strbuf_printf(sb, "事業名: %s\n", p ? p : none);
    const char *d = bh_plan_item_departments_text(it);
    bh_strbuf_printf(sb, "担当課: %s\n", d ? d : none);
    const char *r = bh_plan_item_report(it), *p2 = bh_plan_item_plan(it);
    bh_strbuf_printf(sb, "\n事業報告（%s）:\n  %s\n", bh_plan_item_fiscal_year(it), r ? r : none);
    bh_strbuf_printf(sb, "\n事業計画（%s）:\n  %s\n", bh_plan_item_plan_fiscal_year(it),
                     p2 ? p2 : none);
    if (bh_plan_item_metric_count(it) > 0)
        bh_strbuf_append(sb, "\n実績値:\n");
    for (size_t i = 0; i < bh_plan_item_metric_count(it); i++) {
        const bh_plan_metric *m = bh_plan_item_metric(it, i);
        bh_strbuf_printf(sb, "  %s: ", m->label ? m->label : m->metric);
        bh_strbuf_number(sb, m->value);
        bh_strbuf_printf(sb, "%s（%s「%s」）\n", m->unit, m->fiscal_year,
                         m->source_text ? m->source_text : "");
    }
    bh_strbuf_append(sb, "\n関連レイヤー:\n");
    if (bh_plan_item_link_count(it) == 0)
        bh_strbuf_append(sb, "  （なし）\n");
    for (size_t i = 0; i < bh_plan_item_link_count(it); i++) {
        const bh_plan_link *l = bh_plan_item_link(it, i);
        bh_strbuf_printf(sb, "  %s: %lld件", l->layer, l->features);
        if (l->filter)
            bh_strbuf_printf(sb, " [%s]", l->filter);
        if (l->note)
            bh_strbuf_printf(sb, " %s", l->note);
        if (l->status)
            bh_strbuf_printf(sb, "（%s）", l->loaded ? l->status : "レイヤー未読込");
        bh_strbuf_append(sb, "\n");
    }
}

static void json_field(bh_strbuf *sb, const char *key, const char *v)
{
    bh_strbuf_printf(sb, ", \"%s\": ", key);
    if (v)
        bh_strbuf_json(sb, v);
    else
        bh_strbuf_append(sb, "null");
}

static void show_json(bh_strbuf *sb, const bh_plan_item *it)
{
    bh_strbuf_printf(sb, "{\"no\": %d, \"id\": %d, \"retired\": %s, \"category\": %d",
                     bh_plan_item_no(it), bh_plan_item_id(it),
                     bh_plan_item_retired(it) ? "true" : "false", bh_plan_item_category(it));
    json_field(sb, "category_name", bh_plan_item_category_name(it));
    json_field(sb, "project", bh_plan_item_project(it));
    json_field(sb, "content", bh_plan_item_content(it));
    json_field(sb, "departments_text", bh_plan_item_departments_text(it));
    json_field(sb, "fiscal_year", bh_plan_item_fiscal_year(it));
    json_field(sb, "report", bh_plan_item_report(it));
    json_field(sb, "plan_fiscal_year", bh_plan_item_plan_fiscal_year(it));
    json_field(sb, "plan", bh_plan_item_plan(it));
    bh_strbuf_append(sb, ",\n \"departments\": [");
    for (size_t i = 0; i < bh_plan_item_department_count(it); i++) {
        bh_strbuf_append(sb, i ? ", {\"name\": " : "{\"name\": ");
        bh_strbuf_json(sb, bh_plan_item_department(it, i));
        json_field(sb, "spelling", bh_plan_item_department_spelling(it, i));
        bh_strbuf_append(sb, "}");
    }
    bh_strbuf_append(sb, "],\n \"metrics\": [");
    for (size_t i = 0; i < bh_plan_item_metric_count(it); i++) {
        const bh_plan_metric *m = bh_plan_item_metric(it, i);
        bh_strbuf_append(sb, i ? ",\n  {\"fiscal_year\": " : "\n  {\"fiscal_year\": ");
        bh_strbuf_json(sb, m->fiscal_year);
        json_field(sb, "metric", m->metric);
        json_field(sb, "label", m->label);
        bh_strbuf_printf(sb, ", \"value\": %.15g", m->value);
        json_field(sb, "unit", m->unit);
        json_field(sb, "source_text", m->source_text);
        bh_strbuf_append(sb, "}");
    }
    bh_strbuf_append(sb, "],\n \"layers\": [");
    for (size_t i = 0; i < bh_plan_item_link_count(it); i++) {
        const bh_plan_link *l = bh_plan_item_link(it, i);
        bh_strbuf_append(sb, i ? ",\n  {\"layer\": " : "\n  {\"layer\": ");
        bh_strbuf_json(sb, l->layer);
        json_field(sb, "filter", l->filter);
        json_field(sb, "note", l->note);
        bh_strbuf_printf(sb, ", \"loaded\": %s, \"features\": %lld", l->loaded ? "true" : "false",
                         l->features);
        json_field(sb, "status", l->status);
        bh_strbuf_append(sb, "}");
    }
    bh_strbuf_append(sb, "]}\n");
}

typedef struct show_args {
    int no, fmt;
    const char *fy;
} show_args;

static bh_status show_run(bh_cli *cli, bh_db *db, void *user)
{
    const show_args *x = user;
    bh_plan_item *it;
    bh_status st = bh_plan_item_get_fy(db, x->fy, x->no, &it);
    if (st != BH_OK)
        return st;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (x->fmt == BH_OUT_JSON)
        show_json(&sb, it);
    else
        show_text(&sb, it);
    bh_plan_item_destroy(it);
    return emit(cli, (bh_out_format)x->fmt, &sb);
}

static int plan_show(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"fy", required_argument, NULL, 'y'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int fmt = BH_OUT_TEXT, c;
    const char *fy = NULL;
    bh_cli_getopt_reset();
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:y:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            fy = optarg;
            break;
        case 'f':
            fmt = bh_cli_parse_format(optarg);
            if (fmt != BH_OUT_TEXT && fmt != BH_OUT_JSON)
                return bh_cli_usage_error("plan show", "--format: '%s' is not text or json",
                                          optarg);
            break;
        case 'h':
            show_usage(stdout);
            return BH_EXIT_OK;
        case ':':
            return bh_cli_usage_error("plan show", "option '%s' needs a value", argv[optind - 1]);
        default:
            return bh_cli_usage_error("plan show", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return bh_cli_usage_error("plan show", "give exactly one item number");
    int no = parse_pos(argv[optind]);
    if (no == 0)
        return bh_cli_usage_error("plan show", "'%s' is not an item number", argv[optind]);
    show_args x = {no, fmt, fy};
    return bh_cli_with_db(cli, BH_DB_READONLY, show_run, &x);
}

int bh_cli_plan(bh_cli *cli, int argc, char **argv)
{
    if (argc < 2) {
        plan_usage(stderr);
        return BH_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        plan_usage(stdout);
        return BH_EXIT_OK;
    }
    if (strcmp(argv[1], "list") == 0)
        return plan_list(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return plan_show(cli, argc - 1, argv + 1);
    int rc = bh_cli_plan_cycle(cli, argc - 1, argv + 1);
    if (rc >= 0)
        return rc;
    fprintf(stderr, _("bohan plan: unknown subcommand '%s' (see 'bohan plan --help')\n"), argv[1]);
    return BH_EXIT_USAGE;
}

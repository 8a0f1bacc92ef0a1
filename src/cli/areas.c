/* bohan areas --by KIND: the names of the areas an officer can give to --area, and the one place
 * where map and atlas turn what was typed into an area (bohan/areas.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/areas.h"

static void areas_usage(FILE *f)
{
    fputs(_("usage: bohan areas --by KIND [--format text|csv|json]\n\n"
            "Lists the areas of a kind with their population and the number of 町丁目 each\n"
            "holds: the names 'map --area' and 'atlas --area' accept. A name may be given\n"
            "shortened: 全角 or 半角, 小 for 小学校, without a trailing 区/学区/管内/交番, or\n"
            "by its first characters when they name one area.\n\n"
            "  --by KIND    chome, oaza, koban or school-district (required)\n"
            "  --format F   text (default), csv (UTF-8 with BOM: id,name,chome,population)\n"
            "               or json\n"
            "  --help       this text\n"),
          f);
}

bh_status bh_cli_find_area(bh_cli *cli, bh_db *db, bh_area_kind by, const char *text, char **id)
{
    *id = NULL;
    bh_area_list *l = NULL;
    bh_status st = bh_area_list_compute(db, by, &l);
    size_t i = 0;
    if (st == BH_OK)
        st = bh_area_list_find(cli->ctx, l, text, &i);
    if (st == BH_OK && (*id = strdup(bh_area_list_id(l, i))) == NULL)
        st = bh_error(cli->ctx, BH_E_NOMEM, "out of memory");
    bh_area_list_destroy(l);
    return st;
}

static void areas_row(bh_strbuf *sb, bh_out_format fmt, const bh_area_list *l, size_t i)
{
    const char *id = bh_area_list_id(l, i), *name = bh_area_list_name(l, i);
    long blocks = bh_area_list_blocks(l, i);
    double pop = bh_area_list_population(l, i);
    if (fmt == BH_OUT_CSV) {
        bh_strbuf_csv(sb, id);
        bh_strbuf_append(sb, ",");
        bh_strbuf_csv(sb, name);
        bh_strbuf_printf(sb, ",%ld,%.0f\r\n", blocks, pop);
    } else if (fmt == BH_OUT_JSON) {
        bh_strbuf_append(sb, i ? ",\n {\"id\": " : "\n {\"id\": ");
        bh_strbuf_json(sb, id);
        bh_strbuf_append(sb, ", \"name\": ");
        bh_strbuf_json(sb, name);
        bh_strbuf_printf(sb, ", \"chome\": %ld, \"population\": %.0f}", blocks, pop);
    } else {
        bh_strbuf_printf(sb, _("%s\t%ld 町丁目\t人口 %.0f\n"), name, blocks, pop);
    }
}

typedef struct areas_args {
    bh_area_kind by;
    int fmt;
} areas_args;

static bh_status areas_run(bh_cli *cli, bh_db *db, void *user)
{
    const areas_args *a = user;
    bh_area_list *l = NULL;
    bh_status st = bh_area_list_compute(db, a->by, &l);
    if (st != BH_OK)
        return st;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (a->fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s\r\n", _("id,name,chome,population"));
    else if (a->fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, "[");
    size_t n = bh_area_list_n(l);
    for (size_t i = 0; i < n; i++)
        areas_row(&sb, (bh_out_format)a->fmt, l, i);
    if (a->fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, n ? "\n]\n" : "]\n");
    else if (a->fmt == BH_OUT_TEXT)
        bh_strbuf_printf(&sb, _("%zu areas\n"), n);
    if (!sb.failed)
        bh_cli_emit((bh_out_format)a->fmt, sb.data);
    else
        st = bh_error(cli->ctx, BH_E_NOMEM, "out of memory");
    bh_strbuf_free(&sb);
    bh_area_list_destroy(l);
    return st;
}

int bh_cli_areas(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"by", required_argument, NULL, 'b'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    areas_args a = {BH_AREA_CHOME, BH_OUT_TEXT};
    const char *by = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "b:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            by = optarg;
            break;
        case 'f':
            a.fmt = bh_cli_parse_format(optarg);
            if (a.fmt < 0)
                return bh_cli_usage_error("areas", "--format: '%s' is not text, csv or json",
                                          optarg);
            break;
        case 'h':
            areas_usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("areas", "bad option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("areas", "unexpected argument '%s'", argv[optind]);
    if (!by)
        return bh_cli_usage_error("areas", "--by KIND is required");
    bh_summary_opts so = {0};
    if (bh_summary_parse_by(cli->ctx, by, &so) != BH_OK || so.by == BH_AREA_GRID)
        return bh_cli_usage_error("areas",
                                  "--by '%s': expected chome, oaza, koban or "
                                  "school-district",
                                  by);
    a.by = so.by;
    return bh_cli_with_db(cli, BH_DB_READONLY, areas_run, &a);
}

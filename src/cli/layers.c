#include <getopt.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/layer.h"

static void layers_usage(FILE *f)
{
    fputs(_("usage: bohan layers [--format text|csv|json]\n\n"
            "Lists the layers in the database: name, kind (real|approximate|sample), geometry,\n"
            "feature count, SRID and source (file, 'derived', or empty until imported).\n\n"
            "  --format F   text (default), csv (UTF-8 with BOM) or json\n"
            "  --help       this text\n"),
          f);
}

bh_status bh_cli_layers_print(bh_cli *cli, bh_db *db, void *fmtp)
{
    (void)cli;
    bh_out_format fmt = (bh_out_format) * (const int *)fmtp;
    bh_layer_info *rows = NULL;
    size_t n = 0;
    bh_status st = bh_layer_list(db, &rows, &n);
    if (st != BH_OK)
        return st;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    if (fmt == BH_OUT_CSV)
        bh_strbuf_printf(&sb, "%s\r\n", _("name,title,kind,geometry,features,srid,source"));
    else if (fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, "[");
    else
        bh_strbuf_append(&sb, _("name                   kind         geometry          features   "
                                "srid  source\n"));
    for (size_t i = 0; i < n; i++) {
        const bh_layer_info *r = &rows[i];
        char srid[16] = "";
        if (r->srid > 0)
            snprintf(srid, sizeof srid, "%d", r->srid);
        if (fmt == BH_OUT_CSV) {
            const char *cells[] = {r->name, r->title, r->kind, r->geometry};
            for (size_t k = 0; k < 4; k++) {
                bh_strbuf_csv(&sb, cells[k] ? cells[k] : "");
                bh_strbuf_append(&sb, ",");
            }
            bh_strbuf_printf(&sb, "%lld,%s,", r->features, srid);
            bh_strbuf_csv(&sb, r->source ? r->source : "");
            bh_strbuf_append(&sb, "\r\n");
        } else if (fmt == BH_OUT_JSON) {
            bh_strbuf_append(&sb, i ? ",\n {\"name\": " : "\n {\"name\": ");
            bh_strbuf_json(&sb, r->name);
            bh_strbuf_append(&sb, ", \"title\": ");
            if (r->title)
                bh_strbuf_json(&sb, r->title);
            else
                bh_strbuf_append(&sb, "null");
            bh_strbuf_append(&sb, ", \"kind\": ");
            bh_strbuf_json(&sb, r->kind);
            bh_strbuf_append(&sb, ", \"geometry\": ");
            bh_strbuf_json(&sb, r->geometry ? r->geometry : "NONE");
            bh_strbuf_printf(&sb, ", \"features\": %lld, \"srid\": ", r->features);
            bh_strbuf_append(&sb, r->srid > 0 ? srid : "null");
            bh_strbuf_append(&sb, ", \"source\": ");
            if (r->source)
                bh_strbuf_json(&sb, r->source);
            else
                bh_strbuf_append(&sb, "null");
            bh_strbuf_append(&sb, "}");
        } else {
            bh_strbuf_printf(&sb, "%-22s %-12s %-16s %9lld %6s  %s\n", r->name, r->kind,
                             r->geometry ? r->geometry : "NONE", r->features, srid,
                             r->source ? r->source : "-");
        }
    }
    if (fmt == BH_OUT_JSON)
        bh_strbuf_append(&sb, n ? "\n]\n" : "]\n");
    if (!sb.failed)
        bh_cli_emit(fmt, sb.data);
    else
        st = bh_error(cli->ctx, BH_E_NOMEM, "out of memory");
    bh_strbuf_free(&sb);
    bh_layer_list_free(rows, n);
    return st;
}

int bh_cli_layers(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int fmt = BH_OUT_TEXT, c;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            fmt = bh_cli_parse_format(optarg);
            if (fmt < 0)
                return bh_cli_usage_error("layers", "--format: '%s' is not text, csv or json",
                                          optarg);
            break;
        case 'h':
            layers_usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("layers", "bad option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error("layers", "unexpected argument '%s'", argv[optind]);
    return bh_cli_with_db(cli, BH_DB_READONLY, bh_cli_layers_print, &fmt);
}

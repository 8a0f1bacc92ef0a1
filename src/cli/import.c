#include <getopt.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/io.h"

static void import_usage(FILE *f)
{
    fputs(_("usage: bohan [--db FILE] import LAYER SOURCE [options]\n\n"
            "Imports any OGR-readable SOURCE (Shapefile, GeoJSON, GPKG, CSV or XLSX with\n"
            "coordinate columns) into LAYER, reprojected to the database SRID. An e-Stat 小地域\n"
            "shapefile imported into town_blocks is merged per KEY_CODE and marks the layer real;\n"
            "of a prefecture-wide file only the database's city (KEN + CITY) is kept, and its\n"
            "invalid polygons are repaired with GEOS MakeValid (both counted in the report).\n"
            "Layers derived from the imported one (e.g. oaza) are rebuilt.\n\n"
            "  --source-layer NAME   layer of a multi-layer source (default: the first)\n"
            "  --srs EPSG:N          CRS of a source that has none (required then)\n"
            "  --encoding ENC        text encoding of the attributes: CP932 or UTF-8 (default)\n"
            "  --x COLUMN --y COLUMN coordinate columns of a CSV/XLSX source\n"
            "  --where EXPR          OGR attribute filter\n"
            "  --replace             replace the layer's features\n"
            "  --append              add to the layer's features\n"
            "  --kind K              mark the layer real, approximate or sample\n"
            "  --no-repair           refuse an invalid e-Stat polygon instead of repairing it\n"
            "  --help                this text\n"),
          f);
}

typedef struct import_args {
    const char *layer;
    const bh_import_opts *o;
} import_args;

static bh_status import_run(bh_cli *cli, bh_db *db, void *user)
{
    const import_args *x = user;
    bh_import_result res;
    const bh_io *io = NULL;
    bh_status st = bh_ctx_io(cli->ctx, &io);
    if (st == BH_OK)
        st = io->import_run(db, x->layer, x->o, &res);
    if (st != BH_OK)
        return st;
    if (res.estat)
        bh_log(cli->ctx, BH_LOG_INFO,
               "%s: %lld features read: %lld of the city kept, %lld of other municipalities left "
               "out, %lld invalid polygon(s) repaired (GEOS MakeValid)",
               x->o->src.path, res.read, res.kept, res.dropped, res.repaired);
    bh_log(cli->ctx, BH_LOG_INFO, "%s: %lld features read, %lld stored in layer %s%s",
           x->o->src.path, res.read, res.stored, x->layer,
           res.estat ? " (e-Stat pieces merged per KEY_CODE)" : "");
    if (res.rederived > 0)
        bh_log(cli->ctx, BH_LOG_INFO, "%d derived layer(s) rebuilt", res.rederived);
    return BH_OK;
}

int bh_cli_import(bh_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"source-layer", required_argument, NULL, 'l'},
                                         {"srs", required_argument, NULL, 's'},
                                         {"encoding", required_argument, NULL, 'e'},
                                         {"x", required_argument, NULL, 'x'},
                                         {"y", required_argument, NULL, 'y'},
                                         {"where", required_argument, NULL, 'w'},
                                         {"replace", no_argument, NULL, 'R'},
                                         {"append", no_argument, NULL, 'A'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"no-repair", no_argument, NULL, 'N'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bh_import_opts o = {0};
    int c, replace = 0, append = 0;
    while ((c = getopt_long(argc, argv, "l:s:e:x:y:w:RAk:Nh", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            o.src.layer = optarg;
            break;
        case 's':
            o.src.srs = optarg;
            break;
        case 'e':
            o.src.encoding = optarg;
            break;
        case 'x':
            o.src.x = optarg;
            break;
        case 'y':
            o.src.y = optarg;
            break;
        case 'w':
            o.src.where = optarg;
            break;
        case 'R':
            replace = 1;
            break;
        case 'A':
            append = 1;
            break;
        case 'k':
            o.kind = optarg;
            break;
        case 'N':
            o.no_repair = 1;
            break;
        case 'h':
            import_usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error("import", "bad option");
        }
    }
    if (argc - optind != 2)
        return bh_cli_usage_error("import", "expected LAYER and SOURCE");
    if (replace && append)
        return bh_cli_usage_error("import", "--replace and --append exclude each other");
    if ((o.src.x == NULL) != (o.src.y == NULL))
        return bh_cli_usage_error("import", "give both --x and --y");
    if (o.kind && strcmp(o.kind, "real") != 0 && strcmp(o.kind, "approximate") != 0 &&
        strcmp(o.kind, "sample") != 0)
        return bh_cli_usage_error("import", "--kind: '%s' is not real, approximate or sample",
                                  o.kind);
    o.mode = replace ? BH_IMPORT_REPLACE : append ? BH_IMPORT_APPEND : BH_IMPORT_NEW;
    const char *layer = argv[optind];
    o.src.path = argv[optind + 1];
    import_args x = {layer, &o};
    return bh_cli_with_db(cli, 0, import_run, &x);
}

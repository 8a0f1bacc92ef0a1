/* bohan crimes import | import-counts | rejects | unplaced: argument parsing and printing only. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cli/cli.h"
#include "bohan/io.h"
#include "bohan/crimes.h"

static void import_usage(FILE *f)
{
    fputs(
        _("usage: bohan crimes import FILE... [--encoding auto|CP932|UTF-8] [--format text|json]\n"
          "                           [--sample] [--allow-duplicates]\n\n"
          "Imports police open-data CSV files (one per 手口: ひったくり, 車上ねらい, 部品ねらい,\n"
          "自動販売機ねらい, 自動車盗, オートバイ盗, 自転車盗). Every row is stored with its "
          "state:\n"
          "chome (matched to a 町丁目), oaza (大字 only), outside (another municipality) or\n"
          "rejected (with a reason; see 'bohan crimes rejects'). All files are one transaction:\n"
          "an unreadable file, a wrong encoding or another layout changes nothing. Files already\n"
          "imported (same content) are skipped.\n\n"
          "  --encoding E  auto (default: BOM/UTF-8, else CP932), CP932 or UTF-8\n"
          "  --format F    text (default) or json: the import report\n"
          "  --sample      mark every row as sample data\n"
          "  --allow-duplicates  import a file even when its rows repeat rows imported by an\n"
          "                earlier call (by default refused: 'bohan crimes remove' the old one)\n"
          "  --help        this text\n"),
        f);
}

static void counts_usage(FILE *f)
{
    fputs(_("usage: bohan crimes import-counts FILE [--encoding auto|CP932|UTF-8]\n"
            "                                  [--format text|json] [--sample]\n\n"
            "Imports a count table (CSV or XLSX): columns 地域 (area), 罪種 (crime_type),\n"
            "期間 or 年月 (period; or 開始年月 + 終了年月), 件数 (count); see docs/crime-data.md.\n"
            "For types not in open data, e.g. 住宅対象侵入盗 and 電話de詐欺.\n\n"
            "  --encoding E  for CSV: auto (default), CP932 or UTF-8\n"
            "  --format F    text (default) or json: the import report\n"
            "  --sample      mark every row as sample data\n"
            "  --allow-duplicates  import a file even when its rows repeat rows imported by an\n"
            "                earlier call (by default refused: 'bohan crimes remove' the old one)\n"
            "  --help        this text\n"),
          f);
}

static void rejects_usage(FILE *f)
{
    fputs(_("usage: bohan crimes rejects [--format text|csv|json]\n\n"
            "Lists the rejected rows of imported crime files and count tables: file, line,\n"
            "reason (docs/crime-data.md), crime type and the area as written.\n\n"
            "  --format F   text (default), csv (UTF-8 with BOM) or json\n"
            "  --help       this text\n"
            "See also 'bohan crimes unplaced' (every row not on exactly one 町丁目).\n"),
          f);
}

static void unplaced_usage(FILE *f)
{
    fputs(_("usage: bohan crimes unplaced [--format text|csv|json]\n\n"
            "Lists every crime row and count-table row that is not placed on exactly one\n"
            "町丁目, with columns kind, source (rows|counts), file, line, crime_type, area (as\n"
            "written), placed_on, reason, count. kind: group (a name shared by several\n"
            "町丁目: counted on the group of all of them, reason shared_name), oaza (大字 only),\n"
            "koban (交番 only), city (city-wide: the （市全体・地区不明） row of summaries),\n"
            "outside (another municipality), rejected (reason as in 'bohan crimes rejects').\n\n"
            "  --format F   text (default), csv (UTF-8 with BOM) or json\n"
            "  --help       this text\n"),
          f);
}

typedef struct import_args {
    const char *encoding;
    int fmt;
    int sample;
    int allow_duplicates;
} import_args;

/* Parses the shared options; returns -1 to continue, else an exit code. */
static int parse_import(const char *cmd, void (*usage)(FILE *), int argc, char **argv,
                        import_args *a)
{
    static const struct option opts[] = {
        {"encoding", required_argument, NULL, 'e'}, {"format", required_argument, NULL, 'f'},
        {"sample", no_argument, NULL, 's'},         {"allow-duplicates", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    a->encoding = "auto";
    a->fmt = BH_OUT_TEXT;
    a->sample = 0;
    a->allow_duplicates = 0;
    int c;
    while ((c = getopt_long(argc, argv, "e:f:sh", opts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (strcasecmp(optarg, "auto") != 0 && strcasecmp(optarg, "CP932") != 0 &&
                strcasecmp(optarg, "UTF-8") != 0 && strcasecmp(optarg, "Shift_JIS") != 0)
                return bh_cli_usage_error(cmd, "--encoding: '%s' is not auto, CP932 or UTF-8",
                                          optarg);
            a->encoding = optarg;
            break;
        case 'f':
            a->fmt = bh_cli_parse_format(optarg);
            if (a->fmt != BH_OUT_TEXT && a->fmt != BH_OUT_JSON)
                return bh_cli_usage_error(cmd, "--format: '%s' is not text or json", optarg);
            break;
        case 's':
            a->sample = 1;
            break;
        case 'D':
            a->allow_duplicates = 1;
            break;
        case 'h':
            usage(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error(cmd, "bad option");
        }
    }
    if (optind >= argc)
        return bh_cli_usage_error(cmd, "no FILE given");
    return -1;
}

/* One import run: the files (counts: one count table) and how to read and report them. */
typedef struct import_run_state {
    const import_args *a;
    const char *const *files;
    size_t n;
    int counts;
} import_run_state;

static bh_status import_run(bh_cli *cli, bh_db *db, void *user)
{
    const import_run_state *r = user;
    bh_city *city = NULL;
    bh_crimes_report *rep = NULL;
    bh_crimes_import_opts opts = {r->a->encoding, r->a->sample, r->a->allow_duplicates};
    const bh_io *io = NULL;
    bh_status st = bh_ctx_io(cli->ctx, &io);
    if (st == BH_OK)
        st = io->crimes_city_for_db(db, &city);
    if (st == BH_OK && r->counts)
        st = io->crimes_import_counts(db, city, r->files[0], &opts, &rep);
    else if (st == BH_OK)
        st = io->crimes_import(db, city, r->files, r->n, &opts, &rep);
    if (st == BH_OK) {
        char *text =
            r->a->fmt == BH_OUT_JSON ? bh_crimes_report_json(rep) : bh_crimes_report_text(rep);
        if (text)
            bh_cli_emit((bh_out_format)r->a->fmt, text);
        bh_free(text);
    }
    bh_crimes_report_destroy(rep);
    bh_city_destroy(city);
    return st;
}

int bh_cli_crimes_import(bh_cli *cli, int argc, char **argv)
{
    import_args a;
    int rc = parse_import("crimes import", import_usage, argc, argv, &a);
    if (rc >= 0)
        return rc;
    import_run_state r = {&a, (const char *const *)argv + optind, (size_t)(argc - optind), 0};
    return bh_cli_with_db(cli, 0, import_run, &r);
}

int bh_cli_crimes_import_counts(bh_cli *cli, int argc, char **argv)
{
    import_args a;
    int rc = parse_import("crimes import-counts", counts_usage, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return bh_cli_usage_error("crimes import-counts", "give exactly one FILE");
    import_run_state r = {&a, (const char *const *)argv + optind, 1, 1};
    return bh_cli_with_db(cli, 0, import_run, &r);
}

typedef struct listing_args {
    int fmt, unplaced;
} listing_args;

static bh_status listing_run(bh_cli *cli, bh_db *db, void *user)
{
    const listing_args *a = user;
    char *text = NULL;
    int lfmt = a->fmt == BH_OUT_CSV    ? BH_CRIMES_CSV
               : a->fmt == BH_OUT_JSON ? BH_CRIMES_JSON
                                       : BH_CRIMES_TEXT;
    const bh_io *io = NULL;
    bh_status st = BH_OK;
    if (a->unplaced) {
        st = bh_crimes_unplaced(db, lfmt, &text);
    } else {
        st = bh_ctx_io(cli->ctx, &io);
        if (st == BH_OK)
            st = io->crimes_rejects(db, lfmt, &text);
    }
    if (text)
        bh_cli_emit((bh_out_format)a->fmt, text);
    bh_free(text);
    return st;
}

/* bohan crimes rejects | unplaced: the same options, two listings. */
static int listing_main(bh_cli *cli, int argc, char **argv, int unplaced)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *cmd = unplaced ? "crimes unplaced" : "crimes rejects";
    listing_args a = {BH_OUT_TEXT, unplaced};
    int c;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            a.fmt = bh_cli_parse_format(optarg);
            if (a.fmt < 0)
                return bh_cli_usage_error(cmd, "--format: '%s' is not text, csv or json", optarg);
            break;
        case 'h':
            (unplaced ? unplaced_usage : rejects_usage)(stdout);
            return BH_EXIT_OK;
        default:
            return bh_cli_usage_error(cmd, "bad option");
        }
    }
    if (optind < argc)
        return bh_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    return bh_cli_with_db(cli, BH_DB_READONLY, listing_run, &a);
}

int bh_cli_crimes_rejects(bh_cli *cli, int argc, char **argv)
{
    return listing_main(cli, argc, argv, 0);
}

int bh_cli_crimes_unplaced(bh_cli *cli, int argc, char **argv)
{
    return listing_main(cli, argc, argv, 1);
}

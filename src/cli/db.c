/* bohan db copy|hash, and the gate that keeps commands not yet converted off PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "bohan/db.h"

/* The commands that run on PostgreSQL (docs/postgis.md); the rest are refused in one line. */
static const char *const db_pg_ready[] = {"init",
                                          "layers",
                                          "db",
                                          "import",
                                          "crimes summary",
                                          "crimes import",
                                          "crimes rejects",
                                          "crimes files",
                                          "crimes remove",
                                          "plan list",
                                          "plan show",
                                          "plan link",
                                          "plan metrics",
                                          "plan export",
                                          "plan import",
                                          "plan report",
                                          "refuges",
                                          "cameras",
                                          "map",
                                          "atlas",
                                          "areas",
                                          "crimes unplaced",
                                          "crimes hotspots",
                                          "crimes koban",
                                          "crimes check",
                                          "crimes import-counts"};

int bh_cli_pg_gate(const bh_cli *cli, int argc, char **argv)
{
    if (!bh_db_target_is_postgres(cli->db_path))
        return BH_EXIT_OK;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return BH_EXIT_OK;
    int sub = argc > 1 && argv[1][0] != '-' &&
              (strcmp(argv[0], "crimes") == 0 || strcmp(argv[0], "refuges") == 0 ||
               strcmp(argv[0], "cameras") == 0 || strcmp(argv[0], "plan") == 0);
    char name[64];
    snprintf(name, sizeof name, "%s%s%s", argv[0], sub ? " " : "", sub ? argv[1] : "");
    for (size_t i = 0; i < sizeof db_pg_ready / sizeof *db_pg_ready; i++)
        if (strcmp(argv[0], db_pg_ready[i]) == 0 || strcmp(name, db_pg_ready[i]) == 0)
            return BH_EXIT_OK;
    fprintf(stderr,
            _("bohan: not yet available on PostgreSQL: %s (it runs on a SpatiaLite file; "
              "'bohan db copy' makes one)\n"),
            name);
    return BH_EXIT_FAIL;
}

static void db_usage(FILE *f)
{
    fputs(_("usage: bohan db copy SRC DST\n"
            "       bohan [--db DB] db hash\n\n"
            "copy: copies the bohan database SRC into DST, SpatiaLite ↔ PostgreSQL (a file\n"
            "      path, postgresql://… or PG:…), in one transaction on DST: every table, row\n"
            "      and geometry. A file DST must not exist; a PostgreSQL DST must hold no bohan\n"
            "      tables and have PostGIS. Passwords come from PGPASSFILE or a service file.\n"
            "hash: one line per table: name, rows, digest (equal on both backends for equal\n"
            "      rows and geometries; compare a copy with its source).\n"),
          f);
}

static int db_copy(bh_cli *cli, int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        db_usage(stdout);
        return BH_EXIT_OK;
    }
    if (argc != 3)
        return bh_cli_usage_error("db copy", "expected SRC and DST");
    bh_status st = bh_db_copy(cli->ctx, argv[1], argv[2]);
    return st == BH_OK ? BH_EXIT_OK : bh_cli_fail(cli, st);
}

static bh_status db_hash_run(bh_cli *cli, bh_db *db, void *user)
{
    (void)cli, (void)user;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_status st = bh_db_digest(db, &sb);
    if (st == BH_OK && sb.data)
        fputs(sb.data, stdout);
    bh_strbuf_free(&sb);
    return st;
}

static int db_hash(bh_cli *cli, int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        db_usage(stdout);
        return BH_EXIT_OK;
    }
    if (argc != 1)
        return bh_cli_usage_error("db hash", "unexpected argument '%s'", argv[1]);
    return bh_cli_with_db(cli, BH_DB_READONLY, db_hash_run, NULL);
}

int bh_cli_db(bh_cli *cli, int argc, char **argv)
{
    static const bh_cli_command cmds[] = {
        {"copy", db_copy, N_("copy a bohan database SpatiaLite ↔ PostgreSQL in one transaction")},
        {"hash", db_hash, N_("per-table row counts and digests, equal across backends")},
    };
    return bh_cli_dispatch(cli, "db", NULL, cmds, sizeof cmds / sizeof *cmds, argc, argv);
}

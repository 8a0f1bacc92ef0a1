/* The base layer of the grids (docs/crime-aggregate.md): every block cut by the square cells of
 * B m (chome_area_kinds 'cells:B', the profile's crimes.area_cell_m, default 50), aligned on the
 * origin as the grid:M cells are (col = floor(x/B)), and every place's representative point.
 * Any grid:M whose M is a multiple of B is then an SQL aggregation of these pieces (summary_map.c):
 * cell floor(x/M) holds exactly the base cells floor(x/B) div (M/B), so its m² is their sum and a
 * read does no geometry work. Built with the layers (bh_area_map_refresh), checked by
 * `bohan crimes check`. Also the cutter every grid kind uses (bh_area_map_cut). */
#include "core/alloc.h"
#include "crimes/areamap.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELLS_FRESH "bh_area_cells_fresh"
#define POINTS_FRESH "bh_area_points_fresh"

static bh_status nomem(bh_db *db)
{
    return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

static bh_status step_error(bh_db *db)
{
    bh_status rc = bh_ctx_status(bh_db_ctx(db));
    return rc != BH_OK ? rc : bh_error(bh_db_ctx(db), BH_E_DB, "chome_area_cells: SQL error");
}

/* The cutter's statements: the blocks, a block's row strip, a strip's cell. */
typedef struct {
    bh_db *db;
    bh_stmt *blocks, *strip, *cell;
    double g;
} cutter;

static bh_status cutter_prepare(cutter *c)
{
    const bh_db_dialect *d = bh_db_sql(c->db);
    int srid = bh_db_srid(c->db);
    char *in = bh_asprintf(d->geom_in, "?1", srid);
    char *env = bh_asprintf(d->envelope, "?2", "?3", "?4", "?5", srid);
    char *out_g = bh_asprintf(d->geom_out, "geom"), *out_s = bh_asprintf(d->geom_out, "s");
    char *bb_g = bh_asprintf(d->bounds, "geom", "geom", "geom", "geom");
    char *bb_s = bh_asprintf(d->bounds, "s", "s", "s", "s");
    bh_status rc = in && env && out_g && out_s && bb_g && bb_s ? BH_OK : nomem(c->db);
    if (rc == BH_OK)
        rc = bh_stmt_preparef(c->db, &c->blocks,
                              "SELECT key_code, %s, ST_Area(geom), %s FROM town_blocks WHERE "
                              "geom IS NOT NULL AND key_code IS NOT NULL ORDER BY key_code",
                              out_g, bb_g);
    /* materialized: the strip is computed once, not once per column that reads it */
    if (rc == BH_OK)
        rc = bh_stmt_preparef(c->db, &c->strip,
                              "WITH q AS MATERIALIZED (SELECT ST_Intersection(%s, %s) s) "
                              "SELECT %s, %s FROM q WHERE s IS NOT NULL",
                              in, env, out_s, bb_s);
    if (rc == BH_OK)
        rc = bh_stmt_preparef(c->db, &c->cell, "SELECT ST_Area(ST_Intersection(%s, %s))", in, env);
    bh_free(in), bh_free(env), bh_free(out_g), bh_free(out_s), bh_free(bb_g), bh_free(bb_s);
    return rc;
}

static void bind_box(bh_stmt *st, double x0, double y0, double x1, double y1)
{
    bh_stmt_bind_double(st, 2, x0);
    bh_stmt_bind_double(st, 3, y0);
    bh_stmt_bind_double(st, 4, x1);
    bh_stmt_bind_double(st, 5, y1);
}

/* One row strip of the current block (blob of its WKB): its cells with a positive area. */
static bh_status cut_strip(cutter *c, const char *place, double place_area, long row,
                           bh_area_cell_put put, void *user)
{
    double g = c->g;
    const void *wkb;
    size_t len;
    if (bh_stmt_column_type(c->strip, 0) != BH_VAL_BLOB ||
        bh_stmt_column_type(c->strip, 1) == BH_VAL_NULL ||
        (wkb = bh_stmt_column_blob(c->strip, 0, &len)) == NULL)
        return BH_OK; /* empty: the block only touches the strip */
    long c0 = (long)floor(bh_stmt_column_double(c->strip, 1) / g);
    long c1 = (long)floor(bh_stmt_column_double(c->strip, 3) / g);
    bh_status rc = BH_OK;
    for (long col = c0; rc == BH_OK && col <= c1; col++) {
        bh_stmt_reset(c->cell);
        bh_stmt_bind_blob(c->cell, 1, wkb, len);
        bind_box(c->cell, col * g, row * g, (col + 1) * g, (row + 1) * g);
        int r = bh_stmt_step(c->cell);
        if (r == BH_STEP_ERROR)
            return step_error(c->db);
        double part = r == BH_STEP_ROW ? bh_stmt_column_double(c->cell, 0) : 0;
        if (part > 0)
            rc = put(user, place, col, row, part, place_area);
    }
    return rc;
}

bh_status bh_area_map_cut(bh_db *db, double g, bh_area_cell_put put, void *user)
{
    cutter c = {db, NULL, NULL, NULL, g};
    bh_status rc = cutter_prepare(&c);
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(c.blocks)) == BH_STEP_ROW) {
        const char *place = bh_stmt_column_text(c.blocks, 0);
        size_t len;
        const void *wkb = bh_stmt_column_blob(c.blocks, 1, &len);
        double area = bh_stmt_column_double(c.blocks, 2);
        double x0 = bh_stmt_column_double(c.blocks, 3), x1 = bh_stmt_column_double(c.blocks, 5);
        long r0 = (long)floor(bh_stmt_column_double(c.blocks, 4) / g);
        long r1 = (long)floor(bh_stmt_column_double(c.blocks, 6) / g);
        if (wkb == NULL || !(area > 0))
            continue;
        /* cut by rows first: each cell is then cut from its small strip, not the whole block */
        for (long row = r0; rc == BH_OK && row <= r1; row++) {
            bh_stmt_reset(c.strip);
            bh_stmt_bind_blob(c.strip, 1, wkb, len);
            bind_box(c.strip, x0, row * g, x1, (row + 1) * g);
            int s = bh_stmt_step(c.strip);
            if (s == BH_STEP_ERROR)
                rc = step_error(db);
            else if (s == BH_STEP_ROW)
                rc = cut_strip(&c, place, area, row, put, user);
        }
    }
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = step_error(db);
    bh_stmt_finalize(c.blocks);
    bh_stmt_finalize(c.strip);
    bh_stmt_finalize(c.cell);
    return rc;
}

/* The pieces of the base layer, written after the cut (PostgreSQL: COPY, no statement between
 * the rows). */
typedef struct {
    char *place;
    long cx, cy;
    double area;
} piece;

typedef struct {
    bh_db *db;
    piece *p;
    size_t n, cap;
} piece_list;

static bh_status piece_put(void *user, const char *place, long col, long row, double area,
                           double place_area)
{
    (void)place_area; /* a block's m² is the sum of its pieces */
    piece_list *l = user;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4096;
        piece *p = bh_realloc(l->p, cap * sizeof *p);
        if (p == NULL)
            return nomem(l->db);
        l->p = p, l->cap = cap;
    }
    piece *p = &l->p[l->n];
    if ((p->place = bh_strdup(place)) == NULL)
        return nomem(l->db);
    p->cx = col, p->cy = row, p->area = area;
    l->n++;
    return BH_OK;
}

static bh_status write_pieces(bh_db *db, const char *table, const piece_list *l)
{
    static const char *const cols[] = {"place", "cx", "cy", "area"};
    bh_value v[4] = {
        {.type = BH_VAL_TEXT}, {.type = BH_VAL_INT}, {.type = BH_VAL_INT}, {.type = BH_VAL_REAL}};
    bh_status rc = BH_OK;
    bh_db_bulk *bulk = NULL;
    bh_stmt *ins = NULL;
    if (bh_db_has_bulk(db))
        rc = bh_db_bulk_begin(db, table, cols, 4, NULL, &bulk);
    else
        rc = bh_stmt_preparef(db, &ins, "INSERT INTO %s (place, cx, cy, area) VALUES (?, ?, ?, ?)",
                              table);
    for (size_t i = 0; rc == BH_OK && i < l->n; i++) {
        v[0].p = l->p[i].place, v[0].n = strlen(l->p[i].place);
        v[1].i = l->p[i].cx, v[2].i = l->p[i].cy, v[3].d = l->p[i].area;
        if (bulk) {
            rc = bh_db_bulk_row(bulk, v);
            continue;
        }
        bh_stmt_reset(ins);
        for (int k = 0; k < 4; k++)
            bh_stmt_bind_value(ins, k + 1, &v[k]);
        if (bh_stmt_step(ins) == BH_STEP_ERROR)
            rc = step_error(db);
    }
    if (bulk) {
        bh_status end = bh_db_bulk_end(bulk, rc == BH_OK);
        rc = rc == BH_OK ? end : rc;
    }
    bh_stmt_finalize(ins);
    return rc;
}

/* Every place's representative point (blocks and groups 'c', 大字 'o') as its x, y. */
static bh_status write_points(bh_db *db, const char *table)
{
    bh_status rc = BH_OK;
    for (int chome = 1; rc == BH_OK && chome >= 0; chome--) {
        char *sql = NULL;
        rc = bh_area_map_points_sql(db, chome, &sql);
        if (rc == BH_OK)
            rc = bh_db_execq(db,
                             "INSERT INTO %s (place_kind, place, x, y) SELECT %Q, place, "
                             "ST_X(pt), ST_Y(pt) FROM (%s) p WHERE pt IS NOT NULL",
                             table, chome ? "c" : "o", sql);
        bh_free(sql);
    }
    return rc;
}

bh_status bh_area_cells_build(bh_db *db, double b, const char *cells, const char *points)
{
    bh_status rc = bh_db_execq(db, "DELETE FROM %s; DELETE FROM %s", cells, points);
    piece_list l = {db, NULL, 0, 0};
    if (rc == BH_OK)
        rc = bh_area_map_cut(db, b, piece_put, &l);
    if (rc == BH_OK)
        rc = write_pieces(db, cells, &l);
    for (size_t i = 0; i < l.n; i++)
        bh_free(l.p[i].place);
    bh_free(l.p);
    return rc == BH_OK ? write_points(db, points) : rc;
}

double bh_area_cells_base(bh_db *db)
{
    if (!bh_db_has_table(db, "chome_area_cells") || !bh_db_has_table(db, "chome_area_kinds"))
        return 0;
    bh_stmt *q;
    if (bh_stmt_prepare(db, "SELECT kind FROM chome_area_kinds WHERE kind LIKE 'cells:%'", &q) !=
        BH_OK)
        return 0;
    double b = 0;
    if (bh_stmt_step(q) == BH_STEP_ROW && bh_stmt_column_text(q, 0))
        b = strtod(bh_stmt_column_text(q, 0) + 6, NULL);
    bh_stmt_finalize(q);
    return b >= 1 ? b : 0;
}

/* The pieces (place, cx, cy, stored m², fresh m²) and points (place_kind, place, x, y stored,
 * x, y fresh) that differ; areas within 1e-9 relative, points exactly. */
static const char cells_diff[] =
    "WITH k AS (SELECT place, cx, cy FROM chome_area_cells UNION SELECT place, cx, cy "
    "FROM " CELLS_FRESH
    ") SELECT k.place, k.cx, k.cy, s.area, f.area FROM k LEFT JOIN chome_area_cells s USING "
    "(place, cx, cy) LEFT JOIN " CELLS_FRESH " f USING (place, cx, cy) WHERE s.area IS NULL OR "
    "f.area IS NULL OR abs(s.area - f.area) > 1e-9 * (abs(s.area) + abs(f.area)) ORDER BY 1, 2, 3";
static const char points_diff[] =
    "WITH k AS (SELECT place_kind, place FROM chome_area_points UNION SELECT place_kind, place "
    "FROM " POINTS_FRESH ") SELECT k.place_kind, k.place, s.x, s.y, f.x, f.y FROM k LEFT JOIN "
    "chome_area_points s USING (place_kind, place) LEFT JOIN " POINTS_FRESH " f USING "
    "(place_kind, place) WHERE s.x IS DISTINCT FROM f.x OR s.y IS DISTINCT FROM f.y ORDER BY 1, 2";

static bh_status list_diffs(bh_db *db, double b, int cells, long *n_diff, bh_strbuf *out)
{
    bh_stmt *q;
    bh_status rc = bh_stmt_prepare(db, cells ? cells_diff : points_diff, &q);
    int r = BH_STEP_DONE;
    char t[6][32];
    while (rc == BH_OK && (r = bh_stmt_step(q)) == BH_STEP_ROW) {
        (*n_diff)++;
        if (cells)
            bh_strbuf_printf(
                out,
                bh_tr("differs: chome_area_cells (%g m cells) cell %s:%s, 町丁目 '%s': "
                      "stored %s m², fresh %s m²\n"),
                b, bh_area_map_text(q, 1, t[1]), bh_area_map_text(q, 2, t[2]),
                bh_area_map_text(q, 0, t[0]), bh_area_map_text(q, 3, t[3]),
                bh_area_map_text(q, 4, t[4]));
        else
            bh_strbuf_printf(
                out, bh_tr("differs: chome_area_points %s '%s': stored %s %s, fresh %s %s\n"),
                strcmp(bh_area_map_text(q, 0, t[0]), "c") == 0 ? "町丁目" : "大字",
                bh_area_map_text(q, 1, t[1]), bh_area_map_text(q, 2, t[2]),
                bh_area_map_text(q, 3, t[3]), bh_area_map_text(q, 4, t[4]),
                bh_area_map_text(q, 5, t[5]));
    }
    bh_stmt_finalize(q);
    return rc == BH_OK && r == BH_STEP_ERROR ? step_error(db) : rc;
}

bh_status bh_area_cells_check(bh_db *db, double b, long *n_diff, bh_strbuf *out)
{
    bh_status rc =
        bh_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS " CELLS_FRESH
                       " (place TEXT NOT NULL, cx INTEGER NOT NULL, cy INTEGER NOT "
                       "NULL, area DOUBLE PRECISION NOT NULL, PRIMARY KEY (place, cx, cy)); "
                       "CREATE TEMP TABLE IF NOT EXISTS " POINTS_FRESH
                       " (place_kind TEXT NOT NULL, place TEXT NOT NULL, x DOUBLE PRECISION NOT "
                       "NULL, y DOUBLE PRECISION NOT NULL, PRIMARY KEY (place_kind, place))");
    if (rc == BH_OK)
        rc = bh_area_cells_build(db, b, CELLS_FRESH, POINTS_FRESH);
    if (rc == BH_OK)
        rc = list_diffs(db, b, 1, n_diff, out);
    if (rc == BH_OK)
        rc = list_diffs(db, b, 0, n_diff, out);
    bh_status drop =
        bh_db_exec(db, "DROP TABLE IF EXISTS " CELLS_FRESH "; DROP TABLE IF EXISTS " POINTS_FRESH);
    return rc == BH_OK ? drop : rc;
}

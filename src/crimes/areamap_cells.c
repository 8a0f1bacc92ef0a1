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

#include <geos_c.h>
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

typedef bh_status (*cell_put)(void *user, const char *place, long col, long row, double area,
                              double place_area);

/* The cutter: the blocks come in one statement; the cutting is GEOS in the process (the
 * intersections SpatiaLite's and PostGIS's ST_Intersection compute, without a statement, and so a
 * round trip to a server, per strip and cell). */
typedef struct {
    bh_db *db;
    GEOSContextHandle_t h;
    GEOSWKBReader *reader;
    double g;
} cutter;

static bh_status geos_error(cutter *c, const char *place)
{
    return bh_error(bh_db_ctx(c->db), BH_E_GEOMETRY,
                    "town_blocks: block '%s': its geometry could not be cut by the %g m cells",
                    place, c->g);
}

static GEOSGeometry *cut_box(cutter *c, const GEOSGeometry *of, double x0, double y0, double x1,
                             double y1)
{
    GEOSGeometry *box = GEOSGeom_createRectangle_r(c->h, x0, y0, x1, y1);
    GEOSGeometry *cut = box ? GEOSIntersection_r(c->h, of, box) : NULL;
    if (box)
        GEOSGeom_destroy_r(c->h, box);
    return cut;
}

/* One row strip of a block: its cells with a positive area. */
static bh_status cut_strip(cutter *c, const GEOSGeometry *strip, const char *place,
                           double place_area, long row, cell_put put, void *user)
{
    double g = c->g, x0, x1;
    if (GEOSisEmpty_r(c->h, strip) != 0)
        return BH_OK; /* the block only touches the strip */
    if (!GEOSGeom_getXMin_r(c->h, strip, &x0) || !GEOSGeom_getXMax_r(c->h, strip, &x1))
        return geos_error(c, place);
    bh_status rc = BH_OK;
    for (long col = (long)floor(x0 / g); rc == BH_OK && col <= (long)floor(x1 / g); col++) {
        GEOSGeometry *cell = cut_box(c, strip, col * g, row * g, (col + 1) * g, (row + 1) * g);
        double part = 0;
        if (cell == NULL || !GEOSArea_r(c->h, cell, &part))
            rc = geos_error(c, place);
        else if (part > 0)
            rc = put(user, place, col, row, part, place_area);
        if (cell)
            GEOSGeom_destroy_r(c->h, cell);
    }
    return rc;
}

/* One block: cut by rows first, so that each cell is cut from its small strip. */
static bh_status cut_block(cutter *c, const char *place, const void *wkb, size_t len, cell_put put,
                           void *user)
{
    GEOSGeometry *b = GEOSWKBReader_read_r(c->h, c->reader, wkb, len);
    double bb[4], area = 0, g = c->g;
    if (b == NULL || !GEOSArea_r(c->h, b, &area) || !GEOSGeom_getXMin_r(c->h, b, &bb[0]) ||
        !GEOSGeom_getYMin_r(c->h, b, &bb[1]) || !GEOSGeom_getXMax_r(c->h, b, &bb[2]) ||
        !GEOSGeom_getYMax_r(c->h, b, &bb[3])) {
        if (b)
            GEOSGeom_destroy_r(c->h, b);
        return b == NULL || GEOSisEmpty_r(c->h, b) != 1 ? geos_error(c, place) : BH_OK;
    }
    bh_status rc = BH_OK;
    for (long row = (long)floor(bb[1] / g);
         rc == BH_OK && area > 0 && row <= (long)floor(bb[3] / g); row++) {
        GEOSGeometry *strip = cut_box(c, b, bb[0], row * g, bb[2], (row + 1) * g);
        rc = strip ? cut_strip(c, strip, place, area, row, put, user) : geos_error(c, place);
        if (strip)
            GEOSGeom_destroy_r(c->h, strip);
    }
    GEOSGeom_destroy_r(c->h, b);
    return rc;
}

typedef bh_status (*cell_put)(void *user, const char *place, long col, long row, double area,
                              double place_area);

/* Every block of town_blocks, in key_code order, cut by the cells; put gets each piece of
 * positive area. */
static bh_status area_map_cut(bh_db *db, double g, cell_put put, void *user)
{
    cutter c = {db, GEOS_init_r(), NULL, g};
    char *out = bh_asprintf(bh_db_sql(db)->geom_out, "geom");
    bh_stmt *blocks = NULL;
    bh_status rc = out && c.h && (c.reader = GEOSWKBReader_create_r(c.h)) ? BH_OK : nomem(db);
    if (rc == BH_OK)
        rc = bh_stmt_preparef(db, &blocks,
                              "SELECT key_code, %s FROM town_blocks WHERE geom IS NOT NULL AND "
                              "key_code IS NOT NULL ORDER BY key_code",
                              out);
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(blocks)) == BH_STEP_ROW) {
        size_t len;
        const void *wkb = bh_stmt_column_blob(blocks, 1, &len);
        if (wkb != NULL)
            rc = cut_block(&c, bh_stmt_column_text(blocks, 0), wkb, len, put, user);
    }
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = step_error(db);
    bh_stmt_finalize(blocks);
    bh_free(out);
    if (c.reader)
        GEOSWKBReader_destroy_r(c.h, c.reader);
    if (c.h)
        GEOS_finish_r(c.h);
    return rc;
}

/* The pieces, written after the cut (PostgreSQL: COPY, no statement between the rows). */
typedef struct {
    char *place;
    long cx, cy;
    double area, place_area;
} piece;

typedef struct {
    bh_db *db;
    piece *p;
    size_t n, cap;
} piece_list;

static bh_status piece_put(void *user, const char *place, long col, long row, double area,
                           double place_area)
{
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
    p->cx = col, p->cy = row, p->area = area, p->place_area = place_area;
    l->n++;
    return BH_OK;
}

/* Row i as the base layer's (place, cx, cy, area), or as kind's chome_area_map row (kind,
 * area_key "cx:cy", 'c', place, area, place_area). */
static int piece_values(const piece *p, const char *kind, char cell[64], bh_value *v)
{
    if (kind == NULL) {
        v[0] = (bh_value){.type = BH_VAL_TEXT, .p = p->place, .n = strlen(p->place)};
        v[1] = (bh_value){.type = BH_VAL_INT, .i = p->cx};
        v[2] = (bh_value){.type = BH_VAL_INT, .i = p->cy};
        v[3] = (bh_value){.type = BH_VAL_REAL, .d = p->area};
        return 4;
    }
    snprintf(cell, 64, "%ld:%ld", p->cx, p->cy);
    v[0] = (bh_value){.type = BH_VAL_TEXT, .p = kind, .n = strlen(kind)};
    v[1] = (bh_value){.type = BH_VAL_TEXT, .p = cell, .n = strlen(cell)};
    v[2] = (bh_value){.type = BH_VAL_TEXT, .p = "c", .n = 1};
    v[3] = (bh_value){.type = BH_VAL_TEXT, .p = p->place, .n = strlen(p->place)};
    v[4] = (bh_value){.type = BH_VAL_REAL, .d = p->area};
    v[5] = (bh_value){.type = BH_VAL_REAL, .d = p->place_area};
    return 6;
}

static bh_status write_pieces(bh_db *db, const char *table, const char *kind, const piece_list *l)
{
    static const char *const base[] = {"place", "cx", "cy", "area"};
    static const char *const map[] = {"kind",  "area_key", "place_kind",
                                      "place", "area",     "place_area"};
    const char *const *cols = kind ? map : base;
    int nc = kind ? 6 : 4;
    bh_status rc = BH_OK;
    bh_db_bulk *bulk = NULL;
    bh_stmt *ins = NULL;
    if (bh_db_has_bulk(db))
        rc = bh_db_bulk_begin(db, table, cols, nc, NULL, &bulk);
    else
        rc = kind ? bh_stmt_preparef(db, &ins,
                                     "INSERT INTO %s (kind, area_key, place_kind, place, area, "
                                     "place_area) VALUES (?, ?, ?, ?, ?, ?)",
                                     table)
                  : bh_stmt_preparef(db, &ins,
                                     "INSERT INTO %s (place, cx, cy, area) VALUES (?, ?, ?, ?)",
                                     table);
    for (size_t i = 0; rc == BH_OK && i < l->n; i++) {
        bh_value v[6];
        char cell[64];
        piece_values(&l->p[i], kind, cell, v);
        if (bulk) {
            rc = bh_db_bulk_row(bulk, v);
            continue;
        }
        bh_stmt_reset(ins);
        for (int k = 0; k < nc; k++)
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

bh_status bh_area_map_cut_into(bh_db *db, double g, const char *table, const char *kind)
{
    piece_list l = {db, NULL, 0, 0};
    bh_status rc = area_map_cut(db, g, piece_put, &l);
    if (rc == BH_OK)
        rc = write_pieces(db, table, kind, &l);
    for (size_t i = 0; i < l.n; i++)
        bh_free(l.p[i].place);
    bh_free(l.p);
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
    if (rc == BH_OK)
        rc = bh_area_map_cut_into(db, b, cells, NULL);
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

#include "render/maplayer.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "render/batch.h"
#include "render/page.h"

/* Runs a one-integer query without recording errors (probing optional columns). */
static long long maplayer_int(bh_db *db, const char *sql, long long fallback)
{
    sqlite3_stmt *q = NULL;
    long long v = fallback;
    if (sqlite3_prepare_v2(bh_db_sqlite(db), sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static char *maplayer_where(const bh_style_layer *L, const double e[4])
{
    return bh_asprintf("geom IS NOT NULL AND MbrIntersects(geom, BuildMbr(%.3f, %.3f, %.3f, "
                       "%.3f))%s%s%s",
                       e[0], e[1], e[2], e[3], L->where ? " AND (" : "", L->where ? L->where : "",
                       L->where ? ")" : "");
}

static bh_status maplayer_nomem(bh_db *db)
{
    return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
}

/* maplayer_int on sql (owned, freed here); a NULL sql is an allocation that failed. */
static bh_status maplayer_probe_int(bh_db *db, char *sql, long long fallback, long long *v)
{
    if (sql == NULL)
        return maplayer_nomem(db);
    *v = maplayer_int(db, sql, fallback);
    bh_free(sql);
    return BH_OK;
}

/* The features of L inside the extent, and whether they are points. */
static bh_status maplayer_count(bh_db *db, const bh_style_layer *L, const double extent[4],
                                bh_maplayer_info *info)
{
    char *where = maplayer_where(L, extent);
    char *sql = where ? bh_asprintf("SELECT count(*) FROM \"%s\" WHERE %s", L->table, where) : NULL;
    sqlite3_stmt *q = NULL;
    bh_status st = sql ? bh_db_prepare(db, sql, &q) : maplayer_nomem(db);
    if (st == BH_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            info->n_features = sqlite3_column_int64(q, 0);
        else
            st = bh_db_fail(db, L->table);
    }
    sqlite3_finalize(q);
    bh_free(sql);
    long long v = 0;
    if (st == BH_OK)
        st =
            maplayer_probe_int(db,
                               bh_asprintf("SELECT GeometryType(geom) LIKE '%%POINT%%' FROM \"%s\" "
                                           "WHERE %s LIMIT 1",
                                           L->table, where),
                               0, &v);
    info->points = v != 0;
    bh_free(where);
    return st;
}

/* The catalogue's title, credit and kind of L's table; the style's title wins. */
static bh_status maplayer_catalogue(bh_db *db, const bh_style_layer *L, bh_maplayer_info *info)
{
    sqlite3_stmt *q = NULL;
    bh_status st =
        bh_db_prepare(db, "SELECT title, credit, kind FROM layers WHERE table_name = ?", &q);
    if (st == BH_OK) {
        sqlite3_bind_text(q, 1, L->table, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            const char *title = (const char *)sqlite3_column_text(q, 0);
            const char *credit = (const char *)sqlite3_column_text(q, 1);
            const char *kind = (const char *)sqlite3_column_text(q, 2);
            info->title = title ? bh_strdup(title) : NULL;
            info->credit = credit ? bh_strdup(credit) : NULL;
            if ((title && !info->title) || (credit && !info->credit))
                st = maplayer_nomem(db);
            if (kind && strcmp(kind, "sample") == 0)
                info->sample = 1;
        }
    }
    sqlite3_finalize(q);
    if (st == BH_OK && (L->title || info->title == NULL)) {
        bh_free(info->title);
        info->title = bh_strdup(L->title ? L->title : L->table);
        if (info->title == NULL)
            st = maplayer_nomem(db);
    }
    return st;
}

bh_status bh_maplayer_probe(bh_db *db, const bh_style_layer *L, const double extent[4],
                            bh_maplayer_info *info)
{
    memset(info, 0, sizeof *info);
    if (L->type != BH_LAYER_TABLE || !bh_db_has_table(db, L->table))
        return BH_OK;
    long long v = -1;
    bh_status st = maplayer_probe_int(
        db, bh_asprintf("SELECT count(*) FROM \"%s\" WHERE geom IS NOT NULL LIMIT 1", L->table), -1,
        &v);
    info->exists = v >= 0;
    if (st != BH_OK || !info->exists)
        return st;
    st = maplayer_count(db, L, extent, info);
    v = 0;
    if (st == BH_OK)
        st = maplayer_probe_int(db, bh_asprintf("SELECT max(sample) FROM \"%s\"", L->table), 0, &v);
    info->sample = v > 0;
    if (st == BH_OK)
        st = maplayer_catalogue(db, L, info);
    return st;
}

void bh_maplayer_info_free(bh_maplayer_info *info)
{
    if (info == NULL)
        return;
    bh_free(info->title);
    bh_free(info->credit);
    memset(info, 0, sizeof *info);
}

typedef struct point_ctx {
    cairo_t *cr;
    const bh_style_layer *L;
    const double *frame;
    bh_labeler *lab;
    const bh_text_style *ts;
    const char *label;
    size_t drawn;
    bh_status st;
} point_ctx;

static void maplayer_point(void *user, double px, double py)
{
    point_ctx *pc = user;
    const double *f = pc->frame;
    if (px < f[0] || py < f[1] || px > f[0] + f[2] || py > f[1] + f[3])
        return;
    bh_page_symbol(pc->cr, &pc->L->symbol, px, py);
    pc->drawn++;
    if (pc->lab && pc->label && *pc->label && pc->st == BH_OK)
        pc->st = bh_labeler_add(pc->lab, pc->label, pc->ts, px, py, 0, NULL, NULL);
}

bh_status bh_maplayer_draw(bh_db *db, const bh_style_layer *L, bh_mapview *mv, cairo_t *cr,
                           bh_labeler *lab, const bh_text_style *ts, size_t *points)
{
    *points = 0;
    char *where = maplayer_where(L, bh_mapview_visible_extent(mv));
    char *sql = NULL;
    if (where)
        sql = L->label_field
                  ? bh_asprintf("SELECT AsBinary(geom), \"%s\" FROM \"%s\" WHERE %s",
                                L->label_field, L->table, where)
                  : bh_asprintf("SELECT AsBinary(geom) FROM \"%s\" WHERE %s", L->table, where);
    bh_free(where);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_stmt *q = NULL;
    bh_status st = bh_db_prepare(db, sql, &q);
    bh_free(sql);
    if (st != BH_OK)
        return st;
    point_ctx pc = {cr, L, bh_mapview_frame(mv), lab, ts, NULL, 0, BH_OK};
    /* Outline-only layers (boundaries, zones) in one stroke: overlapping opaque strokes of one
     * style look alike in any order (render/batch.h). Filled features may overlap: one by one. */
    bh_batch *b = NULL;
    if (bh_batch_paint_overlap_safe(&L->paint) && bh_batch_create(&b) != BH_OK) {
        sqlite3_finalize(q);
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && pc.st == BH_OK) {
        const unsigned char *wkb = sqlite3_column_blob(q, 0);
        size_t len = (size_t)sqlite3_column_bytes(q, 0);
        pc.label = L->label_field ? (const char *)sqlite3_column_text(q, 1) : NULL;
        if (wkb == NULL)
            continue;
        long n = bh_mapview_points_wkb(mv, wkb, len, maplayer_point, &pc);
        if (n > 0)
            continue;
        cairo_new_path(cr);
        if (bh_mapview_path_wkb(mv, cr, wkb, len) < 0) {
            st = bh_ctx_status(bh_db_ctx(db));
            break;
        }
        if (b && bh_batch_add_path(b, cr, &L->paint) != BH_OK) {
            st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory drawing %s", L->table);
            break;
        }
        if (b == NULL)
            bh_page_paint_path(cr, &L->paint);
        if (lab && pc.label && *pc.label) {
            double px, py;
            if (bh_mapview_label_point(mv, wkb, len, &px, &py) == 0)
                pc.st = bh_labeler_add(lab, pc.label, ts, px, py, 0, NULL, NULL);
        }
    }
    if (b && st == BH_OK && pc.st == BH_OK)
        bh_batch_draw(b, cr);
    bh_batch_destroy(b);
    if (st == BH_OK && pc.st != BH_OK)
        st = bh_error(bh_db_ctx(db), pc.st, "out of memory placing labels");
    if (st == BH_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        st = bh_db_fail(db, L->table);
    sqlite3_finalize(q);
    *points = pc.drawn;
    return st;
}

/* The areas of md in a TEMP table (temp.bh_map_areas: idx, geom), so one join counts every
 * area with SpatiaLite using the spatial index, each area's geometry parsed once. */
static bh_status maplayer_temp_areas(bh_db *db, const bh_summary *md)
{
    int srid = bh_db_srid(db);
    bh_status st = bh_db_exec(db, "DROP TABLE IF EXISTS temp.bh_map_areas;"
                                  "CREATE TEMP TABLE bh_map_areas (idx INTEGER PRIMARY KEY, geom "
                                  "BLOB)");
    sqlite3_stmt *q = NULL;
    char *sql = bh_asprintf("INSERT INTO temp.bh_map_areas VALUES (?, GeomFromWKB(?, %d))", srid);
    if (st == BH_OK)
        st = sql ? bh_db_prepare(db, sql, &q) : maplayer_nomem(db);
    bh_free(sql);
    for (size_t i = 0; st == BH_OK && i < bh_summary_n_areas(md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(md, i, &len);
        if (wkb == NULL)
            continue;
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, (sqlite3_int64)i);
        sqlite3_bind_blob(q, 2, wkb, (int)len, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = bh_db_fail(db, "areas for counting");
    }
    sqlite3_finalize(q);
    return st;
}

bh_status bh_maplayer_count_in_areas(bh_db *db, const bh_style_layer *L, const bh_summary *md,
                                     long *counts)
{
    size_t n = bh_summary_n_areas(md);
    memset(counts, 0, n * sizeof *counts);
    char *probe = bh_asprintf("SELECT spatial_index_enabled FROM geometry_columns WHERE "
                              "f_table_name = lower('%s') AND f_geometry_column = 'geom'",
                              L->table);
    if (probe == NULL)
        return maplayer_nomem(db);
    int indexed = maplayer_int(db, probe, 0) == 1;
    bh_free(probe);
    bh_status st = maplayer_temp_areas(db, md);
    char *sql = NULL;
    if (st == BH_OK)
        sql = indexed ? bh_asprintf("SELECT a.idx, count(*) FROM temp.bh_map_areas a, \"%s\" r "
                                    "WHERE r.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
                                    "f_table_name = '%s' AND search_frame = a.geom) AND "
                                    "ST_Within(r.geom, a.geom)%s%s%s GROUP BY a.idx",
                                    L->table, L->table, L->where ? " AND (" : "",
                                    L->where ? L->where : "", L->where ? ")" : "")
                      : bh_asprintf("SELECT a.idx, count(*) FROM temp.bh_map_areas a, \"%s\" r "
                                    "WHERE MbrWithin(r.geom, a.geom) AND ST_Within(r.geom, "
                                    "a.geom)%s%s%s GROUP BY a.idx",
                                    L->table, L->where ? " AND (" : "", L->where ? L->where : "",
                                    L->where ? ")" : "");
    if (st == BH_OK && sql == NULL)
        st = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_stmt *q = NULL;
    if (st == BH_OK)
        st = bh_db_prepare(db, sql, &q);
    bh_free(sql);
    int rc = SQLITE_DONE;
    while (st == BH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 i = sqlite3_column_int64(q, 0);
        if (i >= 0 && (size_t)i < n)
            counts[i] = (long)sqlite3_column_int64(q, 1);
    }
    if (st == BH_OK && rc != SQLITE_DONE)
        st = bh_db_fail(db, L->table);
    sqlite3_finalize(q);
    if (bh_db_exec(db, "DROP TABLE IF EXISTS temp.bh_map_areas") != BH_OK && st == BH_OK)
        st = bh_ctx_status(bh_db_ctx(db));
    return st;
}

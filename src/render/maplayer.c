#include "render/maplayer.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
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

/* "{key}" in tmpl replaced by that key of the catalogue definition (kept when absent). */
static char *maplayer_credit(const char *tmpl, json_object *def)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (const char *p = tmpl; *p;) {
        const char *e = *p == '{' ? strchr(p, '}') : NULL;
        json_object *v = NULL;
        char key[64];
        if (e && (size_t)(e - p) < sizeof key) {
            snprintf(key, sizeof key, "%.*s", (int)(e - p - 1), p + 1);
            if (def && json_object_object_get_ex(def, key, &v)) {
                bh_strbuf_append(&sb, json_object_get_string(v));
                p = e + 1;
                continue;
            }
        }
        bh_strbuf_appendn(&sb, p, 1);
        p++;
    }
    return bh_strbuf_take(&sb);
}

/* The CASE expression giving a feature's category (-1: none). */
static char *maplayer_case(const bh_style_layer *L)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_append(&sb, "CASE");
    for (size_t i = 0; i < L->n_categories; i++)
        bh_strbuf_printf(&sb, " WHEN (%s) THEN %zu", L->categories[i].where, i);
    bh_strbuf_append(&sb, " ELSE -1 END");
    return bh_strbuf_take(&sb);
}

/* Which categories have features inside the extent. */
static bh_status maplayer_categories(bh_db *db, const bh_style_layer *L, const double extent[4],
                                     bh_maplayer_info *info)
{
    char *where = maplayer_where(L, extent), *cs = maplayer_case(L);
    char *sql = where && cs
                    ? bh_asprintf("SELECT DISTINCT %s FROM \"%s\" WHERE %s", cs, L->table, where)
                    : NULL;
    bh_free(where);
    bh_free(cs);
    sqlite3_stmt *q = NULL;
    bh_status st = sql ? bh_db_prepare(db, sql, &q) : bh_error(bh_db_ctx(db), BH_E_NOMEM, "oom");
    bh_free(sql);
    int rc = SQLITE_DONE;
    while (st == BH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        int c = sqlite3_column_int(q, 0);
        if (c >= 0 && c < 64)
            info->cat_used[c] = 1;
    }
    if (st == BH_OK && rc != SQLITE_DONE)
        st = bh_db_fail(db, L->table);
    sqlite3_finalize(q);
    return st;
}

/* Title, credit and kind from the layers catalogue; the raster grid and the categories. */
static bh_status maplayer_catalogue(bh_db *db, const bh_style_layer *L, const double extent[4],
                                    bh_maplayer_info *info)
{
    sqlite3_stmt *q = NULL;
    json_object *def = NULL;
    if (bh_db_prepare(db, "SELECT title, credit, kind, definition FROM layers WHERE table_name = ?",
                      &q) == BH_OK) {
        sqlite3_bind_text(q, 1, L->table, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            info->title = bh_strdup((const char *)sqlite3_column_text(q, 0));
            info->credit = bh_strdup((const char *)sqlite3_column_text(q, 1));
            const char *kind = (const char *)sqlite3_column_text(q, 2);
            if (kind && strcmp(kind, "sample") == 0)
                info->sample = 1;
            const char *d = (const char *)sqlite3_column_text(q, 3);
            def = d ? json_tokener_parse(d) : NULL;
        }
    }
    sqlite3_finalize(q);
    if (L->title) {
        bh_free(info->title);
        info->title = bh_strdup(L->title);
    } else if (info->title == NULL) {
        info->title = bh_strdup(L->table);
    }
    if (L->credit) {
        bh_free(info->credit);
        info->credit = maplayer_credit(L->credit, def);
    }
    bh_status st = BH_OK;
    if (L->type == BH_LAYER_RASTER)
        st = bh_mapraster_load(db, L, def, &info->raster);
    if (st == BH_OK && L->n_categories)
        st = maplayer_categories(db, L, extent, info);
    json_object_put(def);
    return st;
}

bh_status bh_maplayer_probe(bh_db *db, const bh_style_layer *L, const double extent[4],
                            bh_maplayer_info *info)
{
    memset(info, 0, sizeof *info);
    if (L->type == BH_LAYER_AREAS || !bh_db_has_table(db, L->table))
        return BH_OK;
    char *sql = bh_asprintf("SELECT count(*) FROM \"%s\" WHERE geom IS NOT NULL LIMIT 1", L->table);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    info->exists = maplayer_int(db, sql, -1) >= 0;
    bh_free(sql);
    if (!info->exists)
        return BH_OK;
    char *where = maplayer_where(L, extent);
    sql = where ? bh_asprintf("SELECT count(*) FROM \"%s\" WHERE %s", L->table, where) : NULL;
    sqlite3_stmt *q = NULL;
    bh_status st = sql ? bh_db_prepare(db, sql, &q) : BH_E_NOMEM;
    if (st == BH_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            info->n_features = sqlite3_column_int64(q, 0);
        else
            st = bh_db_fail(db, L->table);
    }
    sqlite3_finalize(q);
    bh_free(sql);
    sql = where ? bh_asprintf("SELECT GeometryType(geom) LIKE '%%POINT%%' FROM \"%s\" WHERE %s "
                              "LIMIT 1",
                              L->table, where)
                : NULL;
    if (sql)
        info->points = maplayer_int(db, sql, 0) != 0;
    bh_free(sql);
    sql = bh_asprintf("SELECT max(sample) FROM \"%s\"", L->table);
    if (sql)
        info->sample = maplayer_int(db, sql, 0) > 0;
    bh_free(sql);
    bh_free(where);
    if (st == BH_OK)
        st = maplayer_catalogue(db, L, extent, info);
    return st;
}

void bh_maplayer_info_free(bh_maplayer_info *info)
{
    if (info == NULL)
        return;
    bh_free(info->title);
    bh_free(info->credit);
    bh_mapraster_destroy(info->raster);
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
    char *cs = L->n_categories ? maplayer_case(L) : bh_strdup("0");
    char *lf = L->label_field ? bh_asprintf("\"%s\"", L->label_field) : bh_strdup("NULL");
    char *sql = where && cs && lf
                    ? bh_asprintf("SELECT AsBinary(geom), %s, %s FROM \"%s\" WHERE %s", lf, cs,
                                  L->table, where)
                    : NULL;
    bh_free(where);
    bh_free(cs);
    bh_free(lf);
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
    if (!L->n_categories && bh_batch_paint_overlap_safe(&L->paint) &&
        bh_batch_create(&b) != BH_OK) {
        sqlite3_finalize(q);
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && pc.st == BH_OK) {
        const unsigned char *wkb = sqlite3_column_blob(q, 0);
        size_t len = (size_t)sqlite3_column_bytes(q, 0);
        pc.label = L->label_field ? (const char *)sqlite3_column_text(q, 1) : NULL;
        int cat = sqlite3_column_int(q, 2);
        if (wkb == NULL || cat < 0 || (L->n_categories && (size_t)cat >= L->n_categories))
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
            bh_page_paint_path(cr, L->n_categories ? &L->categories[cat].paint : &L->paint);
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

bh_status bh_maplayer_legend(const bh_style_layer *L, const bh_maplayer_info *info, bh_legend *lg)
{
    bh_status st = BH_OK;
    int heading = 0;
    if (L->type == BH_LAYER_RASTER) {
        st = bh_mapraster_legend(info->raster, L, info->title, lg);
        heading = bh_mapraster_cells(info->raster) > 0;
    }
    for (size_t i = 0; st == BH_OK && i < L->n_categories && i < 64; i++) {
        if (!info->cat_used[i])
            continue;
        if (!heading++)
            st = bh_legend_add(lg, BH_LEGEND_HEADING, info->title, NULL, NULL);
        if (st == BH_OK)
            st = bh_legend_add(lg, BH_LEGEND_FILL, L->categories[i].label, &L->categories[i].paint,
                               NULL);
    }
    if (st == BH_OK && heading && L->legend_note)
        st = bh_legend_add(lg, BH_LEGEND_NOTE, L->legend_note, NULL, NULL);
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
        st = sql ? bh_db_prepare(db, sql, &q) : BH_E_NOMEM;
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
    int indexed = probe && maplayer_int(db, probe, 0) == 1;
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

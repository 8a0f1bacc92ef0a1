#include "render/maplayer.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
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
                       e[0], e[1], e[2], e[3], L->where ? " AND (" : "",
                       L->where ? L->where : "", L->where ? ")" : "");
}

bh_status bh_maplayer_probe(bh_db *db, const bh_style_layer *L, const double extent[4],
                            bh_maplayer_info *info)
{
    memset(info, 0, sizeof *info);
    if (L->type != BH_LAYER_TABLE || !bh_db_has_table(db, L->table))
        return BH_OK;
    char *sql = bh_asprintf("SELECT count(*) FROM \"%s\" WHERE geom IS NOT NULL LIMIT 1", L->table);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    info->exists = maplayer_int(db, sql, -1) >= 0;
    free(sql);
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
    free(sql);
    sql = where ? bh_asprintf("SELECT GeometryType(geom) LIKE '%%POINT%%' FROM \"%s\" WHERE %s "
                              "LIMIT 1",
                              L->table, where)
                : NULL;
    if (sql)
        info->points = maplayer_int(db, sql, 0) != 0;
    free(sql);
    sql = bh_asprintf("SELECT max(sample) FROM \"%s\"", L->table);
    if (sql)
        info->sample = maplayer_int(db, sql, 0) > 0;
    free(sql);
    free(where);
    q = NULL;
    if (st == BH_OK &&
        bh_db_prepare(db, "SELECT title, credit, kind FROM layers WHERE table_name = ?", &q) ==
            BH_OK) {
        sqlite3_bind_text(q, 1, L->table, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            info->title = bh_strdup((const char *)sqlite3_column_text(q, 0));
            info->credit = bh_strdup((const char *)sqlite3_column_text(q, 1));
            const char *kind = (const char *)sqlite3_column_text(q, 2);
            if (kind && strcmp(kind, "sample") == 0)
                info->sample = 1;
        }
    }
    sqlite3_finalize(q);
    if (L->title) {
        free(info->title);
        info->title = bh_strdup(L->title);
    } else if (info->title == NULL) {
        info->title = bh_strdup(L->table);
    }
    return st;
}

void bh_maplayer_info_free(bh_maplayer_info *info)
{
    if (info == NULL)
        return;
    free(info->title);
    free(info->credit);
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
        sql = L->label_field ? bh_asprintf("SELECT AsBinary(geom), \"%s\" FROM \"%s\" WHERE %s",
                                           L->label_field, L->table, where)
                             : bh_asprintf("SELECT AsBinary(geom) FROM \"%s\" WHERE %s", L->table,
                                           where);
    free(where);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    sqlite3_stmt *q = NULL;
    bh_status st = bh_db_prepare(db, sql, &q);
    free(sql);
    if (st != BH_OK)
        return st;
    point_ctx pc = {cr, L, bh_mapview_frame(mv), lab, ts, NULL, 0, BH_OK};
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
        bh_page_paint_path(cr, &L->paint);
        if (lab && pc.label && *pc.label) {
            double px, py;
            if (bh_mapview_label_point(mv, wkb, len, &px, &py) == 0)
                pc.st = bh_labeler_add(lab, pc.label, ts, px, py, 0, NULL, NULL);
        }
    }
    if (st == BH_OK && pc.st != BH_OK)
        st = bh_error(bh_db_ctx(db), pc.st, "out of memory placing labels");
    if (st == BH_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        st = bh_db_fail(db, L->table);
    sqlite3_finalize(q);
    *points = pc.drawn;
    return st;
}

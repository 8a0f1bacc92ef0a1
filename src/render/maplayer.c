#include "render/maplayer.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "core/strbuf.h"
#include "render/batch.h"
#include "render/page.h"

/* *geom, *sample: whether table has the columns geom and sample (asked of the catalogue, not
 * by a failing statement: a PostgreSQL transaction survives it). */
static bh_status maplayer_columns(bh_db *db, const char *table, int *geom, int *sample)
{
    bh_db_column *cols = NULL;
    size_t n = 0;
    *geom = *sample = 0;
    bh_status st = bh_db_table_columns(db, table, &cols, &n);
    for (size_t i = 0; st == BH_OK && i < n; i++) {
        *geom |= strcmp(cols[i].name, "geom") == 0;
        *sample |= strcmp(cols[i].name, "sample") == 0;
    }
    bh_db_columns_free(cols, n);
    return st;
}

/* Runs a one-integer query (fallback for no row or NULL); a failing query is an error. */
static bh_status maplayer_int(bh_db *db, const char *sql, long long fallback, long long *v)
{
    bh_stmt *q = NULL;
    *v = fallback;
    bh_status st = bh_stmt_prepare(db, sql, &q);
    int r = st == BH_OK ? bh_stmt_step(q) : BH_STEP_ERROR;
    if (r == BH_STEP_ROW && bh_stmt_column_type(q, 0) != BH_VAL_NULL)
        *v = bh_stmt_column_int64(q, 0);
    if (st == BH_OK && r == BH_STEP_ERROR)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
    return st;
}

static char *maplayer_where(bh_db *db, const bh_style_layer *L, const double e[4])
{
    char box[256];
    snprintf(box, sizeof box, bh_db_sql(db)->bbox, "geom", e[0], e[1], e[2], e[3], bh_db_srid(db));
    return bh_asprintf("geom IS NOT NULL AND %s%s%s%s", box, L->where ? " AND (" : "",
                       L->where ? L->where : "", L->where ? ")" : "");
}

static bh_status maplayer_nomem(bh_db *db)
{
    return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
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
    char *where = maplayer_where(db, L, extent), *cs = maplayer_case(L);
    char *sql = where && cs
                    ? bh_asprintf("SELECT DISTINCT %s FROM \"%s\" WHERE %s", cs, L->table, where)
                    : NULL;
    bh_free(where);
    bh_free(cs);
    bh_stmt *q = NULL;
    bh_status st = sql ? bh_stmt_prepare(db, sql, &q) : maplayer_nomem(db);
    bh_free(sql);
    int rc = BH_STEP_DONE;
    while (st == BH_OK && (rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        long long c = bh_stmt_column_int64(q, 0);
        if (c >= 0 && c < 64)
            info->cat_used[c] = 1;
    }
    if (st == BH_OK && rc != BH_STEP_DONE)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
    return st;
}

/* Title, credit and kind from the layers catalogue; the raster grid and the categories. */
static bh_status maplayer_catalogue(bh_db *db, const bh_style_layer *L, const double extent[4],
                                    bh_maplayer_info *info)
{
    bh_stmt *q = NULL;
    json_object *def = NULL;
    int lost = 0; /* the catalogue's credit could not be copied */
    if (bh_stmt_prepare(db,
                        "SELECT title, credit, kind, definition FROM layers WHERE table_name = ?",
                        &q) == BH_OK) {
        bh_stmt_bind_text(q, 1, L->table);
        if (bh_stmt_step(q) == BH_STEP_ROW) {
            info->title = bh_strdup(bh_stmt_column_text(q, 0));
            info->credit = bh_strdup(bh_stmt_column_text(q, 1));
            lost = bh_stmt_column_text(q, 1) != NULL && info->credit == NULL;
            const char *kind = bh_stmt_column_text(q, 2);
            if (kind && strcmp(kind, "sample") == 0)
                info->sample = 1;
            const char *d = bh_stmt_column_text(q, 3);
            def = d ? json_tokener_parse(d) : NULL;
        }
    }
    bh_stmt_finalize(q);
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
    if (info->title == NULL || lost || (L->credit && info->credit == NULL))
        st = maplayer_nomem(db); /* never a layer drawn without its title or credit */
    if (st == BH_OK && L->type == BH_LAYER_RASTER)
        st = bh_mapraster_load(db, L, def, &info->raster);
    if (st == BH_OK && L->n_categories)
        st = maplayer_categories(db, L, extent, info);
    json_object_put(def);
    return st;
}

/* maplayer_int on sql (owned, freed here); a NULL sql is an allocation that failed. */
static bh_status maplayer_probe_int(bh_db *db, char *sql, long long fallback, long long *v)
{
    if (sql == NULL)
        return maplayer_nomem(db);
    bh_status st = maplayer_int(db, sql, fallback, v);
    bh_free(sql);
    return st;
}

/* The features of L inside the extent, and whether they are points. */
static bh_status maplayer_count(bh_db *db, const bh_style_layer *L, const double extent[4],
                                bh_maplayer_info *info)
{
    char *where = maplayer_where(db, L, extent);
    char *sql = where ? bh_asprintf("SELECT count(*) FROM \"%s\" WHERE %s", L->table, where) : NULL;
    long long v = 0;
    bh_status st = sql ? maplayer_int(db, sql, 0, &v) : maplayer_nomem(db);
    info->n_features = (long)v;
    bh_free(sql);
    v = 0;
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

bh_status bh_maplayer_probe(bh_db *db, const bh_style_layer *L, const double extent[4],
                            bh_maplayer_info *info)
{
    memset(info, 0, sizeof *info);
    if (L->type == BH_LAYER_AREAS || !bh_db_has_table(db, L->table))
        return BH_OK;
    int has_sample = 0;
    bh_status st = maplayer_columns(db, L->table, &info->exists, &has_sample);
    if (st != BH_OK || !info->exists)
        return st;
    st = maplayer_count(db, L, extent, info);
    long long v = 0;
    if (st == BH_OK && has_sample)
        st = maplayer_probe_int(db, bh_asprintf("SELECT max(sample) FROM \"%s\"", L->table), 0, &v);
    info->sample = v > 0;
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
    char *where = maplayer_where(db, L, bh_mapview_visible_extent(mv));
    char *cs = L->n_categories ? maplayer_case(L) : bh_strdup("0");
    char *lf = L->label_field ? bh_asprintf("\"%s\"", L->label_field) : bh_strdup("NULL");
    char gout[64];
    snprintf(gout, sizeof gout, bh_db_sql(db)->geom_out, "geom");
    char *sql = where && cs && lf ? bh_asprintf("SELECT %s, %s, %s FROM \"%s\" WHERE %s", gout, lf,
                                                cs, L->table, where)
                                  : NULL;
    bh_free(where);
    bh_free(cs);
    bh_free(lf);
    if (sql == NULL)
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    bh_stmt *q = NULL;
    bh_status st = bh_stmt_prepare(db, sql, &q);
    bh_free(sql);
    if (st != BH_OK)
        return st;
    point_ctx pc = {cr, L, bh_mapview_frame(mv), lab, ts, NULL, 0, BH_OK};
    /* Outline-only layers (boundaries, zones) in one stroke: overlapping opaque strokes of one
     * style look alike in any order (render/batch.h). Filled features may overlap: one by one. */
    bh_batch *b = NULL;
    if (!L->n_categories && bh_batch_paint_overlap_safe(&L->paint) &&
        bh_batch_create(&b) != BH_OK) {
        bh_stmt_finalize(q);
        return bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    }
    int rc;
    while ((rc = bh_stmt_step(q)) == BH_STEP_ROW && pc.st == BH_OK) {
        size_t len;
        const unsigned char *wkb = bh_stmt_column_blob(q, 0, &len);
        pc.label = L->label_field ? bh_stmt_column_text(q, 1) : NULL;
        long long cat = bh_stmt_column_int64(q, 2);
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
    if (st == BH_OK && rc == BH_STEP_ERROR)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
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

/* "WITH bh_map_areas (idx, geom) AS (VALUES (0, ?1), …)": the areas of md as parameters, so that
 * one join counts every area through the spatial index, also on a read-only connection (no TEMP
 * table: PostgreSQL refuses one in a read-only transaction). *n_bound gets the parameters. */
static char *maplayer_areas_cte(bh_db *db, const bh_summary *md, size_t *n_bound)
{
    char g[64];
    snprintf(g, sizeof g, bh_db_sql(db)->geom_in, "?%zu", bh_db_srid(db));
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_append(&sb, "WITH bh_map_areas (idx, geom) AS (VALUES ");
    *n_bound = 0;
    for (size_t i = 0; i < bh_summary_n_areas(md); i++) {
        size_t len;
        if (bh_summary_area_wkb(md, i, &len) == NULL)
            continue;
        char one[96];
        snprintf(one, sizeof one, g, ++*n_bound);
        bh_strbuf_printf(&sb, "%s(%zu, %s)", *n_bound > 1 ? ", " : "", i, one);
    }
    bh_strbuf_append(&sb, ") ");
    return bh_strbuf_take(&sb);
}

/* The count query: one row (idx, count) per area holding features of L. */
static char *maplayer_count_sql(bh_db *db, const bh_style_layer *L, const bh_summary *md,
                                size_t *n_bound)
{
    char *cte = maplayer_areas_cte(db, md, n_bound);
    char *hit = bh_db_sql(db)->index_hit(db, L->table, "r", "a.geom");
    char *sql = cte && hit && *n_bound
                    ? bh_asprintf("%sSELECT a.idx, count(*) FROM bh_map_areas a, \"%s\" r WHERE "
                                  "%s AND ST_Within(r.geom, a.geom)%s%s%s GROUP BY a.idx",
                                  cte, L->table, hit, L->where ? " AND (" : "",
                                  L->where ? L->where : "", L->where ? ")" : "")
                    : NULL;
    bh_free(cte);
    bh_free(hit);
    return sql;
}

bh_status bh_maplayer_count_in_areas(bh_db *db, const bh_style_layer *L, const bh_summary *md,
                                     long *counts)
{
    size_t n = bh_summary_n_areas(md), n_bound = 0;
    memset(counts, 0, n * sizeof *counts);
    char *sql = maplayer_count_sql(db, L, md, &n_bound);
    if (sql == NULL)
        return n_bound == 0 ? BH_OK : maplayer_nomem(db);
    bh_stmt *q = NULL;
    bh_status st = bh_stmt_prepare(db, sql, &q);
    bh_free(sql);
    for (size_t i = 0, k = 0; st == BH_OK && i < n; i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(md, i, &len);
        if (wkb)
            bh_stmt_bind_blob(q, (int)++k, wkb, len);
    }
    int rc = BH_STEP_DONE;
    while (st == BH_OK && (rc = bh_stmt_step(q)) == BH_STEP_ROW) {
        long long i = bh_stmt_column_int64(q, 0);
        if (i >= 0 && (size_t)i < n)
            counts[i] = (long)bh_stmt_column_int64(q, 1);
    }
    if (st == BH_OK && rc != BH_STEP_DONE)
        st = bh_ctx_status(bh_db_ctx(db));
    bh_stmt_finalize(q);
    return st;
}

/* bh_planmap: one small public-edition map per spatial plan item. */
#include "render/planmap.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/city.h"
#include "core/strbuf.h"
#include "db/stmt.h"
#include "plan/plan.h"
#include "render/map.h"
#include "render/mapview.h"
#include "render/maplayer.h"
#include "render/page.h"
#include "render/style.h"
#include "render/text.h"

#define TITLE_H 7.0
#define LEGEND_H 9.0

struct bh_planmap {
    bh_db *db;
    bh_style *style;
    double extent[4];
};

void bh_planmap_destroy(bh_planmap *pm)
{
    if (pm == NULL)
        return;
    bh_style_destroy(pm->style);
    bh_free(pm);
}

bh_status bh_planmap_create(bh_db *db, bh_planmap **out)
{
    *out = NULL;
    bh_ctx *ctx = bh_db_ctx(db);
    bh_planmap *pm = bh_calloc(1, sizeof *pm);
    bh_city *city = NULL;
    if (pm == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    pm->db = db;
    bh_status st = bh_map_city(db, &city);
    char *dir = st == BH_OK ? bh_city_styles_dir(city) : NULL;
    if (st == BH_OK)
        st = bh_style_load(ctx, "plan-item-map", dir, &pm->style);
    bh_free(dir);
    bh_city_destroy(city);
    bh_stmt *s = NULL;
    const char *u = "u"; /* the dialect's bounds of the boundary's union (one feature) */
    char *sql = st == BH_OK ? bh_asprintf(bh_db_sql(db)->bounds, u, u, u, u) : NULL;
    if (st == BH_OK && sql == NULL)
        st = bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = bh_stmt_preparef(db, &s,
                              "SELECT %s FROM (SELECT ST_Union(geom) u FROM "
                              "city_boundary) t",
                              sql);
    bh_free(sql);
    int rc = st == BH_OK ? bh_stmt_step(s) : BH_STEP_ERROR;
    if (st == BH_OK && rc == BH_STEP_ERROR)
        st = bh_ctx_status(ctx);
    else if (st == BH_OK && (rc != BH_STEP_ROW || bh_stmt_column_type(s, 0) == BH_VAL_NULL))
        st = bh_error(ctx, BH_E_NOT_FOUND, "plan maps: layer city_boundary is empty");
    for (int i = 0; st == BH_OK && i < 4; i++)
        pm->extent[i] = bh_stmt_column_double(s, i);
    bh_stmt_finalize(s);
    if (st != BH_OK) {
        bh_planmap_destroy(pm);
        return st;
    }
    *out = pm;
    return BH_OK;
}

/* The style layer drawing table (NULL for none, and for base-* / count-* layers). */
static const bh_style_layer *style_for(const bh_planmap *pm, const char *table)
{
    for (size_t i = 0; i < bh_style_n_layers(pm->style); i++) {
        const bh_style_layer *L = bh_style_layer_at(pm->style, i);
        if (L->table && strcmp(L->table, table) == 0 && strncmp(L->id, "base-", 5) != 0 &&
            strncmp(L->id, "count-", 6) != 0)
            return L;
    }
    return NULL;
}

static const bh_style_layer *style_id(const bh_planmap *pm, const char *id)
{
    for (size_t i = 0; i < bh_style_n_layers(pm->style); i++)
        if (strcmp(bh_style_layer_at(pm->style, i)->id, id) == 0)
            return bh_style_layer_at(pm->style, i);
    return NULL;
}

typedef struct link {
    char *table, *filter;
} link;

/* The item's links for fy to tables that exist: n returned, links[] owned by the caller. */
static size_t item_links(bh_planmap *pm, int item, const char *fy, link *links, size_t max)
{
    bh_stmt *s = NULL;
    size_t n = 0;
    if (bh_stmt_prepare(pm->db,
                        "SELECT layer_name, filter FROM plan_item_layers WHERE item_no = ? AND "
                        "fiscal_year = ? ORDER BY rowid",
                        &s) != BH_OK)
        return 0;
    bh_stmt_bind_int64(s, 1, item);
    bh_stmt_bind_text(s, 2, fy);
    while (n < max && bh_stmt_step(s) == BH_STEP_ROW) {
        char *table = bh_plan_layer_table(pm->db, bh_stmt_column_text(s, 0));
        if (table == NULL)
            continue;
        const char *f = bh_stmt_column_text(s, 1);
        links[n].table = table;
        links[n].filter = f ? bh_strdup(f) : NULL;
        n++;
    }
    bh_stmt_finalize(s);
    return n;
}

static void links_free(link *links, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bh_free(links[i].table);
        bh_free(links[i].filter);
    }
}

int bh_planmap_wants(bh_planmap *pm, int item, const char *fy)
{
    link links[16];
    size_t n = item_links(pm, item, fy, links, 16);
    int wants = 0;
    for (size_t i = 0; i < n; i++)
        wants |= style_for(pm, links[i].table) != NULL;
    links_free(links, n);
    return wants;
}

/* Public edition: the count of L's features (with filter) in each area of A, as labels. */
static bh_status draw_counts(bh_planmap *pm, cairo_t *cr, bh_mapview *mv, const bh_style_layer *A,
                             const bh_style_layer *L, const char *filter, int k)
{
    size_t pts = 0;
    /* The areas once; the k-th counted layer's labels a line below the previous one's. */
    bh_status st = k == 0 ? bh_maplayer_draw(pm->db, A, mv, cr, NULL, NULL, &pts) : BH_OK;
    char *wkb = bh_asprintf(bh_db_sql(pm->db)->geom_out, "a.geom");
    char *sql = wkb ? bh_asprintf("SELECT %s, (SELECT count(*) FROM \"%s\" p WHERE "
                                  "ST_Within(p.geom, a.geom)%s%s%s) FROM \"%s\" a",
                                  wkb, L->table, filter ? " AND (" : "", filter ? filter : "",
                                  filter ? ")" : "", A->table)
                    : NULL;
    bh_free(wkb);
    bh_stmt *s = NULL;
    if (st == BH_OK)
        st = sql ? bh_stmt_prepare(pm->db, sql, &s)
                 : bh_error(bh_db_ctx(pm->db), BH_E_NOMEM, "out of memory");
    bh_free(sql);
    bh_text_style ts = bh_text_style_default(5);
    ts.halo_mm = 0.3;
    int rc = BH_STEP_DONE;
    while (st == BH_OK && (rc = bh_stmt_step(s)) == BH_STEP_ROW) {
        double px, py;
        long long n = bh_stmt_column_int64(s, 1);
        size_t len = 0;
        const void *g = bh_stmt_column_blob(s, 0, &len);
        if (n == 0 || bh_mapview_label_point(mv, g, len, &px, &py) != 0)
            continue;
        char label[64];
        snprintf(label, sizeof label, "%s%lld", L->public_counts ? L->public_counts : "", n);
        bh_text_draw(cr, &ts, label, px, py + 2.2 * k, BH_ANCHOR_CENTER);
    }
    if (st == BH_OK && rc == BH_STEP_ERROR)
        st = bh_ctx_status(bh_db_ctx(pm->db));
    bh_stmt_finalize(s);
    return st;
}

/* One linked layer: drawn with its look, or counted per area when its positions are internal;
 * its legend entry is appended to legend. */
static bh_status draw_link(bh_planmap *pm, cairo_t *cr, bh_mapview *mv, const link *k,
                           const bh_style_layer *A, bh_strbuf *legend, int *sample, int *counted)
{
    const bh_style_layer *L = style_for(pm, k->table);
    if (L == NULL)
        return BH_OK;
    bh_style_layer copy = *L;
    copy.where = k->filter;
    bh_maplayer_info info = {0};
    bh_status st = bh_maplayer_probe(pm->db, &copy, pm->extent, &info);
    if (st == BH_OK && L->edition == BH_SHOW_INTERNAL)
        st = draw_counts(pm, cr, mv, A, L, k->filter, (*counted)++);
    else if (st == BH_OK) {
        size_t pts = 0;
        st = bh_maplayer_draw(pm->db, &copy, mv, cr, NULL, NULL, &pts);
    }
    bh_strbuf_printf(legend, "%s%s %ld", legend->len ? "　" : "", info.title ? info.title : "",
                     info.n_features);
    if (L->edition == BH_SHOW_INTERNAL)
        bh_strbuf_printf(legend, "（%s別の数）", A->title ? A->title : A->table);
    if (info.sample) {
        bh_strbuf_append(legend, "［サンプル］");
        *sample = 1;
    }
    bh_maplayer_info_free(&info);
    return st;
}

static bh_status draw_layers(bh_planmap *pm, cairo_t *cr, bh_mapview *mv, const link *links,
                             size_t n, bh_strbuf *legend, int *sample)
{
    const char *count = "count-koban";
    for (size_t i = 0; i < n; i++)
        if (strcmp(links[i].table, "school_districts") == 0)
            count = "count-school";
    const bh_style_layer *A = style_id(pm, count);
    bh_status st = BH_OK;
    for (size_t i = 0; st == BH_OK && i < bh_style_n_layers(pm->style); i++) {
        const bh_style_layer *B = bh_style_layer_at(pm->style, i);
        size_t pts = 0;
        char *t = strncmp(B->id, "base-", 5) == 0 ? bh_plan_layer_table(pm->db, B->table) : NULL;
        if (t != NULL)
            st = bh_maplayer_draw(pm->db, B, mv, cr, NULL, NULL, &pts);
        bh_free(t);
    }
    int counted = 0;
    for (size_t i = 0; st == BH_OK && A != NULL && i < n; i++)
        st = draw_link(pm, cr, mv, &links[i], A, legend, sample, &counted);
    return st;
}

bh_status bh_planmap_draw(bh_planmap *pm, cairo_t *cr, int item, const char *fy, const char *title,
                          const double box[4], double dots_per_mm, int *sample)
{
    *sample = 0;
    link links[16];
    size_t n = item_links(pm, item, fy, links, 16);
    double frame[4] = {box[0], box[1] + TITLE_H, box[2], box[3] - TITLE_H - LEGEND_H};
    bh_mapview *mv = NULL;
    bh_status st = bh_mapview_create(bh_db_ctx(pm->db), frame, 1.0, pm->extent, dots_per_mm, &mv);
    bh_strbuf legend;
    bh_strbuf_init(&legend);
    cairo_save(cr);
    bh_text_style ts = bh_text_style_default(7);
    ts.bold = 1;
    bh_text_draw_in(cr, &ts, title, box[0] + 1, box[1] + 1, box[2] - 2);
    if (st == BH_OK) {
        cairo_save(cr);
        bh_mapview_clip(mv, cr);
        st = draw_layers(pm, cr, mv, links, n, &legend, sample);
        cairo_restore(cr);
    }
    bh_text_style ls = bh_text_style_default(5.5);
    ls.wrap = 1;
    if (legend.data != NULL)
        bh_text_draw_in(cr, &ls, legend.data, box[0] + 1, box[1] + box[3] - LEGEND_H + 0.5,
                        box[2] - 2);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.2);
    cairo_rectangle(cr, box[0], box[1], box[2], box[3]);
    cairo_stroke(cr);
    cairo_restore(cr);
    bh_strbuf_free(&legend);
    bh_mapview_destroy(mv);
    links_free(links, n);
    return st;
}

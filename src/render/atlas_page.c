/* One atlas page per area: map with neighbours greyed and sub-areas classed and labelled,
 * table of sub-area counts (continued on further pages when long), bar chart, 前年比. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "core/alloc.h"
#include "render/atlas_internal.h"
#include "render/chart.h"
#include "render/labels.h"
#include "render/mapview.h"
#include "render/north.h"
#include "render/page.h"
#include "render/scalebar.h"
#include "render/shape.h"
#include "render/table.h"
#include "render/text.h"

static double page_pt(double v, double dflt)
{
    return v > 0 ? v : dflt;
}

static bh_text_style font(const bh_atlas *a, double pt)
{
    bh_text_style st = bh_text_style_default(pt);
    const bh_style_page *pg = bh_style_page_of(a->style);
    if (pg && pg->font_family)
        st.family = pg->font_family;
    return st;
}

void bh_atlas_draw_header(bh_atlas *a, cairo_t *cr, const char *title, const char *subtitle)
{
    const bh_style_page *pg = bh_style_page_of(a->style);
    bh_text_style t = font(a, page_pt(pg ? pg->title_pt : 0, 16));
    t.bold = 1;
    bh_text_draw(cr, &t, title, a->margin, a->margin, BH_ANCHOR_NW);
    double th;
    bh_text_measure(cr, &t, title, NULL, &th);
    bh_text_style s = font(a, page_pt(pg ? pg->text_pt : 0, 9));
    bh_text_draw(cr, &s, subtitle, a->margin, a->margin + th, BH_ANCHOR_NW);
    bh_text_style e = font(a, page_pt(pg ? pg->text_pt : 0, 9));
    e.bold = 1;
    bh_text_draw(cr, &e, a->o->internal ? "内部資料（取扱注意）" : "公開版", a->pw - a->margin,
                 a->margin, BH_ANCHOR_NE);
}

void bh_atlas_draw_footer(bh_atlas *a, cairo_t *cr)
{
    const bh_style_page *pg = bh_style_page_of(a->style);
    bh_text_style s = font(a, page_pt(pg ? pg->small_pt : 0, 5.5));
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    json_object *root = bh_city_json(a->city), *v = NULL;
    if (root && json_object_object_get_ex(root, "source_line", &v))
        bh_strbuf_printf(&sb, "出典：%s", json_object_get_string(v));
    if (a->credits && *a->credits)
        bh_strbuf_printf(&sb, "\n%s", a->credits);
    double y = a->ph - a->margin;
    bh_text_style fw = s;
    double w = (a->pw - 2 * a->margin) * 0.78;
    if (sb.data) {
        /* Source, then credits, wrapped (never cut: a credit is owed in full), smaller down to
         * 4 pt until they fit the footer band (8.5 mm below the page's content). */
        fw.wrap = 1;
        double h = bh_text_height_in(cr, &fw, sb.data, w);
        for (; h > 8.5 && fw.size_pt > 4; h = bh_text_height_in(cr, &fw, sb.data, w))
            fw.size_pt -= 0.25;
        bh_text_draw_in(cr, &fw, sb.data, a->margin, y - h, w);
    }
    bh_strbuf_free(&sb);
    char right[160];
    snprintf(right, sizeof right, "作成 %s　%d / %d", a->printed, a->page, a->pages);
    bh_text_draw(cr, &s, right, a->pw - a->margin, y, BH_ANCHOR_SE);
    if (a->sample) {
        bh_text_style st = font(a, 12);
        st.bold = 1;
        st.rgba[0] = 0.8;
        st.rgba[3] = 1;
        st.halo_mm = 0.5;
        /* Under the edition label, right-aligned: clear of the title on the left. */
        bh_text_draw(cr, &st, "サンプルデータ / SAMPLE DATA", a->pw - a->margin, a->margin + 5,
                     BH_ANCHOR_NE);
    }
}

/* Title of an area: its name plus the kind unless the name already says it (松戸駅前交番,
 * サンプル交番01). */
static void area_title(const bh_atlas *a, size_t i, char *buf, size_t size)
{
    const char *name = bh_summary_area_name(a->areas, i);
    const char *kind = bh_atlas_kind_label(a->o->by);
    if (a->o->by == BH_AREA_SCHOOL_DISTRICT)
        kind = "区";
    if (strstr(name, bh_atlas_kind_label(a->o->by)) != NULL)
        snprintf(buf, size, "%s 犯罪発生状況", name);
    else
        snprintf(buf, size, "%s%s%s 犯罪発生状況", name,
                 a->o->by == BH_AREA_SCHOOL_DISTRICT ? "" : " ", kind);
}

/* Adds the row cells[0..ncols) and frees its cells; a cell that could not be made (NULL) is an
 * error, never an empty cell. */
static bh_status table_row(bh_table *t, char **cells, size_t ncols, int bold)
{
    bh_status st = BH_OK;
    for (size_t k = 0; k < ncols; k++)
        if (cells[k] == NULL)
            st = BH_E_NOMEM;
    if (st == BH_OK)
        st = bh_table_add_row_bold(t, (const char *const *)cells, bold);
    for (size_t k = 0; k < ncols; k++) {
        bh_free(cells[k]);
        cells[k] = NULL;
    }
    return st;
}

static bh_status build_table(const bh_atlas *a, size_t i, bh_table **out)
{
    size_t nt = bh_summary_n_types(a->areas);
    size_t ncols = nt + 2;
    bh_table *t = NULL;
    bh_status st = bh_table_create(ncols, &t);
    if (st != BH_OK)
        return bh_error(a->ctx, st, "atlas: table of %zu columns", ncols);
    bh_table_set_font(t, bh_atlas_cfg_num(a, "table_pt", 6.5));
    st = bh_table_set_column(t, 0, bh_atlas_kind_label(a->sub_kind), BH_ALIGN_LEFT, 2.6);
    for (size_t k = 0; st == BH_OK && k < nt; k++)
        st = bh_table_set_column(
            t, k + 1, bh_atlas_type_short(a, bh_summary_type_name(a->areas, k)), BH_ALIGN_RIGHT, 1);
    if (st == BH_OK)
        st = bh_table_set_column(t, nt + 1, "計", BH_ALIGN_RIGHT, 1);
    char **cells = bh_calloc(ncols, sizeof *cells);
    long *rest = bh_calloc(nt + 1, sizeof *rest);
    if (!cells || !rest)
        st = BH_E_NOMEM;
    for (size_t k = 0; st == BH_OK && k < nt; k++)
        rest[k] = bh_summary_count(a->areas, i, k);
    if (rest)
        rest[nt] = bh_summary_total(a->areas, i);
    for (size_t m = a->member_off[i]; st == BH_OK && m < a->member_off[i + 1]; m++) {
        size_t j = a->members[m];
        cells[0] = bh_strdup(bh_summary_area_name(a->subs, j));
        for (size_t k = 0; k < nt; k++) {
            long c = bh_summary_count(a->subs, j, k);
            rest[k] -= c;
            cells[k + 1] = bh_asprintf("%ld", c);
        }
        rest[nt] -= bh_summary_total(a->subs, j);
        cells[nt + 1] = bh_asprintf("%ld", bh_summary_total(a->subs, j));
        st = table_row(t, cells, ncols, 0);
    }
    /* Crimes of the area not located in one of its sub-areas (大字のみ, 交番単位 counts). */
    if (st == BH_OK && rest[nt] > 0) {
        cells[0] = bh_strdup("その他（位置が町丁目未満）");
        for (size_t k = 0; k <= nt; k++)
            cells[k + 1] = bh_asprintf("%ld", rest[k] > 0 ? rest[k] : 0);
        st = table_row(t, cells, ncols, 0);
    }
    if (st == BH_OK) {
        cells[0] = bh_strdup("計");
        for (size_t k = 0; k < nt; k++)
            cells[k + 1] = bh_asprintf("%ld", bh_summary_count(a->areas, i, k));
        cells[nt + 1] = bh_asprintf("%ld", bh_summary_total(a->areas, i));
        st = table_row(t, cells, ncols, 1);
    }
    bh_free(cells);
    bh_free(rest);
    if (st != BH_OK) {
        bh_table_destroy(t);
        return bh_error(a->ctx, BH_E_NOMEM, "atlas: out of memory (table)");
    }
    *out = t;
    return BH_OK;
}

static int env_overlaps(const double a[4], const double b[4])
{
    return !(a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1]);
}

static void stroke_rgb(cairo_t *cr, double r, double g, double b, double w)
{
    cairo_set_source_rgb(cr, r, g, b);
    cairo_set_line_width(cr, w);
    cairo_stroke(cr);
}

/* Legend of the sub-area classes; returns its box height. */
static double draw_legend(const bh_atlas *a, cairo_t *cr, double x, double y, int draw)
{
    if (!a->classes)
        return 0;
    bh_text_style s = font(a, 6);
    double lh = 3.6, w = 30;
    int k = bh_classes_count(a->classes);
    const double *b = bh_classes_bounds(a->classes);
    double h = 4.5 + lh * k + 1;
    if (!draw)
        return h;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill_preserve(cr);
    stroke_rgb(cr, 0.4, 0.4, 0.4, 0.2);
    char head[64];
    snprintf(head, sizeof head, "%s別件数", bh_atlas_kind_label(a->sub_kind));
    bh_text_draw(cr, &s, head, x + 1.5, y + 1, BH_ANCHOR_NW);
    for (int c = 0; c < k; c++) {
        double yy = y + 4.5 + lh * c;
        bh_rgba col;
        bh_atlas_class_color(a, b[c + 1], &col);
        bh_page_set_color(cr, &col);
        cairo_rectangle(cr, x + 1.5, yy + 0.4, 4, 2.6);
        cairo_fill_preserve(cr);
        stroke_rgb(cr, 0.3, 0.3, 0.3, 0.15);
        char t[64];
        if (c == 0)
            snprintf(t, sizeof t, "%.0f〜%.0f件", b[0], b[1]);
        else
            snprintf(t, sizeof t, "%.0f超〜%.0f件", b[c], b[c + 1]);
        bh_text_draw(cr, &s, t, x + 7, yy + 1.7, BH_ANCHOR_W);
    }
    return h;
}

/* A sub-area polygon for "inside the polygon" label candidates. */
typedef struct inside_test {
    const bh_mapview *mv;
    bh_shape *geom;
    const bh_shape *area; /* the page's area: labels stay inside it too */
} inside_test;

/* Accepts a label box whose centre lies inside the polygon, so that a label moved off its
 * anchor never reads as the label of a neighbouring block. */
static int label_inside(void *user, const double box[4])
{
    const inside_test *t = user;
    if (!t->geom)
        return 1;
    double wx, wy;
    bh_mapview_to_world(t->mv, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, &wx, &wy);
    return bh_shape_contains(t->geom, wx, wy) && (!t->area || bh_shape_contains(t->area, wx, wy));
}

/* The page map of area i being drawn. */
typedef struct page_map {
    bh_atlas *a;
    cairo_t *cr;
    size_t i;
    const double *frame; /* x, y, w, h */
    bh_mapview *mv;
    bh_labeler *lab;
    bh_shape *area; /* the area's shape for label tests, or NULL */
} page_map;

/* The neighbours of the area, greyed, named where their point on surface is on the map. */
static bh_status draw_neighbours(page_map *p, const bh_text_style *nl, const bh_rgba *nf)
{
    bh_atlas *a = p->a;
    cairo_t *cr = p->cr;
    const double *frame = p->frame, *vis = bh_mapview_visible_extent(p->mv);
    bh_status st = BH_OK;
    for (size_t j = 0; st == BH_OK && j < bh_summary_n_areas(a->areas); j++) {
        if (j == p->i || isnan(a->env[j][0]) || !env_overlaps(a->env[j], vis))
            continue;
        size_t len = 0;
        const unsigned char *wkb = bh_summary_area_wkb(a->areas, j, &len);
        cairo_new_path(cr);
        long nv = bh_mapview_path_wkb(p->mv, cr, wkb, len);
        if (nv == -2)
            return BH_E_NOMEM;
        if (nv < 0) {
            bh_ctx_warn_error(a->ctx, "atlas: page of %s: neighbour %s skipped",
                              bh_summary_area_name(a->areas, p->i),
                              bh_summary_area_name(a->areas, j));
            continue;
        }
        bh_page_set_color(cr, nf);
        cairo_fill_preserve(cr);
        stroke_rgb(cr, 1, 1, 1, 0.5);
        double px, py;
        if (bh_mapview_label_point(p->mv, wkb, len, &px, &py) == 0 && px > frame[0] &&
            px < frame[0] + frame[2] && py > frame[1] && py < frame[1] + frame[3])
            st = bh_labeler_add(p->lab, bh_summary_area_name(a->areas, j), nl, px, py, -1, NULL,
                                NULL);
    }
    return st;
}

/* Sub-areas of the area, classed by total, labelled "name\nN件" at their point on surface or,
 * when that is taken, at an offset whose centre is still inside the block (tests[] one per
 * member). */
static bh_status draw_subs(page_map *p, const bh_text_style *sl, inside_test *tests)
{
    bh_atlas *a = p->a;
    cairo_t *cr = p->cr;
    size_t i = p->i;
    int inside = bh_atlas_cfg_bool(a, "labels_inside", 1);
    bh_status st = BH_OK;
    for (size_t m = a->member_off[i]; st == BH_OK && m < a->member_off[i + 1]; m++) {
        size_t j = a->members[m], len = 0;
        const unsigned char *wkb = bh_summary_area_wkb(a->subs, j, &len);
        cairo_new_path(cr);
        long nv = wkb ? bh_mapview_path_wkb(p->mv, cr, wkb, len) : -1;
        if (nv == -2)
            return BH_E_NOMEM;
        if (nv < 0) {
            if (wkb) /* a sub-area without geometry is a remainder row, never drawn */
                bh_ctx_warn_error(a->ctx, "atlas: page of %s: %s skipped",
                                  bh_summary_area_name(a->areas, i),
                                  bh_summary_area_name(a->subs, j));
            continue;
        }
        bh_rgba col;
        long tot = bh_summary_total(a->subs, j);
        bh_atlas_class_color(a, (double)tot, &col);
        bh_page_set_color(cr, &col);
        cairo_fill_preserve(cr);
        stroke_rgb(cr, 0.55, 0.55, 0.55, 0.15);
        double px, py;
        char text[256];
        snprintf(text, sizeof text, "%s\n%ld件", bh_summary_area_name(a->subs, j), tot);
        inside_test *t = &tests[m - a->member_off[i]];
        t->mv = p->mv;
        t->geom = inside ? bh_shape_from_wkb(wkb, len) : NULL;
        t->area = p->area;
        if (bh_mapview_label_point(p->mv, wkb, len, &px, &py) == 0)
            st = bh_labeler_add(p->lab, text, sl, px, py, (double)tot, label_inside, t);
    }
    return st;
}

/* The area's own outline. */
static bh_status draw_outline(page_map *p, const bh_rgba *stroke)
{
    size_t len = 0;
    const unsigned char *wkb = bh_summary_area_wkb(p->a->areas, p->i, &len);
    cairo_new_path(p->cr);
    long nv = bh_mapview_path_wkb(p->mv, p->cr, wkb, len);
    if (nv == -2)
        return BH_E_NOMEM;
    if (nv >= 0) {
        bh_page_set_color(p->cr, stroke);
        cairo_set_line_width(p->cr, 0.7);
        cairo_stroke(p->cr);
    } else {
        bh_ctx_warn_error(p->a->ctx, "atlas: page of %s: its outline skipped",
                          bh_summary_area_name(p->a->areas, p->i));
    }
    return BH_OK;
}

/* A 小学校区 page marks its school (the schools layer's point of that name) and names it: the
 * district is the school's, and residents look for it first. */
static bh_status draw_school(page_map *p, const bh_text_style *sl)
{
    if (p->a->o->by != BH_AREA_SCHOOL_DISTRICT || !bh_db_has_table(p->a->db, "schools"))
        return BH_OK;
    bh_stmt *q = NULL;
    if (bh_stmt_prepare(p->a->db,
                        "SELECT ST_X(geom), ST_Y(geom), name FROM schools WHERE name = ?1 AND "
                        "geom IS NOT NULL",
                        &q) != BH_OK) {
        bh_ctx_warn_error(p->a->ctx, "atlas: the school of a 小学校区 page is not drawn");
        return BH_OK;
    }
    bh_stmt_bind_text(q, 1, bh_summary_area_id(p->a->areas, p->i));
    bh_status st = BH_OK;
    if (bh_stmt_step(q) == BH_STEP_ROW) {
        double px, py;
        bh_mapview_to_page(p->mv, bh_stmt_column_double(q, 0), bh_stmt_column_double(q, 1), &px,
                           &py);
        bh_style_symbol sym = {BH_SYMBOL_SQUARE, 2.4, {0.1, 0.1, 0.1, 1, 1}, {1, 1, 1, 1, 1}, 0.3};
        bh_page_symbol(p->cr, &sym, px, py);
        bh_text_style ts = *sl;
        ts.size_pt += 1.5;
        st = bh_labeler_add(p->lab, bh_stmt_column_text(q, 2), &ts, px, py + sym.size_mm + 1,
                            HUGE_VAL, NULL, NULL);
    }
    bh_stmt_finalize(q);
    return st;
}

/* Legend, scale bar and north arrow inside the frame, reserved so that no label covers them;
 * then the labels. */
static bh_status draw_furniture(page_map *p, bh_status st)
{
    bh_atlas *a = p->a;
    cairo_t *cr = p->cr;
    const double *frame = p->frame, *vis = bh_mapview_visible_extent(p->mv);
    double fx0 = frame[0], fy0 = frame[1], fx1 = frame[0] + frame[2], fy1 = frame[1] + frame[3];
    bh_text_style fs = font(a, 6);
    double lgh = draw_legend(a, cr, 0, 0, 0);
    if (st == BH_OK && lgh > 0) {
        st = bh_labeler_reserve(p->lab, fx0 + 2, fy1 - 2 - lgh, fx0 + 32, fy1 - 2);
        draw_legend(a, cr, fx0 + 2, fy1 - 2 - lgh, 1);
    }
    double sw, sh;
    bh_scalebar_size(cr, p->mv, frame[2] * 0.25, &fs, &sw, &sh);
    if (st == BH_OK)
        st = bh_labeler_reserve(p->lab, fx1 - 3 - sw, fy1 - 3 - sh, fx1 - 1, fy1 - 1);
    bh_scalebar_draw(cr, p->mv, frame[2] * 0.25, &fs, fx1 - 2 - sw, fy1 - 2 - sh);
    double nw, nh;
    bh_north_size(cr, 10, &fs, &nw, &nh);
    if (st == BH_OK)
        st = bh_labeler_reserve(p->lab, fx1 - 3 - nw, fy0 + 1, fx1 - 1, fy0 + 3 + nh);
    double cx = (vis[0] + vis[2]) / 2, cy = (vis[1] + vis[3]) / 2;
    bh_north_draw(cr, 10, &fs, bh_north_convergence(a->ctx, bh_db_srid(a->db), cx, cy),
                  fx1 - 2 - nw, fy0 + 2);
    if (st == BH_OK) {
        bh_labeler_place(p->lab, cr);
        if (bh_labeler_failed(p->lab))
            st = BH_E_NOMEM; /* told by the page (atlas: out of memory (labels)) */
    }
    if (st == BH_OK) {
        bh_labeler_draw(p->lab, cr);
        a->dropped += (long)bh_labeler_dropped(p->lab);
    }
    return st;
}

/* The map of area i in frame (x, y, w, h). */
static bh_status draw_map(bh_atlas *a, cairo_t *cr, size_t i, const double frame[4])
{
    double ext[4];
    memcpy(ext, a->env[i], sizeof ext);
    double pad = fmax(fmax(ext[2] - ext[0], ext[3] - ext[1]) * 0.08, 100);
    ext[0] -= pad, ext[1] -= pad, ext[2] += pad, ext[3] += pad;
    page_map p = {a, cr, i, frame, NULL, NULL, NULL};
    bh_status st = bh_mapview_create(a->ctx, frame, 0, ext, bh_surface_dots_per_mm(a->surf), &p.mv);
    if (st != BH_OK)
        return st;
    st = bh_labeler_create(frame[0], frame[1], frame[0] + frame[2], frame[1] + frame[3], 1.0,
                           &p.lab);
    bh_text_style nl = font(a, bh_atlas_cfg_num(a, "label_pt", 6));
    nl.rgba[0] = nl.rgba[1] = nl.rgba[2] = 0.4; /* on the flat grey: no halo needed */
    nl.rgba[3] = 1;
    bh_text_style sl = font(a, bh_atlas_cfg_num(a, "label_pt", 6));
    sl.halo_mm = bh_atlas_cfg_num(a, "label_halo_mm", 0.3);
    sl.align = BH_ALIGN_CENTER;
    bh_rgba nf;
    if (bh_style_parse_color(bh_atlas_cfg_str(a, "neighbour_fill", "#e6e6e6"), &nf) != 0)
        bh_style_parse_color("#e6e6e6", &nf);
    bh_rgba as;
    if (bh_style_parse_color(bh_atlas_cfg_str(a, "area_stroke", "#c00000"), &as) != 0)
        bh_style_parse_color("#c00000", &as);
    cairo_save(cr);
    bh_mapview_clip(p.mv, cr);
    if (st == BH_OK)
        st = draw_neighbours(&p, &nl, &nf);
    size_t nm = a->member_off[i + 1] - a->member_off[i];
    inside_test *tests = bh_calloc(nm ? nm : 1, sizeof *tests);
    if (!tests)
        st = BH_E_NOMEM;
    /* Blocks are assigned by their representative point (crimes/assign.c) and may reach over
     * the area's edge: fills are clipped to the area, whose parts counted in a neighbour (a
     * block whose point lies outside) stay grey. */
    size_t alen = 0;
    const unsigned char *awkb = bh_summary_area_wkb(a->areas, i, &alen);
    p.area = bh_atlas_cfg_bool(a, "labels_inside", 1) ? bh_shape_from_wkb(awkb, alen) : NULL;
    cairo_save(cr);
    cairo_new_path(cr);
    long nv = bh_mapview_path_wkb(p.mv, cr, awkb, alen);
    if (nv == -2)
        st = BH_E_NOMEM;
    else if (nv >= 0) {
        bh_page_set_color(cr, &nf);
        cairo_fill_preserve(cr);
        cairo_clip(cr);
    } else {
        bh_ctx_warn_error(a->ctx, "atlas: page of %s: its fill clip skipped",
                          bh_summary_area_name(a->areas, i));
    }
    if (st == BH_OK)
        st = draw_subs(&p, &sl, tests);
    cairo_restore(cr);
    if (st == BH_OK)
        st = draw_outline(&p, &as);
    if (st == BH_OK)
        st = draw_school(&p, &sl);
    cairo_restore(cr);
    st = draw_furniture(&p, st);
    cairo_new_path(cr);
    cairo_rectangle(cr, frame[0], frame[1], frame[2], frame[3]);
    stroke_rgb(cr, 0, 0, 0, 0.3);
    bh_labeler_destroy(p.lab);
    for (size_t k = 0; tests && k < nm; k++)
        bh_shape_destroy(tests[k].geom);
    bh_shape_destroy(p.area);
    bh_free(tests);
    bh_mapview_destroy(p.mv);
    if (st != BH_OK && bh_ctx_status(a->ctx) == BH_OK)
        st = bh_error(a->ctx, st, "atlas: out of memory (labels)");
    return st;
}

/* Bar chart of the area's crime types with short names under the bars; 前年比 above it. */
static void draw_summary_block(bh_atlas *a, cairo_t *cr, size_t i, double x, double y, double w,
                               double h)
{
    size_t nt = bh_summary_n_types(a->areas);
    bh_text_style s = font(a, 8);
    long tot = bh_summary_total(a->areas, i), prev = bh_summary_prev_total(a->areas, i);
    char line[256];
    if (prev > 0)
        snprintf(line, sizeof line, "計 %ld件　前年同期 %ld件　前年比 %+.1f%%", tot, prev,
                 100.0 * (double)(tot - prev) / (double)prev);
    else if (prev == 0)
        snprintf(line, sizeof line, "計 %ld件　前年同期 0件（前年比 —）", tot);
    else
        snprintf(line, sizeof line, "計 %ld件　前年比 —（前年同期のデータなし）", tot);
    s.bold = 1;
    bh_text_draw_in(cr, &s, line, x, y, w);
    double cy = y + 6, ch = h - 6 - 7;
    const char *partial = bh_summary_partial_types(a->areas);
    if (partial) { /* never a silent 0: yearly count rows are not in a shorter period */
        char *note = bh_page_partial_note(partial);
        bh_text_style ns = font(a, 5.5);
        ns.wrap = 1;
        if (note)
            bh_text_draw_in(cr, &ns, note, x, y + 4.5, w);
        bh_free(note);
        cy += 5.5;
        ch -= 5.5;
    }
    if (nt == 0)
        return;
    double *v = bh_malloc(nt * sizeof *v);
    unsigned *col = bh_malloc(nt * sizeof *col);
    if (!v || !col) {
        bh_free(v);
        bh_free(col);
        return;
    }
    const bh_style_layer *al = bh_style_areas(a->style);
    static const unsigned dflt[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f};
    for (size_t k = 0; k < nt; k++) {
        v[k] = (double)bh_summary_count(a->areas, i, k);
        col[k] = al && al->n_chart_colors ? al->chart_colors[k % al->n_chart_colors]
                                          : dflt[k % (sizeof dflt / sizeof *dflt)];
    }
    bh_bar_chart c = {.n = nt,
                      .values = v,
                      .colors = col,
                      .gap_frac = 0.25,
                      .value_labels = 1,
                      .baseline_mm = 0.3};
    bh_bar_chart_draw(cr, &c, x, cy, w, ch);
    bh_text_style ts = font(a, 5);
    ts.align = BH_ALIGN_CENTER;
    ts.wrap = 1;
    ts.keep_words = 1; /* type names break only at their '|' hints (type_short) */
    double slot = w / (double)nt;
    /* smaller (down to 3.5 pt) until every word of every label fits its bar's slot */
    for (int fits = 0; !fits && ts.size_pt > 3.5; ts.size_pt -= fits ? 0 : 0.25) {
        fits = 1;
        for (size_t k = 0; fits && k < nt; k++)
            fits = bh_text_widest_word(cr, &ts,
                                       bh_atlas_type_short(a, bh_summary_type_name(a->areas, k))) <=
                   slot * 0.92;
    }
    for (size_t k = 0; k < nt; k++)
        bh_text_draw_in(cr, &ts, bh_atlas_type_short(a, bh_summary_type_name(a->areas, k)),
                        x + slot * (double)k, cy + ch + 0.6, slot);
    bh_free(v);
    bh_free(col);
}

void bh_atlas_layout(const bh_atlas *a, double map[4], double block[4], double table[4])
{
    double m = a->margin, top = m + 17, bottom = a->ph - m - 9;
    double W = a->pw - 2 * m, H = bottom - top;
    double frac = bh_atlas_cfg_num(a, "map_fraction", 0.6);
    if (frac < 0.3 || frac > 0.85)
        frac = 0.6;
    if (a->pw >= a->ph) { /* landscape: map left; 前年比, chart and table right */
        double mw = W * frac, px = m + mw + 5, pw = a->pw - m - px;
        double ch = fmin(40, H * 0.3);
        map[0] = m, map[1] = top, map[2] = mw, map[3] = H;
        block[0] = px, block[1] = top, block[2] = pw, block[3] = ch;
        table[0] = px, table[1] = top + ch + 4, table[2] = pw, table[3] = H - ch - 4;
    } else { /* portrait: map on top; chart left and table right below it */
        double mh = H * frac, y2 = top + mh + 4, bw = W * 0.34;
        map[0] = m, map[1] = top, map[2] = W, map[3] = mh;
        block[0] = m, block[1] = y2, block[2] = bw, block[3] = fmin(45, bottom - y2);
        table[0] = m + bw + 5, table[1] = y2, table[2] = W - bw - 5, table[3] = bottom - y2;
    }
}

bh_status bh_atlas_area_page(bh_atlas *a, size_t i)
{
    cairo_t *cr = bh_surface_cairo(a->surf);
    double m = a->margin, top = m + 17, bottom = a->ph - m - 9;
    double frame[4], block[4], tb[4];
    bh_atlas_layout(a, frame, block, tb);
    char title[512], sub[512];
    area_title(a, i, title, sizeof title);
    snprintf(sub, sizeof sub, "%s　%s別の件数（%s内）",
             a->period[0] ? a->period : "期間：データなし", bh_atlas_kind_label(a->sub_kind),
             bh_atlas_kind_label(a->o->by));
    bh_atlas_draw_header(a, cr, title, sub);
    bh_status st = draw_map(a, cr, i, frame);
    if (st != BH_OK)
        return st;
    draw_summary_block(a, cr, i, block[0], block[1], block[2], block[3]);
    bh_table *t = NULL;
    st = build_table(a, i, &t);
    if (st != BH_OK)
        return st;
    /* Shrink the table text (down to 5 pt) before spilling onto a continuation page. */
    bh_table_fit_header(t, cr, tb[2]);
    for (double pt = bh_atlas_cfg_num(a, "table_pt", 6.5) - 0.5;
         pt >= 5 && bh_table_rows_fitting(t, 0, tb[3]) < bh_table_rows(t); pt -= 0.5) {
        bh_table_set_font(t, pt);
        bh_table_fit_header(t, cr, tb[2]);
    }
    size_t next = bh_table_draw(t, cr, tb[0], tb[1], tb[2], tb[3], 0);
    bh_atlas_draw_footer(a, cr);
    /* Continuation pages: the rest of the table across the page width. */
    while (st == BH_OK && next < bh_table_rows(t)) {
        st = bh_surface_next_page(a->surf);
        if (st != BH_OK)
            break;
        cr = bh_surface_cairo(a->surf);
        a->page++;
        a->pages++;
        char ct[600];
        snprintf(ct, sizeof ct, "%s（続き）", title);
        bh_atlas_draw_header(a, cr, ct, sub);
        bh_table_fit_header(t, cr, a->pw - 2 * m);
        size_t to = bh_table_draw(t, cr, m, top, a->pw - 2 * m, bottom - top, next);
        bh_atlas_draw_footer(a, cr);
        if (to == next)
            break; /* a page too small for one row: stop rather than loop */
        next = to;
    }
    bh_table_destroy(t);
    return st;
}

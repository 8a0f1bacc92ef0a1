/* Text batching: glyphs, clusters and UTF-8 per (scaled font, colour), taken from the pango
 * layouts bh_text_draw would show, in point space (page mm scaled by BH_TEXT_MM_PER_PT). */
#include "render/textbatch.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <pango/pangocairo.h>
#include "core/array.h"
#include "render/text_layout.h"

#define MM BH_TEXT_MM_PER_PT

typedef struct tgroup {
    cairo_scaled_font_t *font; /* referenced */
    double rgba[4];
    cairo_glyph_t *glyphs;
    size_t n, cap;
    cairo_text_cluster_t *clusters;
    size_t nc, capc;
    char *utf8;
    size_t len, capu;
} tgroup;

/* Sizes of a group before a text was queued (to take a failed text back out). */
typedef struct tmark {
    size_t n, nc, len;
} tmark;

struct bh_textbatch {
    tgroup *g;
    size_t n, cap;
    size_t n_texts, n_glyphs, n_ops;
};

bh_status bh_textbatch_create(bh_textbatch **out)
{
    *out = bh_calloc(1, sizeof **out);
    return *out ? BH_OK : BH_E_NOMEM;
}

static void group_free(tgroup *g)
{
    cairo_scaled_font_destroy(g->font);
    bh_free(g->glyphs);
    bh_free(g->clusters);
    bh_free(g->utf8);
}

static void batch_clear(bh_textbatch *tb)
{
    for (size_t i = 0; i < tb->n; i++)
        group_free(&tb->g[i]);
    tb->n = 0;
    tb->n_texts = 0;
    tb->n_glyphs = 0;
}

void bh_textbatch_destroy(bh_textbatch *tb)
{
    if (tb == NULL)
        return;
    batch_clear(tb);
    bh_free(tb->g);
    bh_free(tb);
}

/* The group of (font, rgba), made on first use; NULL when out of memory. */
static tgroup *group_for(bh_textbatch *tb, cairo_scaled_font_t *font, const double rgba[4])
{
    for (size_t i = 0; i < tb->n; i++)
        if (tb->g[i].font == font && memcmp(tb->g[i].rgba, rgba, sizeof tb->g[i].rgba) == 0)
            return &tb->g[i];
    if (bh_array_grow((void **)&tb->g, &tb->cap, tb->n + 1, sizeof *tb->g, 64))
        return NULL;
    tgroup *g = &tb->g[tb->n++];
    memset(g, 0, sizeof *g);
    g->font = cairo_scaled_font_reference(font);
    memcpy(g->rgba, rgba, sizeof g->rgba);
    return g;
}

/* Appends one cluster: bytes of UTF-8 and the glyphs gi[0..n) (empty glyphs skipped) starting
 * at pen x (pango units) on baseline y, offset by (ox, oy) points. Advances *x. */
static bh_status cluster_add(tgroup *g, const char *utf8, int bytes, const PangoGlyphInfo *gi,
                             int n, int *x, int y, double ox, double oy)
{
    if (bh_array_grow((void **)&g->glyphs, &g->cap, g->n + (size_t)n, sizeof *g->glyphs, 64) ||
        bh_array_grow((void **)&g->clusters, &g->capc, g->nc + 1, sizeof *g->clusters, 64) ||
        bh_array_grow((void **)&g->utf8, &g->capu, g->len + (size_t)bytes + 1, 1, 64))
        return BH_E_NOMEM;
    int ng = 0;
    for (int i = 0; i < n; i++) {
        if (gi[i].glyph != PANGO_GLYPH_EMPTY) {
            cairo_glyph_t *cg = &g->glyphs[g->n++];
            cg->index = gi[i].glyph;
            cg->x = ox + (double)(*x + gi[i].geometry.x_offset) / PANGO_SCALE;
            cg->y = oy + (double)(y + gi[i].geometry.y_offset) / PANGO_SCALE;
            ng++;
        }
        *x += gi[i].geometry.width;
    }
    if (bytes == 0 && ng == 0)
        return BH_OK;
    memcpy(g->utf8 + g->len, utf8, (size_t)bytes);
    g->len += (size_t)bytes;
    g->utf8[g->len] = '\0';
    g->clusters[g->nc++] = (cairo_text_cluster_t){bytes, ng};
    return BH_OK;
}

typedef struct {
    bh_textbatch *tb;
    const char *text;
    double ox, oy;
    const double *rgba;
} queue_ctx;

/* bh_text_run_fn: the run's clusters into the group of its font; a bh_status. */
static int run_queue(void *user, const PangoLayoutRun *run, cairo_scaled_font_t *font, int x,
                     int baseline)
{
    const queue_ctx *q = user;
    tgroup *g = font ? group_for(q->tb, font, q->rgba) : NULL;
    if (g == NULL)
        return BH_E_NOMEM;
    bh_status st = BH_OK;
    const PangoGlyphString *gs = run->glyphs;
    const char *itext = q->text + run->item->offset;
    for (int i = 0; i < gs->num_glyphs && st == BH_OK;) {
        int start = gs->log_clusters[i], j = i;
        while (j < gs->num_glyphs && gs->log_clusters[j] == start)
            j++;
        int end = j < gs->num_glyphs ? gs->log_clusters[j] : run->item->length;
        st = cluster_add(g, itext + start, end - start, gs->glyphs + i, j - i, &x, baseline, q->ox,
                         q->oy);
        i = j;
    }
    return st;
}

/* Queues the glyphs of a batchable layout whose top-left is at (ox, oy) points. */
static bh_status layout_queue(bh_textbatch *tb, PangoLayout *layout, double ox, double oy,
                              const double rgba[4])
{
    queue_ctx q = {tb, pango_layout_get_text(layout), ox, oy, rgba};
    return (bh_status)bh_text_layout_each_run(layout, run_queue, &q);
}

/* Queues layout; on failure the batch is as it was. */
static bh_status queue_or_undo(bh_textbatch *tb, PangoLayout *layout, double ox, double oy,
                               const double rgba[4])
{
    size_t n0 = tb->n;
    tmark *m = bh_malloc((n0 ? n0 : 1) * sizeof *m);
    if (m == NULL)
        return BH_E_NOMEM;
    size_t before = 0;
    for (size_t i = 0; i < n0; i++) {
        m[i] = (tmark){tb->g[i].n, tb->g[i].nc, tb->g[i].len};
        before += tb->g[i].n;
    }
    bh_status st = layout_queue(tb, layout, ox, oy, rgba);
    if (st != BH_OK) {
        for (size_t i = 0; i < n0; i++) {
            tb->g[i].n = m[i].n;
            tb->g[i].nc = m[i].nc;
            tb->g[i].len = m[i].len;
            if (tb->g[i].utf8)
                tb->g[i].utf8[tb->g[i].len] = '\0';
        }
        for (size_t i = n0; i < tb->n; i++)
            group_free(&tb->g[i]);
        tb->n = n0;
    } else {
        size_t after = 0;
        for (size_t i = 0; i < tb->n; i++)
            after += tb->g[i].n;
        tb->n_glyphs += after - before;
        tb->n_texts++;
    }
    bh_free(m);
    return st;
}

int bh_textbatch_add(bh_textbatch *tb, cairo_t *cr, const bh_text_style *st, const char *text,
                     double x, double y, bh_anchor a)
{
    if (!text || !*text)
        return 0;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_scale(cr, MM, MM);
    PangoLayout *layout = bh_text_layout_new(cr, st, text);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double box[4];
    bh_text_box_from_size((double)logical.width / PANGO_SCALE * MM,
                          (double)logical.height / PANGO_SCALE * MM, x, y, a, box);
    int queued = 0, batchable = bh_text_layout_glyphs_ok(layout, 1);
    if (batchable) {
        double rgba[4], ox = box[0] / MM, oy = box[1] / MM;
        bh_text_fill_rgba(st, rgba);
        cairo_translate(cr, ox, oy);
        bh_text_layout_halo(cr, st, layout);
        queued = queue_or_undo(tb, layout, ox, oy, rgba) == BH_OK;
        if (!queued) { /* out of memory: the fill now, over the halo just drawn */
            cairo_set_source_rgba(cr, rgba[0], rgba[1], rgba[2], rgba[3]);
            cairo_move_to(cr, 0, 0);
            pango_cairo_show_layout(cr, layout);
        }
    }
    g_object_unref(layout);
    cairo_restore(cr);
    if (!batchable)
        bh_text_draw(cr, st, text, x, y, a);
    return queued;
}

void bh_textbatch_draw(bh_textbatch *tb, cairo_t *cr)
{
    tb->n_ops = 0;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_scale(cr, MM, MM);
    for (size_t i = 0; i < tb->n; i++) {
        const tgroup *g = &tb->g[i];
        if (g->n == 0 && g->nc == 0)
            continue;
        cairo_set_scaled_font(cr, g->font);
        cairo_set_source_rgba(cr, g->rgba[0], g->rgba[1], g->rgba[2], g->rgba[3]);
        cairo_show_text_glyphs(cr, g->utf8, (int)g->len, g->glyphs, (int)g->n, g->clusters,
                               (int)g->nc, 0);
        tb->n_ops++;
    }
    cairo_restore(cr);
    batch_clear(tb);
}

size_t bh_textbatch_n_texts(const bh_textbatch *tb)
{
    return tb->n_texts;
}

size_t bh_textbatch_n_glyphs(const bh_textbatch *tb)
{
    return tb->n_glyphs;
}

size_t bh_textbatch_n_ops(const bh_textbatch *tb)
{
    return tb->n_ops;
}

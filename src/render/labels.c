/* Greedy label placement: highest priority first, first free candidate wins. */
#include "render/labels.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "render/textbatch.h"

typedef struct label {
    char *text;
    bh_text_style st;
    double x, y, priority;
    bh_label_accept_fn accept;
    void *user;
    int placed, candidate;
    double box[4];
} label;

struct bh_labeler {
    double frame[4];
    double gap;
    label *labels;
    size_t n, cap;
    double (*reserved)[4];
    size_t n_reserved, cap_reserved;
    size_t n_placed;
    int failed; /* bh_labeler_place ran out of memory: nothing was placed */
};

bh_status bh_labeler_create(double x0, double y0, double x1, double y1, double gap_mm,
                            bh_labeler **out)
{
    bh_labeler *lab = bh_calloc(1, sizeof *lab);
    *out = NULL;
    if (!lab)
        return BH_E_NOMEM;
    lab->frame[0] = x0 < x1 ? x0 : x1;
    lab->frame[1] = y0 < y1 ? y0 : y1;
    lab->frame[2] = x0 < x1 ? x1 : x0;
    lab->frame[3] = y0 < y1 ? y1 : y0;
    lab->gap = gap_mm > 0 ? gap_mm : 0;
    *out = lab;
    return BH_OK;
}

void bh_labeler_destroy(bh_labeler *lab)
{
    if (!lab)
        return;
    for (size_t i = 0; i < lab->n; i++)
        bh_free(lab->labels[i].text);
    bh_free(lab->labels);
    bh_free(lab->reserved);
    bh_free(lab);
}

bh_status bh_labeler_reserve(bh_labeler *lab, double x0, double y0, double x1, double y1)
{
    if (lab->n_reserved == lab->cap_reserved) {
        size_t nc = lab->cap_reserved ? lab->cap_reserved * 2 : 8;
        void *p = bh_realloc(lab->reserved, nc * sizeof *lab->reserved);
        if (!p)
            return BH_E_NOMEM;
        lab->reserved = p;
        lab->cap_reserved = nc;
    }
    double *r = lab->reserved[lab->n_reserved++];
    r[0] = x0 < x1 ? x0 : x1;
    r[1] = y0 < y1 ? y0 : y1;
    r[2] = x0 < x1 ? x1 : x0;
    r[3] = y0 < y1 ? y1 : y0;
    return BH_OK;
}

bh_status bh_labeler_add(bh_labeler *lab, const char *text, const bh_text_style *st, double x,
                         double y, double priority, bh_label_accept_fn accept, void *user)
{
    if (lab->n == lab->cap) {
        size_t nc = lab->cap ? lab->cap * 2 : 32;
        void *p = bh_realloc(lab->labels, nc * sizeof *lab->labels);
        if (!p)
            return BH_E_NOMEM;
        lab->labels = p;
        lab->cap = nc;
    }
    label *l = &lab->labels[lab->n];
    memset(l, 0, sizeof *l);
    l->text = bh_strdup(text ? text : "");
    if (!l->text)
        return BH_E_NOMEM;
    l->st = st ? *st : bh_text_style_default(8);
    l->x = x;
    l->y = y;
    l->priority = isnan(priority) ? -HUGE_VAL : priority; /* NaN sorts last */
    l->accept = accept;
    l->user = user;
    l->candidate = -1;
    lab->n++;
    return BH_OK;
}

static int overlaps(const double a[4], const double b[4])
{
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

static int inside(const double in[4], const double box[4])
{
    return box[0] >= in[0] && box[1] >= in[1] && box[2] <= in[2] && box[3] <= in[3];
}

typedef struct rank {
    double priority;
    size_t index;
} rank;

/* Sort order: priority descending, then insertion order. */
static int cmp_rank(const void *a, const void *b)
{
    const rank *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int box_free(const bh_labeler *lab, const double box[4], const size_t *order, size_t n_done)
{
    if (!inside(lab->frame, box))
        return 0;
    for (size_t r = 0; r < lab->n_reserved; r++)
        if (overlaps(lab->reserved[r], box))
            return 0;
    for (size_t d = 0; d < n_done; d++) {
        const label *o = &lab->labels[order[d]];
        if (o->placed && overlaps(o->box, box))
            return 0;
    }
    return 1;
}

#define FAR_RING 8.0

size_t bh_labeler_place(bh_labeler *lab, cairo_t *cr)
{
    /* Centre, then N, NE, E, SE, S, SW, W, NW of the anchor. */
    static const bh_anchor anchors[9] = {BH_ANCHOR_CENTER, BH_ANCHOR_S,  BH_ANCHOR_SW,
                                         BH_ANCHOR_W,      BH_ANCHOR_NW, BH_ANCHOR_N,
                                         BH_ANCHOR_NE,     BH_ANCHOR_E,  BH_ANCHOR_SE};
    static const int dx[9] = {0, 0, 1, 1, 1, 0, -1, -1, -1};
    static const int dy[9] = {0, -1, -1, 0, 1, 1, 1, 0, -1};
    size_t *order = bh_malloc((lab->n ? lab->n : 1) * sizeof *order);
    rank *ranks = bh_malloc((lab->n ? lab->n : 1) * sizeof *ranks);
    lab->n_placed = 0;
    lab->failed = 0;
    if (!order || !ranks) {
        lab->failed = 1;
        for (size_t i = 0; i < lab->n; i++)
            lab->labels[i].placed = 0;
        bh_free(order);
        bh_free(ranks);
        return 0;
    }
    for (size_t i = 0; i < lab->n; i++) {
        ranks[i].priority = lab->labels[i].priority;
        ranks[i].index = i;
    }
    qsort(ranks, lab->n, sizeof *ranks, cmp_rank);
    for (size_t i = 0; i < lab->n; i++)
        order[i] = ranks[i].index;
    bh_free(ranks);
    for (size_t k = 0; k < lab->n; k++) {
        label *l = &lab->labels[order[k]];
        double w, h;
        bh_text_measure(cr, &l->st, l->text, &w, &h);
        double pad = l->st.halo_mm > 0 ? l->st.halo_mm : 0;
        l->placed = 0;
        l->candidate = -1;
        if (w <= 0 || h <= 0)
            continue;
        /* The 8 offsets at the gap, then again at FAR_RING gaps (6.4 mm at the map's 0.8 mm
         * gap): clear of what sits at the anchor itself, such as an area's bar chart. */
        for (int c = 0; c < 17; c++) {
            int d = c > 8 ? c - 8 : c;
            double ring = c > 8 ? FAR_RING * lab->gap : lab->gap;
            double off = (dx[d] != 0 && dy[d] != 0) ? ring * 0.7071 : ring; /* same distance */
            double ax = l->x + dx[d] * off, ay = l->y + dy[d] * off;
            double box[4];
            bh_text_box_from_size(w, h, ax, ay, anchors[d], box);
            box[0] -= pad;
            box[1] -= pad;
            box[2] += pad;
            box[3] += pad;
            if (!box_free(lab, box, order, k))
                continue;
            if (l->accept && !l->accept(l->user, box))
                continue;
            memcpy(l->box, box, sizeof box);
            l->placed = 1;
            l->candidate = c;
            lab->n_placed++;
            break;
        }
    }
    bh_free(order);
    return lab->n_placed;
}

/* Placed labels never overlap (their boxes include the halo), so their fills can be batched:
 * one text operation per font and colour for all labels (render/textbatch.h). */
void bh_labeler_draw(bh_labeler *lab, cairo_t *cr)
{
    bh_textbatch *tb = NULL;
    if (bh_textbatch_create(&tb) != BH_OK)
        tb = NULL; /* out of memory: label by label */
    for (size_t i = 0; i < lab->n; i++) {
        const label *l = &lab->labels[i];
        if (!l->placed)
            continue;
        double pad = l->st.halo_mm > 0 ? l->st.halo_mm : 0;
        if (tb)
            bh_textbatch_add(tb, cr, &l->st, l->text, l->box[0] + pad, l->box[1] + pad,
                             BH_ANCHOR_NW);
        else
            bh_text_draw(cr, &l->st, l->text, l->box[0] + pad, l->box[1] + pad, BH_ANCHOR_NW);
    }
    if (tb)
        bh_textbatch_draw(tb, cr);
    bh_textbatch_destroy(tb);
}

size_t bh_labeler_count(const bh_labeler *lab)
{
    return lab->n;
}

int bh_labeler_failed(const bh_labeler *lab)
{
    return lab->failed;
}

size_t bh_labeler_placed(const bh_labeler *lab)
{
    return lab->n_placed;
}

size_t bh_labeler_dropped(const bh_labeler *lab)
{
    return lab->n - lab->n_placed;
}

int bh_labeler_result(const bh_labeler *lab, size_t i, double box[4], int *candidate)
{
    if (i >= lab->n || !lab->labels[i].placed) {
        if (candidate)
            *candidate = -1;
        return 0;
    }
    if (box)
        memcpy(box, lab->labels[i].box, 4 * sizeof *box);
    if (candidate)
        *candidate = lab->labels[i].candidate;
    return 1;
}

#include "render/mapclass.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/classify.h"
#include "core/strbuf.h"
#include "render/page.h"

static double area_value(const bh_style_layer *L, const bh_summary *md, size_t i)
{
    double total = (double)bh_summary_total(md, i);
    if (L->fill_by == BH_FILL_PER_1000) {
        double pop = bh_summary_population(md, i);
        return pop > 0 ? total * 1000 / pop : NAN;
    }
    return total;
}

/* 前年比 classes: -1 no data for the year before, -2 new (0 → n), else the class of the change
 * in % among the style's manual diverging breaks (b[i] < v <= b[i+1]). */
static void compute_change(bh_mapclass *mc, const bh_style_layer *L, const bh_summary *md)
{
    mc->k = (int)L->n_breaks + 1;
    for (size_t i = 0; i < mc->n; i++) {
        long total = bh_summary_total(md, i), prev = bh_summary_prev_total(md, i);
        if (prev < 0 || bh_summary_area_wkb(md, i, &(size_t){0}) == NULL) {
            mc->cls[i] = -1;
            continue;
        }
        if (prev == 0 && total > 0) {
            mc->cls[i] = -2;
            continue;
        }
        double v = prev == 0 ? 0 : 100.0 * (double)(total - prev) / (double)prev;
        int c = 0;
        while ((size_t)c < L->n_breaks && v > L->breaks[c])
            c++;
        mc->cls[i] = c;
    }
}

bh_status bh_mapclass_compute(bh_ctx *ctx, bh_mapclass *mc, const bh_style_layer *L,
                              const bh_summary *md, const bh_map_opts *o)
{
    memset(mc, 0, sizeof *mc);
    mc->n = bh_summary_n_areas(md);
    mc->cls = bh_calloc(mc->n ? mc->n : 1, sizeof *mc->cls);
    if (mc->cls == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    if (L->fill_by == BH_FILL_NONE) {
        mc->k = 1;
        return BH_OK;
    }
    if (L->fill_by == BH_FILL_CHANGE) {
        compute_change(mc, L, md);
        return BH_OK;
    }
    if (L->fill_by == BH_FILL_RISK) {
        mc->k = 5;
        for (size_t i = 0; i < mc->n; i++) {
            int lv = bh_summary_risk_level(md, i);
            mc->cls[i] = lv >= 1 && lv <= 5 ? lv - 1 : -1;
        }
        return BH_OK;
    }
    double *v = bh_calloc(mc->n ? mc->n : 1, sizeof *v);
    if (v == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; i < mc->n; i++)
        v[i] = area_value(L, md, i);
    bh_classify_method m = BH_CLASSIFY_JENKS;
    bh_status st = bh_classify_parse_method(ctx, L->method, &m);
    const double *manual = NULL;
    size_t n_manual = 0;
    int k = L->n_classes_wanted;
    if (o->class_bounds && o->n_class_bounds >= 2) {
        m = BH_CLASSIFY_MANUAL;
        manual = o->class_bounds;
        n_manual = o->n_class_bounds;
        k = (int)n_manual - 1;
    } else if (m == BH_CLASSIFY_MANUAL) {
        manual = L->breaks;
        n_manual = L->n_breaks;
        k = (int)n_manual + 1;
    }
    bh_classes *c = NULL;
    if (st == BH_OK)
        st = bh_classify(ctx, m, v, mc->n, k, manual, n_manual, &c);
    if (st == BH_E_EMPTY) {
        /* No finite value (no residents anywhere): nothing to class, not an error. */
        bh_ctx_warn_error(ctx, "map: areas drawn unclassed");
        st = BH_OK;
        mc->k = 1;
        for (size_t i = 0; i < mc->n; i++)
            mc->cls[i] = -1;
    } else if (st == BH_OK) {
        mc->k = bh_classes_count(c);
        mc->n_bounds = (size_t)mc->k + 1;
        memcpy(mc->bounds, bh_classes_bounds(c), mc->n_bounds * sizeof *mc->bounds);
        bh_classes_assign_all(c, v, mc->n, mc->cls);
    }
    bh_classes_destroy(c);
    bh_free(v);
    return st;
}

void bh_mapclass_free(bh_mapclass *mc)
{
    bh_free(mc->cls);
    mc->cls = NULL;
}

size_t bh_mapclass_paint_index(const bh_mapclass *mc, const bh_style_layer *L, int c)
{
    size_t np = L->n_classes;
    if (np == 0 || c < 0)
        return 0;
    if (L->fill_by == BH_FILL_RISK || (size_t)mc->k == np)
        return (size_t)c < np ? (size_t)c : np - 1;
    if (mc->k <= 1)
        return 0;
    /* Fewer (or more) classes than paints: spread them over the ramp. */
    return (size_t)lround((double)c * (double)(np - 1) / (mc->k - 1));
}

const bh_style_paint *bh_mapclass_paint(const bh_mapclass *mc, const bh_style_layer *L, size_t i)
{
    if (L->fill_by == BH_FILL_NONE || L->n_classes == 0)
        return &L->paint;
    int c = mc->cls[i];
    if (c == -2)
        return &L->new_paint;
    if (c < 0)
        return &L->no_data;
    return &L->classes[bh_mapclass_paint_index(mc, L, c)].paint;
}

/* A count the --suppress-below rule keeps off the map: 1 <= n < N. */
static int suppressed(const bh_map_opts *o, long n)
{
    return o->suppress_below > 1 && n >= 1 && n < o->suppress_below;
}

/* "+35" / "-12" / "±0" (a rounded percentage or a count change). */
static void signed_text(long v, char *buf, size_t size)
{
    if (v == 0)
        snprintf(buf, size, "%s", "±0");
    else
        snprintf(buf, size, "%+ld", v);
}

void bh_mapclass_change_text(const bh_map_opts *o, long total, long prev, char *buf, size_t size)
{
    if (prev < 0 || suppressed(o, total) || suppressed(o, prev)) {
        /* no comparison, or one that would reveal a suppressed count: the count rule alone */
        bh_mapclass_count_text(o, total, buf, size);
        return;
    }
    char d[32], pc[32];
    signed_text(total - prev, d, sizeof d);
    if (prev == 0) {
        snprintf(buf, size, total > 0 ? "%s件（新規）" : "%s件", d);
        return;
    }
    /* half away from zero, as lround */
    signed_text(lround(100.0 * (double)(total - prev) / (double)prev), pc, sizeof pc);
    snprintf(buf, size, "%s件 (%s%%)", d, pc);
}

void bh_mapclass_count_text(const bh_map_opts *o, long total, char *buf, size_t size)
{
    if (suppressed(o, total)) {
        if (o->suppress_hide)
            snprintf(buf, size, "%s", "");
        else
            snprintf(buf, size, "%d未満", o->suppress_below);
        return;
    }
    snprintf(buf, size, "%ld件", total);
}

/* Replaces "{lo}" and "{hi}" in tmpl (caller frees). */
char *bh_mapclass_template(const char *tmpl, const char *lo, const char *hi)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (const char *p = tmpl; *p;) {
        if (strncmp(p, "{lo}", 4) == 0) {
            bh_strbuf_append(&sb, lo);
            p += 4;
        } else if (strncmp(p, "{hi}", 4) == 0) {
            bh_strbuf_append(&sb, hi);
            p += 4;
        } else {
            bh_strbuf_appendn(&sb, p, 1);
            p++;
        }
    }
    return bh_strbuf_take(&sb);
}

/* A 前年比 class: "+20%超", "+5〜+20%", "-50%以下" from the style's breaks. */
static char *change_label(const bh_style_layer *L, int c)
{
    char lo[32] = "", hi[32] = "";
    if (c > 0)
        snprintf(lo, sizeof lo, L->breaks[c - 1] == 0 ? "%g" : "%+g", L->breaks[c - 1]);
    if ((size_t)c < L->n_breaks)
        snprintf(hi, sizeof hi, L->breaks[c] == 0 ? "%g" : "%+g", L->breaks[c]);
    const char *t = (size_t)c < L->n_classes ? L->classes[c].label : NULL;
    if (t == NULL)
        t = c == 0 ? "{hi}%以下" : (size_t)c == L->n_breaks ? "{lo}%超" : "{lo}〜{hi}%";
    return bh_mapclass_template(t, lo, hi);
}

static char *class_label(const bh_mapclass *mc, const bh_style_layer *L, int c)
{
    static const char *const risk_names[] = {"低い", "やや低い", "平均的", "やや高い", "高い"};
    char lo[32], hi[32];
    if (L->fill_by == BH_FILL_CHANGE)
        return change_label(L, c);
    if (L->fill_by == BH_FILL_RISK) {
        snprintf(lo, sizeof lo, "%d", c + 1);
        snprintf(hi, sizeof hi, "%s", risk_names[c]);
        const char *t = c < (int)L->n_classes ? L->classes[c].label : NULL;
        return bh_mapclass_template(t ? t : "危険度{lo}（{hi}）", lo, hi);
    }
    double b0 = mc->bounds[c], b1 = mc->bounds[c + 1];
    if (L->fill_by == BH_FILL_COUNT) {
        long l = c == 0 ? (long)ceil(b0) : (long)floor(b0) + 1;
        long h = (long)floor(b1);
        if (l > h)
            l = h;
        snprintf(lo, sizeof lo, "%ld", l);
        snprintf(hi, sizeof hi, "%ld", h);
    } else {
        snprintf(lo, sizeof lo, "%.1f", b0);
        snprintf(hi, sizeof hi, "%.1f", b1);
    }
    size_t pi = bh_mapclass_paint_index(mc, L, c);
    const char *t = pi < L->n_classes ? L->classes[pi].label : NULL;
    if (t == NULL)
        t = strcmp(lo, hi) == 0 ? (L->fill_by == BH_FILL_COUNT ? "{lo}件" : "{lo}")
                                : (L->fill_by == BH_FILL_COUNT ? "{lo}〜{hi}件" : "{lo}〜{hi}");
    return bh_mapclass_template(t, lo, hi);
}

/* The 前年比 legend's own entries: new (0 → n), no data, and the period compared. */
static bh_status change_legend(const bh_mapclass *mc, const bh_style_layer *L, const bh_summary *md,
                               const unsigned char *visible, int no_data, bh_legend *lg)
{
    int is_new = 0;
    for (size_t i = 0; i < mc->n; i++)
        is_new |= mc->cls[i] == -2 && (!visible || visible[i]);
    bh_status st = BH_OK;
    if (is_new)
        st = bh_legend_add(lg, BH_LEGEND_FILL, "新規（前年0件）", &L->new_paint, NULL);
    if (st == BH_OK && no_data)
        st = bh_legend_add(lg, BH_LEGEND_FILL, "前年データなし", &L->no_data, NULL);
    int from = bh_summary_from_ym(md), to = bh_summary_to_ym(md);
    char prev[128] = "";
    if (from > 0 && to > 0)
        bh_page_wareki_period(from - 100, to - 100, prev, sizeof prev);
    char *note = *prev ? bh_asprintf("比較期間：%s（同じ月の前年）", prev) : NULL;
    if (st == BH_OK && note)
        st = bh_legend_add(lg, BH_LEGEND_NOTE, note, NULL, NULL);
    bh_free(note);
    return st;
}

bh_status bh_mapclass_legend(const bh_mapclass *mc, const bh_style_layer *L, const bh_summary *md,
                             const bh_map_opts *o, const unsigned char *visible, bh_legend *lg)
{
    if (L->fill_by == BH_FILL_NONE || L->n_classes == 0)
        return BH_OK;
    const char *types = o->types ? o->types : L->types;
    char *heading = NULL;
    if (L->fill_by == BH_FILL_RISK)
        heading = bh_strdup("市内対比危険度");
    else if (L->fill_by == BH_FILL_CHANGE)
        heading = bh_asprintf("前年比（前年同期比、%s）", types ? types : "全手口");
    else if (L->fill_by == BH_FILL_COUNT)
        heading = bh_asprintf("認知件数（%s）", types ? types : "全手口");
    else
        heading = bh_asprintf("人口千人あたり認知件数（%s）", types ? types : "全手口");
    bh_status st = heading ? bh_legend_add(lg, BH_LEGEND_HEADING, heading, NULL, NULL) : BH_E_NOMEM;
    bh_free(heading);
    int no_data = 0;
    for (size_t i = 0; i < mc->n; i++)
        no_data |= mc->cls[i] == -1 && (!visible || visible[i]);
    for (int c = mc->k - 1; c >= 0 && st == BH_OK; c--) {
        int used = 0;
        for (size_t i = 0; i < mc->n && !used; i++)
            used = mc->cls[i] == c && (!visible || visible[i]);
        if (!used)
            continue;
        char *t = class_label(mc, L, c);
        size_t pi = bh_mapclass_paint_index(mc, L, c);
        st = t ? bh_legend_add(lg, BH_LEGEND_FILL, t, &L->classes[pi].paint, NULL) : BH_E_NOMEM;
        bh_free(t);
    }
    /* A period without any crime (drawn only with --allow-empty): say so, no 危険度. */
    long all = 0;
    for (size_t i = 0; i < bh_summary_n_areas(md); i++)
        all += bh_summary_total(md, i);
    if (L->fill_by == BH_FILL_CHANGE)
        return st == BH_OK ? change_legend(mc, L, md, visible, no_data, lg) : st;
    if (st == BH_OK && no_data)
        st = bh_legend_add(lg, BH_LEGEND_FILL,
                           all == 0 ? "データなし（この期間の犯罪データなし）"
                           : L->fill_by == BH_FILL_COUNT ? "区域外・集計対象外"
                                                         : "算出対象外（人口僅少等）",
                           &L->no_data, NULL);
    return st;
}

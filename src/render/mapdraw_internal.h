/* Internals shared by mapdraw.c (the page) and mapcharts.c (area labels and bar charts). Not a
 * public header. */
#ifndef BH_MAPDRAW_INTERNAL_H
#define BH_MAPDRAW_INTERNAL_H

#include "crimes/summary.h"
#include "render/labels.h"
#include "render/legend.h"
#include "render/map.h"
#include "render/mapclass.h"
#include "render/maplayer.h"
#include "render/mapview.h"
#include "render/text.h"
#include "render/titleblock.h"

/* One map page being drawn. */
typedef struct bh_mapdraw {
    bh_ctx *ctx;
    bh_db *db;
    const bh_summary *md;
    const bh_style *style;
    const bh_style_page *pg;
    const bh_city *city;
    const bh_map_opts *o;
    cairo_t *cr;
    bh_map_result *res;
    const bh_style_layer *areas;
    bh_mapclass mc;
    bh_maplayer_info *info; /* per style layer */
    bh_style_layer *lay;    /* per style layer: a copy, its where with the --area (mapfocus.h) */
    char **lay_where;       /* per style layer: that where when it names the focus (owned) */
    int *drawn;             /* per style layer: 1 when drawn */
    long **area_counts;     /* per style layer: features per area (public_counts), or NULL */
    unsigned char *visible; /* per area: its envelope meets the map extent */
    bh_legend *legend;
    bh_mapview *mv;
    bh_labeler *lab;
    double frame[4];
    double reserved[8][4];
    size_t n_reserved;
    int sample, charts;
    bh_text_style ts, lab_ts; /* legend and furniture; area labels */
    double ext[4];            /* the extent to show */
    double pos[3][4];         /* legend, scale bar, north arrow: x, y, w, h (w 0: none) */
    double stamp_box[4];
} bh_mapdraw;

/* The title block's texts (render/maptexts.c; bh_titleblock borrows them). */
typedef struct bh_mapdraw_texts {
    char period[256], printed[96], sub[256];
    char *title, *credits, *source;
    bh_titleblock tb;
} bh_mapdraw_texts;

/* Fills *t for the page of D (BH_E_NOMEM, or the style's page.header_sql failing, as errors in
 * D's ctx); release with bh_mapdraw_texts_free, also after a failure. */
BH_MUST_CHECK bh_status bh_mapdraw_texts_make(bh_mapdraw *D, bh_mapdraw_texts *t);
void bh_mapdraw_texts_free(bh_mapdraw_texts *t);

/* The charted series: indexes into md's types (the style's chart types in order, those the
 * summary has, else every type) and their colours. Returns the count (<= max). */
size_t bh_mapdraw_chart_series(const bh_style_layer *L, const bh_summary *md, size_t *idx,
                               unsigned *cols, size_t max);
/* Labels every visible area (name, count) and reserves the room of its bar chart; *n_charts
 * gets the charts to draw. */
BH_MUST_CHECK bh_status bh_mapdraw_label_areas(bh_mapdraw *D, const bh_text_style *ts,
                                               size_t *n_charts);
/* Draws the bar charts reserved by bh_mapdraw_label_areas. */
BH_MUST_CHECK bh_status bh_mapdraw_charts(bh_mapdraw *D);

#endif

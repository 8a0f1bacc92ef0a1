/* Text on a cairo_t whose user space is page millimetres, laid out by pango (default BIZ
 * UDPゴシック, through fontconfig; cairo embeds and subsets the fonts in PDF). Multi-line text
 * ('\n'), bold, anchors and white halos (the layout path stroked, then filled). */
#ifndef BH_TEXT_H
#define BH_TEXT_H

#include <stddef.h>
#include <cairo.h>

/* Which point of the text's ink-independent logical box sits at (x, y). */
typedef enum bh_anchor {
    BH_ANCHOR_CENTER = 0,
    BH_ANCHOR_N,  /* top centre */
    BH_ANCHOR_NE, /* top right */
    BH_ANCHOR_E,  /* right middle */
    BH_ANCHOR_SE, /* bottom right */
    BH_ANCHOR_S,  /* bottom centre */
    BH_ANCHOR_SW, /* bottom left */
    BH_ANCHOR_W,  /* left middle */
    BH_ANCHOR_NW  /* top left */
} bh_anchor;

typedef enum bh_align { BH_ALIGN_LEFT = 0, BH_ALIGN_CENTER, BH_ALIGN_RIGHT } bh_align;

typedef struct bh_text_style {
    const char *family; /* fontconfig family; NULL = BH_TEXT_DEFAULT_FAMILY */
    double size_pt;     /* font size in points (1 pt = 25.4/72 mm); <= 0 means 9 */
    int bold;
    double rgba[4];      /* fill colour; all zero = opaque black */
    double halo_mm;      /* halo width in mm (0 = none) */
    double halo_rgba[4]; /* halo colour; all zero = opaque white */
    bh_align align;      /* alignment of the lines of multi-line text */
    int wrap;            /* bh_text_draw_in: wrap at the width instead of ellipsizing */
    int keep_words;      /* lines break only at spaces and at '|' (a break hint, not drawn), never
                            inside a word (ひった/くり): pango's allow-breaks attribute */
} bh_text_style;

#define BH_TEXT_DEFAULT_FAMILY "BIZ UDPGothic"

/* A style with the defaults: BIZ UDPGothic, size_pt, black, no halo. */
bh_text_style bh_text_style_default(double size_pt);

/* The width in mm of the widest word of text as keep_words sees it (words end at spaces,
 * newlines and '|' hints): what a column must give the text so no word is broken. */
double bh_text_widest_word(cairo_t *cr, const bh_text_style *st, const char *text);

/* Size in mm of text laid out with st (logical extents, all lines). Either out pointer may be
 * NULL. An empty or NULL text measures 0 x 0. */
void bh_text_measure(cairo_t *cr, const bh_text_style *st, const char *text, double *w_mm,
                     double *h_mm);

/* The box (x0, y0)-(x1, y1) in mm the text would occupy when drawn at (x, y) with anchor a. */
void bh_text_box(cairo_t *cr, const bh_text_style *st, const char *text, double x, double y,
                 bh_anchor a, double box[4]);
/* The same from an already measured size. */
void bh_text_box_from_size(double w, double h, double x, double y, bh_anchor a, double box[4]);

/* Draws text at (x, y) with anchor a: halo first (when st->halo_mm > 0), then the fill.
 * The cairo state (source, path, matrix) is left as it was. */
void bh_text_draw(cairo_t *cr, const bh_text_style *st, const char *text, double x, double y,
                  bh_anchor a);

/* Draws text fitted in the box [x, x+w] horizontally at top y, aligned per st->align; text
 * wider than w is ellipsized at the end (st->wrap: wrapped onto more lines). Returns the height
 * used in mm. */
double bh_text_draw_in(cairo_t *cr, const bh_text_style *st, const char *text, double x, double y,
                       double w);

/* Height in mm of text wrapped (st->wrap) or ellipsized to the width w, as bh_text_draw_in
 * would draw it. */
double bh_text_height_in(cairo_t *cr, const bh_text_style *st, const char *text, double w);

/* Loads the fonts of styles[0..n) on cr as bh_text_measure would (fontconfig's candidates, the
 * font files, shaping of a sample of kanji, kana, digits and Latin), without drawing: a later
 * measurement need not wait for them. May run on another thread while the caller's thread leaves
 * cr and pango alone (the map does it during its database work). */
void bh_text_preload(cairo_t *cr, const bh_text_style *styles, size_t n);

#endif

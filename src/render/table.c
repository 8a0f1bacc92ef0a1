/* Text tables with header, alignment, zebra rows and pagination. */
#include "render/table.h"
#include "core/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

#define MM_PER_PT (25.4 / 72.0)
#define CELL_PAD 0.8 /* mm left and right of a cell's text */

typedef struct column {
    char *header;
    bh_align align;
    double weight;
} column;

struct bh_table {
    size_t ncols;
    column *cols;
    char **cells;        /* rows * ncols; a band row keeps its text in the first cell */
    unsigned char *bold; /* per row: 1 bold, 2 band (one cell across the table) */
    double *heights;     /* per row, from bh_table_layout (wrapped rows); NULL = fixed */
    int wrap, grid;
    size_t rows, cap;
    double size_pt;
    double header_pt; /* header text: size_pt, or smaller so every header word fits */
    int header_lines;
    int header_words; /* bh_table_fit_header ran: header lines break only between words */
};

bh_status bh_table_create(size_t ncols, bh_table **out)
{
    *out = NULL;
    if (ncols < 1 || ncols > 64)
        return BH_E_ARG;
    bh_table *t = bh_calloc(1, sizeof *t);
    if (!t)
        return BH_E_NOMEM;
    t->cols = bh_calloc(ncols, sizeof *t->cols);
    if (!t->cols) {
        bh_free(t);
        return BH_E_NOMEM;
    }
    t->ncols = ncols;
    t->size_pt = 7;
    t->header_pt = 7;
    t->header_lines = 1;
    for (size_t i = 0; i < ncols; i++)
        t->cols[i].weight = 1;
    *out = t;
    return BH_OK;
}

void bh_table_destroy(bh_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        bh_free(t->cols[i].header);
    for (size_t i = 0; i < t->rows * t->ncols; i++)
        bh_free(t->cells[i]);
    bh_free(t->cells);
    bh_free(t->bold);
    bh_free(t->heights);
    bh_free(t->cols);
    bh_free(t);
}

bh_status bh_table_set_column(bh_table *t, size_t col, const char *header, bh_align align,
                              double weight)
{
    if (col >= t->ncols)
        return BH_E_ARG;
    char *h = bh_strdup(header ? header : "");
    if (!h)
        return BH_E_NOMEM;
    bh_free(t->cols[col].header);
    t->cols[col].header = h;
    t->cols[col].align = align;
    t->cols[col].weight = weight > 0 ? weight : 1;
    return BH_OK;
}

bh_status bh_table_add_row(bh_table *t, const char *const *cells)
{
    return bh_table_add_row_bold(t, cells, 0);
}

bh_status bh_table_add_row_bold(bh_table *t, const char *const *cells, int bold)
{
    if (t->rows == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        void *p = bh_realloc(t->cells, nc * t->ncols * sizeof *t->cells);
        if (!p)
            return BH_E_NOMEM;
        t->cells = p;
        p = bh_realloc(t->bold, nc);
        if (!p)
            return BH_E_NOMEM;
        t->bold = p;
        bh_free(t->heights); /* rows changed: bh_table_layout again */
        t->heights = NULL;
        t->cap = nc;
    }
    t->bold[t->rows] = (unsigned char)(bold == 2 ? 2 : bold ? 1 : 0);
    char **row = t->cells + t->rows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        row[i] = bh_strdup(cells && cells[i] ? cells[i] : "");
        if (!row[i]) {
            for (size_t j = 0; j < i; j++)
                bh_free(row[j]);
            return BH_E_NOMEM;
        }
    }
    t->rows++;
    return BH_OK;
}

bh_status bh_table_add_band(bh_table *t, const char *text)
{
    const char *cells[64] = {text};
    return bh_table_add_row_bold(t, cells, 2);
}

void bh_table_set_wrap(bh_table *t, int wrap, int grid)
{
    t->wrap = wrap;
    t->grid = grid;
}

/* Column widths in mm for a table w mm wide. */
static void column_widths(const bh_table *t, double w, double *colw)
{
    double total = 0;
    for (size_t c = 0; c < t->ncols; c++)
        total += t->cols[c].weight;
    for (size_t c = 0; c < t->ncols; c++)
        colw[c] = w * t->cols[c].weight / total;
}

bh_status bh_table_layout(bh_table *t, cairo_t *cr, double w)
{
    double colw[64];
    column_widths(t, w, colw);
    double *h = bh_realloc(t->heights, (t->rows ? t->rows : 1) * sizeof *h);
    if (!h)
        return BH_E_NOMEM;
    t->heights = h;
    bh_text_style st = bh_text_style_default(t->size_pt);
    st.wrap = 1;
    for (size_t r = 0; r < t->rows; r++) {
        char **row = t->cells + r * t->ncols;
        st.bold = t->bold[r] != 0;
        double rh = 0;
        for (size_t c = 0; c < (t->bold[r] == 2 ? 1 : t->ncols); c++) {
            double cw = (t->bold[r] == 2 ? w : colw[c]) - 2 * CELL_PAD;
            double th = cw > 0 ? bh_text_height_in(cr, &st, row[c], cw) : 0;
            rh = th > rh ? th : rh;
        }
        h[r] = rh + 1.0 > bh_table_row_height(t) ? rh + 1.0 : bh_table_row_height(t);
    }
    return BH_OK;
}

static double row_h(const bh_table *t, size_t r)
{
    return t->heights ? t->heights[r] : bh_table_row_height(t);
}

size_t bh_table_rows(const bh_table *t)
{
    return t->rows;
}

void bh_table_set_font(bh_table *t, double size_pt)
{
    t->size_pt = size_pt > 0 ? size_pt : 7;
    t->header_pt = t->size_pt;
}

double bh_table_row_height(const bh_table *t)
{
    /* CJK line height is about 1.45 em; plus padding. */
    return t->size_pt * MM_PER_PT * 1.45 + 1.0;
}

void bh_table_set_header_lines(bh_table *t, int lines)
{
    t->header_lines = lines < 1 ? 1 : lines > 4 ? 4 : lines;
}

void bh_table_fit_header(bh_table *t, cairo_t *cr, double w)
{
    double total = 0;
    for (size_t c = 0; c < t->ncols; c++)
        total += t->cols[c].weight;
    bh_text_style st = bh_text_style_default(t->size_pt);
    st.bold = 1;
    st.wrap = 1;
    st.keep_words = 1;
    /* The header size: the table's, or smaller (down to 4 pt) until every word of every
     * header fits its column on one line, so no header breaks inside a word. */
    for (t->header_pt = t->size_pt; t->header_pt > 4; t->header_pt -= 0.25) {
        st.size_pt = t->header_pt;
        int fits = 1;
        for (size_t c = 0; fits && c < t->ncols; c++)
            fits = bh_text_widest_word(cr, &st, t->cols[c].header) <=
                   w * t->cols[c].weight / total - 2 * CELL_PAD;
        if (fits)
            break;
    }
    st.size_pt = t->header_pt;
    double line = t->header_pt * MM_PER_PT * 1.45;
    int lines = 1;
    for (size_t c = 0; c < t->ncols; c++) {
        double cw = w * t->cols[c].weight / total - 2 * CELL_PAD;
        double h = bh_text_height_in(cr, &st, t->cols[c].header, cw);
        int n = (int)ceil(h / line - 0.05);
        if (n > lines)
            lines = n;
    }
    t->header_words = 1;
    bh_table_set_header_lines(t, lines);
}

double bh_table_header_height(const bh_table *t)
{
    return t->header_pt * MM_PER_PT * 1.45 * t->header_lines + 1.0;
}

size_t bh_table_rows_fitting(const bh_table *t, size_t first_row, double h)
{
    double rh = bh_table_row_height(t), hh = bh_table_header_height(t);
    if (h < hh + rh || first_row >= t->rows)
        return 0;
    if (!t->heights) {
        size_t fit = (size_t)((h - hh) / rh);
        size_t left = t->rows - first_row;
        return fit < left ? fit : left;
    }
    /* Wrapped rows: as many as fit; a row taller than the page alone gets a page (clipped). */
    size_t n = 0;
    for (double y = hh; first_row + n < t->rows; n++) {
        y += t->heights[first_row + n];
        if (y > h + 1e-9)
            break;
    }
    return n > 0 ? n : 1;
}

static void draw_row(bh_table *t, cairo_t *cr, char *const *cells, double x, double y, double w,
                     const double *colw, int header, int bold)
{
    bh_text_style st = bh_text_style_default(header ? t->header_pt : t->size_pt);
    st.bold = header || bold;
    st.wrap = (header && t->header_lines > 1) || (!header && t->wrap);
    st.keep_words = header && t->header_words;
    double rh = header ? bh_table_header_height(t) : bh_table_row_height(t);
    double cx = x;
    if (bold == 2) { /* band: one cell across, wrapped */
        st.wrap = 1;
        bh_text_draw_in(cr, &st, cells[0], x + CELL_PAD, y + 0.5, w - 2 * CELL_PAD);
        return;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        st.align = t->cols[c].align;
        double pad = CELL_PAD;
        double cw = colw[c] - 2 * pad;
        double th;
        bh_text_measure(cr, &st, cells[c], NULL, &th);
        /* Headers and wrapped rows are top-aligned. */
        double ty = header || st.wrap ? y + 0.5 : y + (rh - th) / 2;
        if (cw > 0)
            bh_text_draw_in(cr, &st, cells[c], cx + pad, ty, cw);
        cx += colw[c];
    }
}

/* Cell borders of one row (a band: its outline only). */
static void grid_row(const bh_table *t, cairo_t *cr, double x, double y, double w, double h,
                     const double *colw, int band)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.15);
    cairo_rectangle(cr, x, y, w, h);
    double cx = x;
    for (size_t c = 0; !band && c + 1 < t->ncols; c++) {
        cx += colw[c];
        cairo_move_to(cr, cx, y);
        cairo_line_to(cr, cx, y + h);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

size_t bh_table_draw(bh_table *t, cairo_t *cr, double x, double y, double w, double h,
                     size_t first_row)
{
    size_t n = bh_table_rows_fitting(t, first_row, h);
    double rh = bh_table_row_height(t), hh = bh_table_header_height(t);
    double colw[64];
    if (hh + rh > h)
        return first_row;
    column_widths(t, w, colw);
    cairo_save(cr);
    cairo_new_path(cr);
    /* Header: grey band, bold. */
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_rectangle(cr, x, y, w, hh);
    cairo_fill(cr);
    char *hdr[64];
    for (size_t c = 0; c < t->ncols; c++)
        hdr[c] = t->cols[c].header ? t->cols[c].header : "";
    draw_row(t, cr, hdr, x, y, w, colw, 1, 1);
    double ry = y + hh;
    for (size_t r = 0; r < n; r++) {
        double h_r = row_h(t, first_row + r);
        int band = t->bold[first_row + r] == 2;
        if ((r % 2 == 1 && !t->grid) || band) {
            double g = band ? 0.9 : 0.94;
            cairo_set_source_rgb(cr, g, g, g);
            cairo_rectangle(cr, x, ry, w, h_r);
            cairo_fill(cr);
        }
        draw_row(t, cr, t->cells + (first_row + r) * t->ncols, x, ry, w, colw, 0,
                 t->bold[first_row + r]);
        if (t->grid)
            grid_row(t, cr, x, ry, w, h_r, colw, band);
        ry += h_r;
    }
    if (t->grid)
        grid_row(t, cr, x, y, w, hh, colw, 0);
    /* Rules: under the header and at the bottom. */
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.2);
    cairo_move_to(cr, x, y + hh);
    cairo_line_to(cr, x + w, y + hh);
    cairo_move_to(cr, x, ry);
    cairo_line_to(cr, x + w, ry);
    cairo_stroke(cr);
    cairo_restore(cr);
    return first_row + n;
}

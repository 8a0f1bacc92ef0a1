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
    char **cells;        /* rows * ncols */
    unsigned char *bold; /* per row */
    size_t rows, cap;
    double size_pt;
    int header_lines;
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
        t->cap = nc;
    }
    t->bold[t->rows] = bold ? 1 : 0;
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

size_t bh_table_rows(const bh_table *t)
{
    return t->rows;
}

void bh_table_set_font(bh_table *t, double size_pt)
{
    t->size_pt = size_pt > 0 ? size_pt : 7;
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
    double total = 0, line = t->size_pt * MM_PER_PT * 1.45;
    for (size_t c = 0; c < t->ncols; c++)
        total += t->cols[c].weight;
    bh_text_style st = bh_text_style_default(t->size_pt);
    st.bold = 1;
    st.wrap = 1;
    int lines = 1;
    for (size_t c = 0; c < t->ncols; c++) {
        double cw = w * t->cols[c].weight / total - 2 * CELL_PAD;
        double h = bh_text_height_in(cr, &st, t->cols[c].header, cw);
        int n = (int)ceil(h / line - 0.05);
        if (n > lines)
            lines = n;
    }
    bh_table_set_header_lines(t, lines);
}

double bh_table_header_height(const bh_table *t)
{
    return t->size_pt * MM_PER_PT * 1.45 * t->header_lines + 1.0;
}

size_t bh_table_rows_fitting(const bh_table *t, size_t first_row, double h)
{
    double rh = bh_table_row_height(t), hh = bh_table_header_height(t);
    if (h < hh + rh || first_row >= t->rows)
        return 0;
    size_t fit = (size_t)((h - hh) / rh);
    size_t left = t->rows - first_row;
    return fit < left ? fit : left;
}

static void draw_row(bh_table *t, cairo_t *cr, char *const *cells, double x, double y, double w,
                     const double *colw, int header, int bold)
{
    bh_text_style st = bh_text_style_default(t->size_pt);
    st.bold = header || bold;
    st.wrap = header && t->header_lines > 1;
    double rh = header ? bh_table_header_height(t) : bh_table_row_height(t);
    double cx = x;
    (void)w;
    for (size_t c = 0; c < t->ncols; c++) {
        st.align = t->cols[c].align;
        double pad = CELL_PAD;
        double cw = colw[c] - 2 * pad;
        double th;
        bh_text_measure(cr, &st, cells[c], NULL, &th);
        double ty = header ? y + 0.5 : y + (rh - th) / 2; /* headers may wrap: top-aligned */
        if (cw > 0)
            bh_text_draw_in(cr, &st, cells[c], cx + pad, ty, cw);
        cx += colw[c];
    }
}

size_t bh_table_draw(bh_table *t, cairo_t *cr, double x, double y, double w, double h,
                     size_t first_row)
{
    size_t n = bh_table_rows_fitting(t, first_row, h);
    double rh = bh_table_row_height(t), hh = bh_table_header_height(t);
    double total = 0;
    double colw[64];
    if (hh + rh > h)
        return first_row;
    for (size_t c = 0; c < t->ncols; c++)
        total += t->cols[c].weight;
    for (size_t c = 0; c < t->ncols; c++)
        colw[c] = w * t->cols[c].weight / total;
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
    for (size_t r = 0; r < n; r++) {
        double ry = y + hh + rh * (double)r;
        if (r % 2 == 1) {
            cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
            cairo_rectangle(cr, x, ry, w, rh);
            cairo_fill(cr);
        }
        draw_row(t, cr, t->cells + (first_row + r) * t->ncols, x, ry, w, colw, 0,
                 t->bold[first_row + r]);
    }
    /* Rules: under the header and at the bottom. */
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.2);
    cairo_move_to(cr, x, y + hh);
    cairo_line_to(cr, x + w, y + hh);
    cairo_move_to(cr, x, y + hh + rh * (double)n);
    cairo_line_to(cr, x + w, y + hh + rh * (double)n);
    cairo_stroke(cr);
    cairo_restore(cr);
    return first_row + n;
}

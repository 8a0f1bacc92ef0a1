/* Tables of text for the atlas: a header row, rows x columns of cells, right-aligned numeric
 * columns, zebra fill, and pagination (draw as many rows as fit, continue on the next page). */
#ifndef BH_TABLE_H
#define BH_TABLE_H

#include <stddef.h>
#include <cairo.h>
#include "core/status.h"
#include "render/text.h"

typedef struct bh_table bh_table;

/* A table of ncols columns (1..64). *out is owned by the caller (bh_table_destroy). */
BH_MUST_CHECK bh_status bh_table_create(size_t ncols, bh_table **out);
/* Releases t; NULL is a no-op. */
void bh_table_destroy(bh_table *t);

/* Header text (copied), alignment and relative width weight (> 0) of column col. */
BH_MUST_CHECK bh_status bh_table_set_column(bh_table *t, size_t col, const char *header,
                                            bh_align align, double weight);
/* Appends a row of ncols cells (copied; NULL cells are empty). */
BH_MUST_CHECK bh_status bh_table_add_row(bh_table *t, const char *const *cells);
/* The same, in bold when bold is 1 (e.g. a 計 row). */
BH_MUST_CHECK bh_status bh_table_add_row_bold(bh_table *t, const char *const *cells, int bold);
/* Appends a band: one bold cell across the whole table (a section heading), wrapped. */
BH_MUST_CHECK bh_status bh_table_add_band(bh_table *t, const char *text);
size_t bh_table_rows(const bh_table *t);

/* wrap: body cells wrap onto as many lines as they need (call bh_table_layout after the last
 * row, before fitting or drawing); grid: cell borders instead of zebra fill. */
void bh_table_set_wrap(bh_table *t, int wrap, int grid);
/* Measures every row's height for a table w mm wide (wrapped rows). */
BH_MUST_CHECK bh_status bh_table_layout(bh_table *t, cairo_t *cr, double w);

/* Text size (pt) for cells and header; default 7. Row height is derived from it. */
void bh_table_set_font(bh_table *t, double size_pt);
/* Lines (1..4, default 1) the header may wrap onto; long headers are ellipsized beyond. */
void bh_table_set_header_lines(bh_table *t, int lines);
/* Sets the header lines to what the widest-wrapping header needs (1..4) when the table is
 * drawn w mm wide. */
void bh_table_fit_header(bh_table *t, cairo_t *cr, double w);
/* Height of one row in mm, and of the header row. */
double bh_table_row_height(const bh_table *t);
double bh_table_header_height(const bh_table *t);
/* Rows (from first_row) that fit in height h together with the header row (at least one when
 * laid out with wrap and h holds the header and a fixed-height row). */
size_t bh_table_rows_fitting(const bh_table *t, size_t first_row, double h);

/* Draws the header and rows from first_row on in the box (x, y, w, h): as many as fit.
 * Returns the index of the first row not drawn (== bh_table_rows when all were drawn). */
size_t bh_table_draw(bh_table *t, cairo_t *cr, double x, double y, double w, double h,
                     size_t first_row);

#endif

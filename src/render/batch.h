/* Paint batching: fewer cairo operations per page. Paths queued with their paint are painted
 * later as one group per distinct paint, in first-use order (groups that only stroke after those
 * that fill, so lines stay above every fill): all the group's paths filled in one
 * even-odd fill, hatched in one clip, stroked in one stroke. On PDF the paginated surface replays
 * every operation twice and the fill and stroke of one path are merged into one operator writing
 * the path once, so 250 areas in 5 classes become 5 operations instead of 250.
 *
 * Only for paths that do not overlap one another (a partition of areas, charts placed apart):
 * union fills and strokes look the same as one by one only then. A group's outline may be
 * partly covered by a later group's fill, as a later area covered an earlier one's. Translucent
 * strokes are still stroked path by path (a shared edge stroked twice is darker than once). */
#ifndef BH_RENDER_BATCH_H
#define BH_RENDER_BATCH_H

#include <stddef.h>
#include <cairo.h>
#include "core/status.h"
#include "render/style.h"

typedef struct bh_batch bh_batch;

/* An empty batch; *out is owned by the caller (bh_batch_destroy). BH_E_NOMEM on failure. */
BH_MUST_CHECK bh_status bh_batch_create(bh_batch **out);
/* Releases b; NULL is a no-op. */
void bh_batch_destroy(bh_batch *b);

/* Moves cr's current path (user space of cr at this moment) into the batch, to be painted with
 * p (fill, hatch, stroke as bh_page_paint_path does); p is copied. cr's path is cleared. A paint
 * that draws nothing or an empty path is a no-op. BH_E_NOMEM on allocation failure. */
BH_MUST_CHECK bh_status bh_batch_add_path(bh_batch *b, cairo_t *cr, const bh_style_paint *p);
/* Queues the rectangle (x, y, w, h) filled with colour c (c->set 0: nothing). */
BH_MUST_CHECK bh_status bh_batch_add_rect(bh_batch *b, const bh_rgba *c, double x, double y,
                                          double w, double h);
/* Queues the segment (x0, y0)-(x1, y1) stroked with colour c at width_mm. */
BH_MUST_CHECK bh_status bh_batch_add_line(bh_batch *b, const bh_rgba *c, double width_mm, double x0,
                                          double y0, double x1, double y1);

/* Paints everything queued on cr (whose user space must be the one the paths were added in),
 * group by group (fill, hatch, stroke), and empties the batch. The cairo state is left as it
 * was. */
void bh_batch_draw(bh_batch *b, cairo_t *cr);

/* Paths queued since the last draw. */
size_t bh_batch_n_paths(const bh_batch *b);
/* Painting operations (fill, stroke) the last bh_batch_draw issued, hatch lines included as one. */
size_t bh_batch_n_ops(const bh_batch *b);

/* 1 when paths painted with p may be batched even if they overlap one another: no fill, no
 * hatch, an opaque stroke (overlapping opaque strokes look the same in one stroke). */
int bh_batch_paint_overlap_safe(const bh_style_paint *p);

#endif

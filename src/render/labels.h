/* Label placement in page millimetres: candidates (the anchor point centred, then 8 positions
 * around it at the gap, then the same 8 at eight gaps), priorities (higher first; ties keep
 * insertion order), collision avoidance against placed labels and reserved rectangles (legend,
 * title, ...), and a frame no label may leave. A label that fits nowhere is dropped and counted,
 * never drawn outside. Deterministic. */
#ifndef BH_LABELS_H
#define BH_LABELS_H

#include <stddef.h>
#include <cairo.h>
#include "core/status.h"
#include "render/text.h"

typedef struct bh_labeler bh_labeler;

/* Optional test for "inside the polygon" candidates: returns 1 when the box (page mm,
 * x0 y0 x1 y1) is acceptable for the label, 0 otherwise. */
typedef int (*bh_label_accept_fn)(void *user, const double box[4]);

/* A labeler for the frame (x0, y0)-(x1, y1) in mm. gap_mm is the distance between the anchor
 * point and an offset label (and the minimum clearance between labels). *out is owned by the
 * caller (bh_labeler_destroy). */
BH_MUST_CHECK bh_status bh_labeler_create(double x0, double y0, double x1, double y1, double gap_mm,
                                          bh_labeler **out);
/* Releases lab; NULL is a no-op. */
void bh_labeler_destroy(bh_labeler *lab);

/* Reserves a rectangle no label may overlap (legend, title, chart). */
BH_MUST_CHECK bh_status bh_labeler_reserve(bh_labeler *lab, double x0, double y0, double x1,
                                           double y1);

/* Queues a label (text is copied; st is copied, its family string must outlive the labeler).
 * accept may be NULL. Returns BH_E_NOMEM on allocation failure. */
BH_MUST_CHECK bh_status bh_labeler_add(bh_labeler *lab, const char *text, const bh_text_style *st,
                                       double x, double y, double priority,
                                       bh_label_accept_fn accept, void *user);

/* Measures every queued label with cr and chooses positions. Returns the number placed; when
 * it ran out of memory it places none and bh_labeler_failed says so (the caller's error). */
size_t bh_labeler_place(bh_labeler *lab, cairo_t *cr);
int bh_labeler_failed(const bh_labeler *lab);
/* Draws the placed labels (after bh_labeler_place). */
void bh_labeler_draw(bh_labeler *lab, cairo_t *cr);

/* Counts after placement. */
size_t bh_labeler_count(const bh_labeler *lab);
size_t bh_labeler_placed(const bh_labeler *lab);
size_t bh_labeler_dropped(const bh_labeler *lab);
/* Label i in insertion order: 1 if placed (box filled with x0 y0 x1 y1, candidate index
 * 0 = centre, 1..8 = N, NE, E, SE, S, SW, W, NW at the gap, 9..16 the same at eight gaps), 0 if
 * dropped. */
int bh_labeler_result(const bh_labeler *lab, size_t i, double box[4], int *candidate);

#endif

/* World → page: fits an extent of the storage SRID (metres) into a frame rectangle on the page
 * (millimetres) at one uniform scale, centred, north up, and turns WKB geometries into cairo
 * paths in page millimetres, dropping vertices closer together than one output dot (so a
 * 300 dpi page never gets more vertices than it can show). WKB is read with OGR. */
#ifndef BH_MAPVIEW_H
#define BH_MAPVIEW_H

#include <stddef.h>
#include <cairo.h>
#include "core/ctx.h"

typedef struct bh_mapview bh_mapview;

/* A view of the world extent (minx, miny)-(maxx, maxy) (storage SRID metres; a zero-size extent
 * is widened to 1 m) fitted into the frame (x, y, w, h) in page mm with margin_mm kept free
 * inside it. dots_per_mm is the output resolution (bh_surface_dots_per_mm) used to simplify.
 * *out is owned by the caller (bh_mapview_destroy). */
BH_MUST_CHECK bh_status bh_mapview_create(bh_ctx *ctx, const double frame[4], double margin_mm,
                                          const double extent[4], double dots_per_mm,
                                          bh_mapview **out);
/* The same, but the extent is fitted (centred) into fit (x, y, w, h in page mm, normally inside
 * the frame, e.g. the frame without the legend's column) while the view still covers the whole
 * frame. *out is owned by the caller. */
BH_MUST_CHECK bh_status bh_mapview_create_in(bh_ctx *ctx, const double frame[4],
                                             const double fit[4], const double extent[4],
                                             double dots_per_mm, bh_mapview **out);
/* Page mm per world metre that fitting extent into fit would give (0 if fit is empty). */
double bh_mapview_fit_scale(const double fit[4], const double extent[4]);
/* Releases mv; NULL is a no-op. */
void bh_mapview_destroy(bh_mapview *mv);

/* The frame (x, y, w, h) in page mm as given (borrowed array of 4). */
const double *bh_mapview_frame(const bh_mapview *mv);
/* Page millimetres per world metre. */
double bh_mapview_mm_per_m(const bh_mapview *mv);
/* Scale denominator (1:N) of the view: world metres per page metre. */
double bh_mapview_scale_denominator(const bh_mapview *mv);
/* The world extent actually visible in the frame (minx, miny, maxx, maxy), borrowed. */
const double *bh_mapview_visible_extent(const bh_mapview *mv);

/* World (metres) → page (mm), and back. */
void bh_mapview_to_page(const bh_mapview *mv, double wx, double wy, double *px, double *py);
void bh_mapview_to_world(const bh_mapview *mv, double px, double py, double *wx, double *wy);

/* Sets the cairo clip to the frame (intersected with the current clip). */
void bh_mapview_clip(const bh_mapview *mv, cairo_t *cr);

/* Appends the geometry in wkb[0..len) to cr's current path (polygons as closed subpaths, lines
 * as open ones; points are skipped). Returns the number of vertices emitted after simplification
 * (0 for points/empty), or -1 and sets a BH_E_GEOMETRY error when the WKB cannot be read (the
 * caller may skip the shape with a warning), or -2 and sets BH_E_NOMEM (the caller fails). */
long bh_mapview_path_wkb(bh_mapview *mv, cairo_t *cr, const unsigned char *wkb, size_t len);

/* Calls fn for every point of the geometry (POINT, MULTIPOINT, or the vertices of nothing else)
 * with its page position. Returns the number of points, -1 on unreadable WKB. */
typedef void (*bh_mapview_point_fn)(void *user, double px, double py);
long bh_mapview_points_wkb(bh_mapview *mv, const unsigned char *wkb, size_t len,
                           bh_mapview_point_fn fn, void *user);

/* Envelope (minx, miny, maxx, maxy) of the WKB geometry in world metres; 0 on success, -1 on
 * unreadable or empty WKB. */
int bh_mapview_wkb_envelope(const unsigned char *wkb, size_t len, double env[4]);

/* A point inside the polygon (OGR PointOnSurface, GEOS) in page mm, for
 * labels and charts; 0 on success, -1 otherwise. */
int bh_mapview_label_point(const bh_mapview *mv, const unsigned char *wkb, size_t len, double *px,
                           double *py);

/* Vertex counts since create: read from WKB and emitted to cairo (to prove simplification). */
size_t bh_mapview_vertices_in(const bh_mapview *mv);
size_t bh_mapview_vertices_out(const bh_mapview *mv);

#endif

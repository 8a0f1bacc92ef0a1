/* Kernel density on a regular grid (Gaussian kernel, bandwidth h in metres). Knows nothing of
 * drawing.
 *
 *   density(c) = Σ_k w_k · exp(−d_k(c)² / (2h²)) / (2π h²)     (per m², at the cell centre c)
 * so density integrates to Σ w_k over the plane; summed over a grid of cell size a that covers
 * every point by at least 5h, Σ density · a² ≈ Σ w_k (to within about 0.1 % when a ≤ h).
 * Contributions beyond 5h are skipped (they hold e^-12.5 ≈ 4·10^-6 of a point's mass). */
#ifndef BH_KDE_H
#define BH_KDE_H

#include <stddef.h>
#include "core/ctx.h"

/* Evaluates the density on cols × rows cells of size cell whose south-west corner is (x0, y0);
 * out[r * cols + c] is the cell at column c, row r (row 0 = south). out is the caller's.
 * BH_E_ARG when cell or bandwidth is not positive. */
BH_MUST_CHECK bh_status bh_kde_grid(bh_ctx *ctx, const double *px, const double *py,
                                    const double *pw, size_t n, double x0, double y0, size_t cols,
                                    size_t rows, double cell, double bandwidth, double *out);

#endif

#include "analysis/kde.h"

#include <math.h>
#include <string.h>

bh_status bh_kde_grid(bh_ctx *ctx, const double *px, const double *py, const double *pw, size_t n,
                      double x0, double y0, size_t cols, size_t rows, double cell, double bandwidth,
                      double *out)
{
    if (!(cell > 0) || !(bandwidth > 0) || !isfinite(cell) || !isfinite(bandwidth))
        return bh_error(ctx, BH_E_ARG, "KDE: cell and bandwidth must be positive metres");
    memset(out, 0, cols * rows * sizeof *out);
    double h2 = bandwidth * bandwidth, norm = 1.0 / (2.0 * M_PI * h2), reach = 5.0 * bandwidth;
    for (size_t k = 0; k < n; k++) {
        /* Cells whose centre lies within reach of the point. */
        double cmin = floor((px[k] - reach - x0) / cell), cmax = ceil((px[k] + reach - x0) / cell);
        double rmin = floor((py[k] - reach - y0) / cell), rmax = ceil((py[k] + reach - y0) / cell);
        if (cmax < 0 || rmax < 0 || cmin >= (double)cols || rmin >= (double)rows)
            continue;
        size_t c0 = cmin < 0 ? 0 : (size_t)cmin, r0 = rmin < 0 ? 0 : (size_t)rmin;
        size_t c1 = cmax >= (double)cols ? cols - 1 : (size_t)cmax;
        size_t r1 = rmax >= (double)rows ? rows - 1 : (size_t)rmax;
        for (size_t r = r0; r <= r1; r++) {
            double dy = y0 + ((double)r + 0.5) * cell - py[k];
            for (size_t c = c0; c <= c1; c++) {
                double dx = x0 + ((double)c + 0.5) * cell - px[k];
                double d2 = dx * dx + dy * dy;
                if (d2 <= reach * reach)
                    out[r * cols + c] += pw[k] * norm * exp(-d2 / (2.0 * h2));
            }
        }
    }
    return BH_OK;
}

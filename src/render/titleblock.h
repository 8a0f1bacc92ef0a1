/* Title block (title, period in 和暦, subtitle, printed date) above the map, the footer (source
 * line and data credits) below it, and the "サンプルデータ / SAMPLE DATA" stamp. */
#ifndef BH_TITLEBLOCK_H
#define BH_TITLEBLOCK_H

#include <cairo.h>
#include "render/text.h"

typedef struct bh_titleblock {
    const char *family;   /* font family; NULL = default */
    double title_pt;      /* title size */
    double text_pt;       /* period / subtitle / date size */
    double small_pt;      /* footer size */
    const char *title;    /* e.g. "松戸市 犯罪発生マップ" */
    const char *period;   /* e.g. "令和5年1月〜令和5年12月" */
    const char *subtitle; /* e.g. "交番別・自転車盗" (may be NULL) */
    const char *printed;  /* e.g. "作成日 令和8年11月29日" (may be NULL) */
    const char *source; /* source line, e.g. "資料：松戸警察署・松戸東警察署提供（速報値）" */
    const char *credits; /* data credits, lines separated by '\n' (may be NULL) */
} bh_titleblock;

/* Draws the header across (x, y)-(x + w, ...) and returns its height in mm. With draw == 0
 * only measures. */
double bh_titleblock_header(cairo_t *cr, const bh_titleblock *tb, double x, double y, double w,
                            int draw);
/* Draws the footer so that it ends at y_bottom and returns its height in mm (draw == 0:
 * measure only). */
double bh_titleblock_footer(cairo_t *cr, const bh_titleblock *tb, double x, double y_bottom,
                            double w, int draw);

/* The sample-data stamp centred at (cx, cy): red double frame, "サンプルデータ / SAMPLE DATA"
 * (and note, if not NULL, on a second line). Returns its box in box[4] (x0 y0 x1 y1); with
 * draw == 0 only measures. */
void bh_titleblock_stamp(cairo_t *cr, const char *family, double size_pt, const char *note,
                         double cx, double cy, double box[4], int draw);

#endif

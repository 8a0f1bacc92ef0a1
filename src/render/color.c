/* Colours as styles write them: "#rgb", "#rrggbb", "#rrggbbaa" or "none" (render/style.h). */
#include "render/style.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

int bh_style_parse_color(const char *t, bh_rgba *out)
{
    memset(out, 0, sizeof *out);
    if (t == NULL)
        return -1;
    if (strcmp(t, "none") == 0)
        return 0;
    if (t[0] != '#')
        return -1;
    size_t n = strlen(t + 1);
    unsigned v[8];
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)t[1 + i];
        if (!isxdigit(c) || i >= 8)
            return -1;
        v[i] = (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
    }
    if (n == 3) {
        out->r = v[0] * 17 / 255.0;
        out->g = v[1] * 17 / 255.0;
        out->b = v[2] * 17 / 255.0;
        out->a = 1;
    } else if (n == 6 || n == 8) {
        out->r = (v[0] * 16 + v[1]) / 255.0;
        out->g = (v[2] * 16 + v[3]) / 255.0;
        out->b = (v[4] * 16 + v[5]) / 255.0;
        out->a = n == 8 ? (v[6] * 16 + v[7]) / 255.0 : 1;
    } else {
        return -1;
    }
    out->set = 1;
    return 0;
}

unsigned bh_rgba_hex(const bh_rgba *c)
{
    if (!c->set)
        return 0;
    return (unsigned)lround(c->r * 255) << 16 | (unsigned)lround(c->g * 255) << 8 |
           (unsigned)lround(c->b * 255);
}

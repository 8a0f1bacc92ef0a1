#include "render/mapfocus.h"
#include "core/alloc.h"

#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"

static const char focus_name[] = "temp.bh_map_focus";

/* s as an SQL string literal ('' doubled), the same on both backends. */
static void focus_quote(bh_strbuf *sb, const char *s)
{
    bh_strbuf_append(sb, "'");
    for (const char *p = s; *p; p++)
        bh_strbuf_append(sb, *p == '\'' ? "''" : (char[]){*p, '\0'});
    bh_strbuf_append(sb, "'");
}

static char *focus_hex(const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char *h = bh_malloc(2 * n + 1);
    for (size_t i = 0; h && i < n; i++) {
        h[2 * i] = hex[p[i] >> 4];
        h[2 * i + 1] = hex[p[i] & 15];
    }
    if (h)
        h[2 * n] = '\0';
    return h;
}

char *bh_mapfocus_table(bh_db *db, const bh_summary *md, const char *kind, const char *area)
{
    for (size_t i = 0; area && i < bh_summary_n_areas(md); i++) {
        size_t len;
        const unsigned char *wkb = bh_summary_area_wkb(md, i, &len);
        if (!wkb || (strcmp(area, bh_summary_area_id(md, i)) != 0 &&
                     strcmp(area, bh_summary_area_name(md, i)) != 0))
            continue;
        char *hex = focus_hex(wkb, len);
        if (hex == NULL)
            return NULL;
        bh_strbuf sb;
        bh_strbuf_init(&sb);
        bh_strbuf_append(&sb, "(SELECT ");
        focus_quote(&sb, kind);
        bh_strbuf_append(&sb, " AS kind, ");
        focus_quote(&sb, bh_summary_area_id(md, i));
        bh_strbuf_append(&sb, " AS id, ");
        focus_quote(&sb, bh_summary_area_name(md, i));
        bh_strbuf_append(&sb, " AS name, ");
        bh_strbuf_printf(&sb, bh_db_sql(db)->geom_hex, hex, bh_db_srid(db));
        bh_strbuf_append(&sb, " AS geom)");
        bh_free(hex);
        return bh_strbuf_take(&sb);
    }
    char none[64]; /* a typed NULL: PostgreSQL reads a bare one in a subquery as text */
    snprintf(none, sizeof none, bh_db_sql(db)->geom_in, "NULL", bh_db_srid(db));
    return bh_asprintf("(SELECT '' AS kind, '' AS id, '' AS name, %s AS geom WHERE 1 = 0)", none);
}

char *bh_mapfocus_where(const char *where, const char *table, int *nomem)
{
    *nomem = 0;
    if (where == NULL || strstr(where, focus_name) == NULL)
        return NULL;
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (const char *p = where, *q; *p; p = q + sizeof focus_name - 1) {
        q = strstr(p, focus_name);
        if (q == NULL) {
            bh_strbuf_append(&sb, p);
            break;
        }
        bh_strbuf_appendn(&sb, p, (size_t)(q - p));
        bh_strbuf_append(&sb, table);
    }
    char *s = bh_strbuf_take(&sb);
    *nomem = s == NULL;
    return s;
}

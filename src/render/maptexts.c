/* The title block's texts of a map page (render/mapdraw_internal.h): title, the line under it
 * (the crime period in 和暦, or what the style's page.header_sql says the page is), subtitle,
 * printed date, source line and credits. */
#include "render/mapdraw_internal.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/strbuf.h"
#include "render/credits.h"
#include "render/page.h"

typedef bh_mapdraw draw;

static const char *by_label(const char *by)
{
    static const struct {
        const char *by, *label;
    } t[] = {{"koban", "交番別"},
             {"oaza", "大字別"},
             {"chome", "町丁目別"},
             {"school-district", "小学校区別"}};
    for (size_t i = 0; by && i < sizeof t / sizeof *t; i++)
        if (strcmp(by, t[i].by) == 0)
            return t[i].label;
    return by && strncmp(by, "grid", 4) == 0 ? "メッシュ別" : "交番別";
}

/* The printed date: opts' "YYYY-MM-DD", else $SOURCE_DATE_EPOCH, else today (UTC). */
static void printed_date(const bh_map_opts *o, char *buf, size_t size)
{
    int y = 0, m = 0, d = 0;
    if (o->printed_date == NULL || sscanf(o->printed_date, "%d-%d-%d", &y, &m, &d) != 3) {
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        time_t t = sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        y = tm.tm_year + 1900;
        m = tm.tm_mon + 1;
        d = tm.tm_mday;
    }
    char w[64];
    bh_page_wareki_date(y, m, d, w, sizeof w);
    snprintf(buf, size, "作成日 %s", w);
}

/* Title with "{city}" replaced (caller frees). */
static char *title_text(draw *D)
{
    const char *t = D->o->title ? D->o->title : D->pg->title;
    const char *city = D->city ? bh_city_name(D->city) : "";
    const char *p = strstr(t, "{city}");
    if (p == NULL)
        return bh_strdup(t);
    return bh_asprintf("%.*s%s%s", (int)(p - t), t, city, p + 6);
}

/* Credits: the city profile's (render/credits.c), then each drawn layer's catalogue credit,
 * without repeats. */
static bh_status credits_text(draw *D, char **out)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_status st = bh_credits_append(D->db, D->city, "\n", &sb);
    for (size_t i = 0; st == BH_OK && i < bh_style_n_layers(D->style); i++) {
        const char *c = D->info[i].credit;
        if (D->drawn[i] && c && *c && (sb.data == NULL || strstr(sb.data, c) == NULL))
            bh_strbuf_printf(&sb, "%s%s", sb.len ? "\n" : "", c);
    }
    *out = bh_strbuf_take(&sb);
    if (st == BH_OK && *out == NULL)
        *out = bh_strdup("");
    return st;
}

/* The line the title block shows under the title: the crime period in 和暦, or what the
 * style's page.header_sql says the page is (e.g. the refuge coverage's radius and register),
 * never a crime period on a page that shows none. */
static bh_status page_header_line(draw *D, char *out, size_t size)
{
    const bh_map_opts *o = D->o;
    if (D->pg->header_sql == NULL) {
        int from = bh_summary_from_ym(D->md) ? bh_summary_from_ym(D->md) : o->from_ym;
        int to = bh_summary_to_ym(D->md) ? bh_summary_to_ym(D->md) : o->to_ym;
        bh_page_wareki_period(from, to, out, size);
        if (!*out)
            snprintf(out, size, "%s", "期間：全期間（該当データなし）");
        return BH_OK;
    }
    out[0] = '\0';
    if (D->db == NULL)
        return BH_OK;
    const char *sql = D->pg->header_sql_pg && bh_db_kind_of(D->db) == BH_DB_POSTGRES
                          ? D->pg->header_sql_pg
                          : D->pg->header_sql;
    bh_stmt *q = NULL;
    bh_status st = bh_stmt_prepare(D->db, sql, &q);
    if (st != BH_OK) {
        char why[256];
        snprintf(why, sizeof why, "%s", bh_ctx_error(D->ctx));
        return bh_error_replace(D->ctx, BH_E_STYLE, "%s: page.header_sql: %s",
                                bh_style_origin(D->style), why);
    }
    int r = bh_stmt_step(q);
    if (r == BH_STEP_ROW && bh_stmt_column_text(q, 0) != NULL)
        snprintf(out, size, "%s", bh_stmt_column_text(q, 0));
    else if (r == BH_STEP_ERROR)
        st = bh_ctx_status(D->ctx);
    bh_stmt_finalize(q);
    return st;
}

/* The title block's texts. */
bh_status bh_mapdraw_texts_make(draw *D, bh_mapdraw_texts *t)
{
    const bh_map_opts *o = D->o;
    const bh_style_page *pg = D->pg;
    bh_status st = page_header_line(D, t->period, sizeof t->period);
    if (st != BH_OK)
        return st;
    printed_date(o, t->printed, sizeof t->printed);
    const char *types = pg->header_sql ? NULL
                        : o->types     ? o->types
                                       : (D->areas ? D->areas->types : NULL);
    const char *area = o->area; /* the area's name, not its id (a 町丁目 key_code, a group key) */
    for (size_t i = 0; area && i < bh_summary_n_areas(D->md); i++)
        if (strcmp(area, bh_summary_area_id(D->md, i)) == 0) {
            area = bh_summary_area_name(D->md, i);
            break;
        }
    snprintf(t->sub, sizeof t->sub, "%s%s%s%s%s・%s", by_label(o->by), area ? "・" : "",
             area ? area : "", types ? "・" : "", types ? types : "",
             o->edition == BH_MAP_INTERNAL ? "内部用（取扱注意）" : "公開用");
    t->title = title_text(D);
    st = credits_text(D, &t->credits);
    if (st != BH_OK)
        return st;
    const char *src_line = NULL;
    json_object *sl = NULL;
    if (D->city && json_object_object_get_ex(bh_city_json(D->city), "source_line", &sl))
        src_line = json_object_get_string(sl);
    t->source = bh_asprintf("資料：%s", src_line ? src_line : "—");
    if (t->title == NULL || t->credits == NULL || t->source == NULL)
        return bh_error(D->ctx, BH_E_NOMEM, "out of memory");
    t->tb = (bh_titleblock){
        pg->font_family, pg->title_pt, pg->text_pt, pg->small_pt, t->title,
        t->period,       t->sub,       t->printed,  t->source,    pg->credits ? t->credits : NULL};
    return BH_OK;
}

void bh_mapdraw_texts_free(bh_mapdraw_texts *t)
{
    bh_free(t->title);
    bh_free(t->credits);
    bh_free(t->source);
    memset(t, 0, sizeof *t);
}

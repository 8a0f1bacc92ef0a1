/* The areas of a kind by name (bohan/areas.h): the list with population and 町丁目 counts, and
 * finding one area from what an officer typed, with a "did you mean" list when that fails. */
#include "bohan/areas.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>
#include "core/normalize.h"
#include "core/strbuf.h"
#include "crimes/summary.h"
#include "crimes/summary_internal.h"

typedef struct area_entry {
    char *id, *name, *key; /* key: bh_norm_area(name) */
    double population;
    long blocks;
} area_entry;

struct bh_area_list {
    bh_area_kind by;
    size_t n;
    area_entry *a;
};

static const char *kind_label(bh_area_kind by)
{
    switch (by) {
    case BH_AREA_CHOME:
        return "町丁目";
    case BH_AREA_OAZA:
        return "大字";
    case BH_AREA_KOBAN:
        return "交番管内";
    case BH_AREA_SCHOOL_DISTRICT:
        return "小学校区";
    default:
        return "area";
    }
}

void bh_area_list_destroy(bh_area_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        bh_free(l->a[i].id);
        bh_free(l->a[i].name);
        bh_free(l->a[i].key);
    }
    bh_free(l->a);
    bh_free(l);
}

/* Blocks of a 町丁目 place: a group's key is its key_codes joined by '+' (crimes/places.h). */
static long place_blocks(const char *id)
{
    long n = 1;
    for (const char *p = id; (p = strchr(p, '+')) != NULL; p++)
        n++;
    return n;
}

/* Counts the 町丁目 of every area of s (by the rule that counts crimes: crimes/assign.c). */
static bh_status count_blocks(bh_db *db, bh_summary *s, long *blocks)
{
    if (s->by == BH_AREA_CHOME) {
        for (size_t i = 0; i < s->n; i++)
            blocks[i] = s->areas[i].wkb ? place_blocks(s->areas[i].id) : 0;
        return BH_OK;
    }
    bh_summary_opts so = {.by = BH_AREA_CHOME};
    bh_summary *subs = NULL;
    bh_status rc = bh_summary_compute(db, &so, &subs);
    long *area_of = rc == BH_OK ? bh_calloc(subs->n ? subs->n : 1, sizeof *area_of) : NULL;
    if (rc == BH_OK && !area_of)
        rc = bh_error(bh_db_ctx(db), BH_E_NOMEM, "out of memory");
    if (rc == BH_OK)
        rc = bh_summary_assign(db, s, subs, area_of);
    for (size_t j = 0; rc == BH_OK && j < subs->n; j++)
        if (area_of[j] >= 0 && subs->areas[j].wkb)
            blocks[area_of[j]] += place_blocks(subs->areas[j].id);
    bh_free(area_of);
    bh_summary_destroy(subs);
    return rc;
}

static bh_status fill(bh_area_list *l, const bh_summary *s, const long *blocks)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!s->areas[i].wkb)
            continue; /* remainder rows (大字のみ, 市全体 …) are no area */
        area_entry *e = &l->a[l->n++];
        e->id = bh_strdup(s->areas[i].id);
        e->name = bh_strdup(s->areas[i].name);
        e->key = bh_norm_area(s->areas[i].name);
        e->population = s->areas[i].pop;
        e->blocks = blocks[i];
        if (!e->id || !e->name || !e->key)
            return BH_E_NOMEM;
    }
    return BH_OK;
}

bh_status bh_area_list_compute(bh_db *db, bh_area_kind by, bh_area_list **out)
{
    *out = NULL;
    bh_ctx *ctx = bh_db_ctx(db);
    if (by == BH_AREA_GRID)
        return bh_error(ctx, BH_E_USAGE,
                        "grid cells have no names: use --by chome, oaza, koban "
                        "or school-district");
    bh_summary_opts so = {.by = by};
    bh_summary *s = NULL;
    bh_status rc = bh_summary_compute(db, &so, &s);
    if (rc != BH_OK)
        return rc;
    bh_area_list *l = bh_calloc(1, sizeof *l);
    long *blocks = bh_calloc(s->n ? s->n : 1, sizeof *blocks);
    if (l)
        l->a = bh_calloc(s->n ? s->n : 1, sizeof *l->a);
    rc = l && l->a && blocks ? count_blocks(db, s, blocks) : BH_E_NOMEM;
    if (rc == BH_OK) {
        l->by = by;
        rc = fill(l, s, blocks);
    }
    if (rc == BH_E_NOMEM)
        rc = bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_free(blocks);
    bh_summary_destroy(s);
    if (rc != BH_OK)
        bh_area_list_destroy(l);
    else
        *out = l;
    return rc;
}

size_t bh_area_list_n(const bh_area_list *l)
{
    return l ? l->n : 0;
}

const char *bh_area_list_id(const bh_area_list *l, size_t i)
{
    return i < l->n ? l->a[i].id : NULL;
}

const char *bh_area_list_name(const bh_area_list *l, size_t i)
{
    return i < l->n ? l->a[i].name : NULL;
}

double bh_area_list_population(const bh_area_list *l, size_t i)
{
    return i < l->n ? l->a[i].population : 0.0;
}

long bh_area_list_blocks(const bh_area_list *l, size_t i)
{
    return i < l->n ? l->a[i].blocks : 0;
}

/* Tier t of a match: 0 exact id/name, 1 same key, 2 key starts with q, 3 key contains q. */
static int matches(const area_entry *e, const char *text, const char *q, int t)
{
    switch (t) {
    case 0:
        return strcmp(e->id, text) == 0 || strcmp(e->name, text) == 0;
    case 1:
        return strcmp(e->key, q) == 0;
    case 2:
        return strncmp(e->key, q, strlen(q)) == 0;
    default:
        return strstr(e->key, q) != NULL;
    }
}

/* Bytes of a's leading characters that b shares (whole UTF-8 characters). */
static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0, whole = 0;
    while (a[n] && a[n] == b[n]) {
        n++;
        if (((unsigned char)a[n] & 0xC0) != 0x80)
            whole = n;
    }
    return whole;
}

/* The one-line error: several matches (the tier's), or none (the names nearest by prefix). */
static bh_status not_found(bh_ctx *ctx, const bh_area_list *l, const char *text, const char *q,
                           int tier, size_t hits)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    size_t best = 0, shown = 0;
    if (hits == 0)
        for (size_t i = 0; i < l->n; i++) {
            size_t c = common_prefix(l->a[i].key, q);
            best = c > best ? c : best;
        }
    for (size_t i = 0; i < l->n && shown < 12; i++) {
        int pick = hits ? matches(&l->a[i], text, q, tier)
                        : best > 0 && common_prefix(l->a[i].key, q) == best;
        if (pick || (hits == 0 && best == 0 && shown < 8))
            bh_strbuf_printf(&sb, "%s%s", shown++ ? ", " : "", l->a[i].name);
    }
    size_t total = hits ? hits : shown;
    const char *more = total > shown ? ", …" : "";
    bh_status rc;
    if (hits)
        rc = bh_error(ctx, BH_E_UNKNOWN_AREA, "--area '%s': %zu %s match; did you mean: %s%s", text,
                      hits, kind_label(l->by), sb.data ? sb.data : "", more);
    else
        rc = bh_error(ctx, BH_E_UNKNOWN_AREA,
                      "--area '%s': no such %s; did you mean: %s%s (all: bohan areas --by %s)",
                      text, kind_label(l->by), sb.data ? sb.data : "", l->n > shown ? ", …" : "",
                      l->by == BH_AREA_CHOME   ? "chome"
                      : l->by == BH_AREA_OAZA  ? "oaza"
                      : l->by == BH_AREA_KOBAN ? "koban"
                                               : "school-district");
    bh_strbuf_free(&sb);
    return rc;
}

bh_status bh_area_list_find(bh_ctx *ctx, const bh_area_list *l, const char *text, size_t *index)
{
    *index = 0;
    if (!text || !*text)
        return bh_error(ctx, BH_E_USAGE, "--area: give an area name");
    char *q = bh_norm_area(text);
    if (!q)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    bh_status rc = BH_OK;
    int tier = 0;
    size_t hits = 0, at = 0;
    for (; tier < 4 && hits == 0; tier++)
        for (size_t i = 0; i < l->n; i++)
            if ((tier == 0 || *q) && matches(&l->a[i], text, q, tier) && hits++ == 0)
                at = i;
    if (hits == 1)
        *index = at;
    else
        rc = not_found(ctx, l, text, q, tier - 1, hits);
    bh_free(q);
    return rc;
}

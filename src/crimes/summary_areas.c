/* The areas of a summary and where each crime row falls.
 *
 *   chome            town_blocks rows (id key_code); population as stored. Rows known only to the
 *                    大字 (state 'oaza') go to one "大字のみ" remainder row per 大字 (id
 * "oaza:<name>", no geometry, no population), listed after the blocks. oaza             oaza layer
 * rows (id name), or the dissolve of town_blocks by oaza when there is no oaza layer; population =
 * sum of the blocks with that oaza. koban            koban_areas (id name); school-district:
 * school_districts (id school_name). Population area-weighted: block population × (area of block ∩
 * area) / block area. A crime row is placed at its block's PointOnSurface (state 'chome') or its
 * 大字's PointOnSurface (state 'oaza') and counted in the area containing that point. grid:M square
 * cells aligned to multiples of M metres in the storage SRID (id "col:row" =
 * floor(x/M):floor(y/M)), every cell that overlaps a block; population area-weighted; crimes placed
 * as above. Count-table rows by 交番 (state 'koban') go to that koban area for koban summaries and
 * to a
 * "<name>（交番単位）" row (id "koban:<name>") otherwise; city-wide count rows (state 'city') to a
 * "（市全体・地区不明）" row (id "city"). These rows have no geometry and no population.
 * A row whose place is in no area (unknown key_code, point outside every polygon) is counted in a
 * "位置不明" row (id "unlocated"), so the areas' totals always add up to the in-city rows. */
#include "crimes/summary_internal.h"
#include "core/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

int bh_sum_index_get(const bh_hash_map *m, const char *key, int *val)
{
    const bh_hash_entry *e = bh_hash_map_get(m, key);
    if (e)
        *val = (int)e->val.num;
    return e != NULL;
}

int bh_sum_index_put(bh_hash_map *m, const char *key, int val)
{
    bh_hash_entry *e = bh_hash_map_add(m, key, strlen(key), NULL);
    if (!e)
        return -1;
    e->val.num = val;
    return 0;
}

int bh_sum_add_area(bh_summary *s, const char *id, const char *name, double pop, unsigned char *wkb,
                    size_t wkb_len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        bh_sum_area *a = bh_realloc(s->areas, cap * sizeof *a);
        if (a == NULL) {
            bh_free(wkb);
            return -1;
        }
        s->areas = a;
        s->cap = cap;
    }
    bh_sum_area *a = &s->areas[s->n];
    memset(a, 0, sizeof *a);
    a->id = bh_strdup(id);
    a->name = bh_strdup(name ? name : id);
    a->pop = pop;
    a->wkb = wkb;
    a->wkb_len = wkb_len;
    a->counts = bh_calloc(s->n_types ? s->n_types : 1, sizeof *a->counts);
    s->n++;
    if (a->id == NULL || a->name == NULL || a->counts == NULL ||
        bh_sum_index_put(&s->ids, id, (int)(s->n - 1)) != 0)
        return -1;
    return (int)(s->n - 1);
}

static unsigned char *blob_copy(bh_stmt *st, int col, size_t *len)
{
    *len = 0;
    if (bh_stmt_column_type(st, col) != BH_VAL_BLOB)
        return NULL;
    size_t n = 0;
    const void *src = bh_stmt_column_blob(st, col, &n);
    unsigned char *p = bh_malloc(n ? n : 1);
    if (p) {
        memcpy(p, src, n);
        *len = n;
    }
    return p;
}

static bh_status nomem(bh_summary *s)
{
    return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
}

/* The backend's spelling of fmt's spatial calls (db/stmt.h): "@WKB(x)" → geometry as WKB,
 * "@MULTI(x)" → its MULTI type, "@MBR(a, b)" → their boxes meet. Caller frees. */
static char *sum_sql(bh_summary *s, const char *fmt)
{
    const bh_db_dialect *d = bh_db_sql(s->db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (const char *p = fmt; *p;) {
        const char *f = strncmp(p, "@WKB(", 5) == 0     ? d->geom_out
                        : strncmp(p, "@MULTI(", 7) == 0 ? d->multi
                        : strncmp(p, "@MBR(", 5) == 0   ? d->mbr_hit
                                                        : NULL;
        if (f == NULL) {
            bh_strbuf_appendn(&sb, p++, 1);
            continue;
        }
        const char *open = strchr(p, '('), *q = open + 1;
        int depth = 1;
        const char *comma = NULL;
        for (; *q && depth; q++) {
            depth += (*q == '(') - (*q == ')');
            if (*q == ',' && depth == 1 && !comma)
                comma = q;
        }
        char *inner = bh_asprintf("%.*s", (int)(q - open - 2), open + 1);
        char *a = comma ? bh_asprintf("%.*s", (int)(comma - open - 1), open + 1) : NULL;
        char *b = comma ? bh_asprintf("%.*s", (int)(q - comma - 3), comma + 2) : NULL;
        char *in = inner ? sum_sql(s, comma ? "" : inner) : NULL;
        if (comma && a && b)
            bh_strbuf_printf(&sb, f, a, b);
        else if (in)
            bh_strbuf_printf(&sb, f, in);
        bh_free(in);
        bh_free(inner);
        bh_free(a);
        bh_free(b);
        p = q;
    }
    return bh_strbuf_take(&sb);
}

/* Runs sql (sum_sql spelling) yielding (id, name, population, wkb) rows, appended as areas. */
static bh_status load_rows(bh_summary *s, const char *fmt)
{
    char *sql = sum_sql(s, fmt);
    bh_stmt *st;
    bh_status rc = sql ? bh_stmt_prepare(s->db, sql, &st) : nomem(s);
    bh_free(sql);
    if (rc != BH_OK)
        return rc;
    int r;
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *id = bh_stmt_column_text(st, 0);
        if (id == NULL)
            continue;
        size_t len;
        unsigned char *wkb = blob_copy(st, 3, &len);
        if (bh_sum_add_area(s, id, bh_stmt_column_text(st, 1), bh_stmt_column_double(st, 2), wkb,
                            len) < 0) {
            bh_stmt_finalize(st);
            return nomem(s);
        }
    }
    bh_stmt_finalize(st);
    return r == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(s->db));
}

/* Adds area-weighted block population to every area of a polygon table. */
static bh_status weight_population(bh_summary *s, const char *table, const char *idcol)
{
    char *fmt = sqlite3_mprintf(
        "SELECT a.\"%w\", SUM(b.population * ST_Area(ST_Intersection(a.geom, b.geom)) / "
        "ST_Area(b.geom)) FROM \"%w\" a JOIN town_blocks b ON @MBR(a.geom, b.geom) "
        "WHERE b.population > 0 AND ST_Area(b.geom) > 0 GROUP BY a.\"%w\"",
        idcol, table, idcol);
    char *sql = fmt ? sum_sql(s, fmt) : NULL;
    sqlite3_free(fmt);
    bh_stmt *st;
    bh_status rc = sql ? bh_stmt_prepare(s->db, sql, &st) : nomem(s);
    bh_free(sql);
    if (rc != BH_OK)
        return rc;
    int r, idx;
    while ((r = bh_stmt_step(st)) == BH_STEP_ROW) {
        const char *id = bh_stmt_column_text(st, 0);
        if (id && bh_sum_index_get(&s->ids, id, &idx))
            s->areas[idx].pop = bh_stmt_column_double(st, 1);
    }
    bh_stmt_finalize(st);
    return r == BH_STEP_DONE ? BH_OK : bh_ctx_status(bh_db_ctx(s->db));
}

static bh_status need_table(bh_summary *s, const char *table, const char *hint)
{
    if (bh_db_has_table(s->db, table))
        return BH_OK;
    return bh_error(bh_db_ctx(s->db), BH_E_UNKNOWN_LAYER, "%s: layer '%s' is not loaded%s",
                    bh_db_path(s->db), table, hint);
}

static bh_status grid_cell(bh_summary *s, long col, long row, int *index)
{
    char id[64];
    snprintf(id, sizeof id, "%ld:%ld", col, row);
    if (bh_sum_index_get(&s->ids, id, index))
        return BH_OK;
    double g = s->grid_m;
    char v[4][32];
    snprintf(v[0], sizeof v[0], "%.17g", col * g);
    snprintf(v[1], sizeof v[1], "%.17g", row * g);
    snprintf(v[2], sizeof v[2], "%.17g", (col + 1) * g);
    snprintf(v[3], sizeof v[3], "%.17g", (row + 1) * g);
    const bh_db_dialect *d = bh_db_sql(s->db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, d->envelope, v[0], v[1], v[2], v[3], s->srid);
    char *env = bh_strbuf_take(&sb);
    char *multi = env ? bh_asprintf(d->multi, env) : NULL;
    char *wkbq = multi ? bh_asprintf(d->geom_out, multi) : NULL;
    char *sql = wkbq ? bh_asprintf("SELECT %s", wkbq) : NULL;
    bh_free(env);
    bh_free(multi);
    bh_free(wkbq);
    bh_stmt *st;
    bh_status rc = sql ? bh_stmt_prepare(s->db, sql, &st) : nomem(s);
    bh_free(sql);
    if (rc != BH_OK)
        return rc;
    size_t len = 0;
    unsigned char *wkb = bh_stmt_step(st) == BH_STEP_ROW ? blob_copy(st, 0, &len) : NULL;
    bh_stmt_finalize(st);
    *index = bh_sum_add_area(s, id, id, 0.0, wkb, len);
    return *index < 0 ? nomem(s) : BH_OK;
}

static int cmp_cells(const void *a, const void *b)
{
    const bh_sum_area *x = a, *y = b;
    long xc, xr, yc, yr;
    sscanf(x->id, "%ld:%ld", &xc, &xr);
    sscanf(y->id, "%ld:%ld", &yc, &yr);
    if (xr != yr)
        return xr > yr ? -1 : 1; /* north first, like reading a map */
    return (xc > yc) - (xc < yc);
}

/* The statements of load_grid: the blocks (WKB, population, area, bounds) and the area of one
 * block (?1, WKB) inside one cell (?2..?5). */
static bh_status grid_prepare(bh_summary *s, bh_stmt **st, bh_stmt **cut)
{
    const bh_db_dialect *d = bh_db_sql(s->db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_append(&sb, "SELECT ");
    bh_strbuf_printf(&sb, d->geom_out, "geom");
    bh_strbuf_append(&sb, ", COALESCE(population, 0), ST_Area(geom), ");
    bh_strbuf_printf(&sb, d->bounds, "geom", "geom", "geom", "geom");
    bh_strbuf_append(&sb, " FROM town_blocks WHERE geom IS NOT NULL ORDER BY key_code");
    bh_status rc = sb.failed ? nomem(s) : bh_stmt_prepare(s->db, sb.data, st);
    bh_strbuf_reset(&sb);
    char *g = bh_asprintf(d->geom_in, "?1", s->srid);
    bh_strbuf_printf(&sb, "SELECT ST_Area(ST_Intersection(%s, ", g ? g : "");
    bh_strbuf_printf(&sb, d->envelope, "?2", "?3", "?4", "?5", s->srid);
    bh_strbuf_append(&sb, "))");
    bh_free(g);
    if (rc == BH_OK)
        rc = sb.failed || !g ? nomem(s) : bh_stmt_prepare(s->db, sb.data, cut);
    bh_strbuf_free(&sb);
    return rc;
}

/* Cells over every block, population split by the share of each block's area in each cell. */
static bh_status load_grid(bh_summary *s)
{
    bh_stmt *st = NULL, *cut = NULL;
    bh_status rc = grid_prepare(s, &st, &cut);
    double g = s->grid_m;
    int r = BH_STEP_DONE;
    while (rc == BH_OK && (r = bh_stmt_step(st)) == BH_STEP_ROW) {
        double pop = bh_stmt_column_double(st, 1), area = bh_stmt_column_double(st, 2);
        long c0 = (long)floor(bh_stmt_column_double(st, 3) / g);
        long r0 = (long)floor(bh_stmt_column_double(st, 4) / g);
        long c1 = (long)floor(bh_stmt_column_double(st, 5) / g);
        long r1 = (long)floor(bh_stmt_column_double(st, 6) / g);
        bh_value geom;
        bh_stmt_column_value(st, 0, &geom);
        for (long row = r0; rc == BH_OK && row <= r1; row++)
            for (long col = c0; rc == BH_OK && col <= c1; col++) {
                bh_stmt_reset(cut);
                bh_stmt_bind_value(cut, 1, &geom);
                bh_stmt_bind_double(cut, 2, col * g);
                bh_stmt_bind_double(cut, 3, row * g);
                bh_stmt_bind_double(cut, 4, (col + 1) * g);
                bh_stmt_bind_double(cut, 5, (row + 1) * g);
                double part = bh_stmt_step(cut) == BH_STEP_ROW ? bh_stmt_column_double(cut, 0) : 0;
                if (!(part > 0))
                    continue;
                int idx;
                rc = grid_cell(s, col, row, &idx);
                if (rc == BH_OK && area > 0)
                    s->areas[idx].pop += pop * part / area;
            }
    }
    if (rc == BH_OK && r == BH_STEP_ERROR)
        rc = bh_ctx_status(bh_db_ctx(s->db));
    bh_stmt_finalize(cut);
    bh_stmt_finalize(st);
    if (rc != BH_OK)
        return rc;
    qsort(s->areas, s->n, sizeof *s->areas, cmp_cells);
    bh_hash_map_free(&s->ids, NULL);
    for (size_t i = 0; i < s->n; i++)
        if (bh_sum_index_put(&s->ids, s->areas[i].id, (int)i) != 0)
            return nomem(s);
    return BH_OK;
}

bh_status bh_sum_load_areas(bh_summary *s)
{
    bh_status rc = need_table(s, "town_blocks", " (run 'bohan init')");
    if (rc != BH_OK)
        return rc;
    switch (s->by) {
    case BH_AREA_CHOME:
        return load_rows(s, "SELECT key_code, name, COALESCE(population, 0), @WKB(geom) "
                            "FROM town_blocks ORDER BY key_code");
    case BH_AREA_OAZA:
        if (bh_db_has_table(s->db, "oaza"))
            return load_rows(s, "SELECT o.name, o.name, (SELECT COALESCE(SUM(b.population), 0) "
                                "FROM town_blocks b WHERE b.oaza = o.name), @WKB(o.geom) "
                                "FROM oaza o ORDER BY o.name");
        return load_rows(s, "SELECT oaza, oaza, COALESCE(SUM(population), 0), "
                            "@WKB(@MULTI(ST_Union(geom))) FROM town_blocks "
                            "WHERE oaza IS NOT NULL GROUP BY oaza ORDER BY oaza");
    case BH_AREA_KOBAN:
        rc = need_table(s, "koban_areas", " (run 'bohan crimes koban')");
        if (rc == BH_OK)
            rc = load_rows(s, "SELECT name, name, 0, @WKB(geom) FROM koban_areas "
                              "ORDER BY name");
        return rc == BH_OK ? weight_population(s, "koban_areas", "name") : rc;
    case BH_AREA_SCHOOL_DISTRICT:
        rc = need_table(s, "school_districts", " (run 'bohan init')");
        if (rc == BH_OK)
            rc = load_rows(s, "SELECT school_name, school_name, 0, @WKB(geom) "
                              "FROM school_districts ORDER BY school_name");
        return rc == BH_OK ? weight_population(s, "school_districts", "school_name") : rc;
    case BH_AREA_GRID:
        return load_grid(s);
    }
    return bh_error(bh_db_ctx(s->db), BH_E_INTERNAL, "summary: unknown area kind");
}

/* Text of the first column of sql with param bound to ?1 unless NULL (caller frees); NULL if
 * none. */
static char *query_text(bh_summary *s, const char *sql, const char *param)
{
    bh_stmt *st;
    if (bh_stmt_prepare(s->db, sql, &st) != BH_OK)
        return NULL;
    if (param)
        bh_stmt_bind_text(st, 1, param);
    char *v = NULL;
    if (bh_stmt_step(st) == BH_STEP_ROW && bh_stmt_column_text(st, 0))
        v = bh_strdup(bh_stmt_column_text(st, 0));
    bh_stmt_finalize(st);
    return v;
}

/* The representative point of a block or a 大字; 0 when it has none. */
static int place_point(bh_summary *s, int is_chome, const char *key, double *x, double *y)
{
    const char *sql =
        is_chome ? "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM "
                   "town_blocks WHERE key_code = ?1) q"
        : bh_db_has_table(s->db, "oaza")
            ? "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM oaza WHERE "
              "name = ?1) q"
            : "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(ST_Union(geom)) p FROM "
              "town_blocks WHERE oaza = ?1) q";
    bh_stmt *st;
    if (bh_stmt_prepare(s->db, sql, &st) != BH_OK)
        return 0;
    bh_stmt_bind_text(st, 1, key);
    int ok = bh_stmt_step(st) == BH_STEP_ROW && bh_stmt_column_type(st, 0) != BH_VAL_NULL;
    if (ok) {
        *x = bh_stmt_column_double(st, 0);
        *y = bh_stmt_column_double(st, 1);
    }
    bh_stmt_finalize(st);
    return ok;
}

static char *area_at_point(bh_summary *s, double x, double y)
{
    const char *table = s->by == BH_AREA_KOBAN ? "koban_areas" : "school_districts";
    const char *idcol = s->by == BH_AREA_KOBAN ? "name" : "school_name";
    const bh_db_dialect *d = bh_db_sql(s->db);
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, d->point, x, y, s->srid);
    char *pt = bh_strbuf_take(&sb);
    char *hit = pt ? bh_asprintf(d->mbr_hit, "geom", pt) : NULL;
    char *sql = hit ? sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE %s AND ST_Intersects(geom, "
                                      "%s) ORDER BY 1 LIMIT 1",
                                      idcol, table, hit, pt)
                    : NULL;
    char *v = sql ? query_text(s, sql, NULL) : NULL;
    sqlite3_free(sql);
    bh_free(hit);
    bh_free(pt);
    return v;
}

static bh_status special_row(bh_summary *s, const char *id, const char *name, int *index)
{
    if (bh_sum_index_get(&s->ids, id, index))
        return BH_OK;
    if (s->frozen) { /* a computed summary: no crime of the period lies there */
        *index = -1;
        return BH_OK;
    }
    *index = bh_sum_add_area(s, id, name, 0.0, NULL, 0);
    return *index < 0 ? nomem(s) : BH_OK;
}

static bh_status locate_uncached(bh_summary *s, char kind, const char *place, int *index)
{
    *index = -1;
    char *id = NULL;
    if (kind == 'w')
        return special_row(s, "city", "（市全体・地区不明）", index);
    if (kind == 'k' && s->by != BH_AREA_KOBAN) {
        char *rid = bh_asprintf("koban:%s", place), *rname = bh_asprintf("%s（交番単位）", place);
        bh_status rc = (rid && rname) ? special_row(s, rid, rname, index) : nomem(s);
        bh_free(rid);
        bh_free(rname);
        return rc;
    }
    if (kind == 'k') {
        id = bh_strdup(place);
    } else if (s->by == BH_AREA_CHOME) {
        if (kind == 'c') {
            id = bh_strdup(place);
        } else {
            char *rid = bh_asprintf("oaza:%s", place),
                 *rname = bh_asprintf("%s（大字のみ）", place);
            bh_status rc = (rid && rname) ? special_row(s, rid, rname, index) : nomem(s);
            bh_free(rid);
            bh_free(rname);
            return rc;
        }
    } else if (s->by == BH_AREA_OAZA) {
        id = kind == 'c' ? query_text(s, "SELECT oaza FROM town_blocks WHERE key_code = ?1", place)
                         : bh_strdup(place);
    } else {
        double x, y;
        if (place_point(s, kind == 'c', place, &x, &y)) {
            if (s->by == BH_AREA_GRID && s->frozen) {
                char cell[64];
                snprintf(cell, sizeof cell, "%ld:%ld", (long)floor(x / s->grid_m),
                         (long)floor(y / s->grid_m));
                if (!bh_sum_index_get(&s->ids, cell, index))
                    *index = -1;
                return BH_OK;
            }
            if (s->by == BH_AREA_GRID) {
                long col = (long)floor(x / s->grid_m), row = (long)floor(y / s->grid_m);
                return grid_cell(s, col, row, index);
            }
            id = area_at_point(s, x, y);
        }
    }
    if (id == NULL || !bh_sum_index_get(&s->ids, id, index))
        *index = -1;
    bh_free(id);
    return BH_OK;
}

bh_status bh_sum_locate(bh_summary *s, char kind, const char *place, int *index)
{
    *index = -1;
    if (kind == 'w' || (place != NULL && *place != '\0')) {
        char *key = bh_asprintf("%c:%s", kind, kind == 'w' ? "" : place);
        if (key == NULL)
            return nomem(s);
        bh_status rc = BH_OK;
        if (!bh_sum_index_get(&s->locs, key, index)) {
            rc = locate_uncached(s, kind, place, index);
            if (rc == BH_OK && bh_sum_index_put(&s->locs, key, *index) != 0)
                rc = nomem(s);
        }
        bh_free(key);
        if (rc != BH_OK)
            return rc;
    }
    if (*index < 0)
        return special_row(s, "unlocated", "（位置不明）", index);
    return BH_OK;
}

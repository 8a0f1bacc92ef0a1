/* bohan refuges import: the city's こども110番の家 register (CSV or XLSX, through OGR) into
 * refuge_houses, each house placed by coordinates, 街区 point or 町丁目 (include/bohan/refuges.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include "analysis/refuge_refresh.h"
#include "core/strbuf.h"
#include "core/alloc.h"
#include "db/stage.h"
#include "crimes/crimes.h"
#include "crimes/matcher.h"
#include "crimes/places.h"
#include "crimes/reader.h"
#include "db/derived.h"
#include "db/gdal.h"
#include "refuges/place.h"
#include "refuges/report.h"

/* Accepted header spellings per column (the first match wins). */
enum { COL_ID, COL_NAME, COL_ADDR, COL_SCHOOL, COL_YEAR, COL_LON, COL_LAT, COL_N };
static const char *const imp_headers[COL_N][7] = {
    {"番号", "登録番号", "No", "No.", "ID", "house_id", NULL},
    {"名称", "氏名", "世帯名", "名前", "協力者名", "name", NULL},
    {"住所", "所在地", "address", NULL},
    {"学校名", "小学校名", "小学校", "学校", "school", "school_name", NULL},
    {"登録年度", "年度", "登録年", "year", NULL},
    {"経度", "lon", "longitude", "lng", NULL},
    {"緯度", "lat", "latitude", NULL},
};

typedef struct imp_row {
    long line;
    char *f[COL_N]; /* the row's texts (NULL when the column is absent or empty) */
    int method;     /* BH_PLACED_* */
    const char *reason;
    char *key_code;
    double x, y;
} imp_row;

typedef struct imp_state {
    bh_db *db;
    bh_ctx *ctx;
    const char *path;
    bh_matcher *m;
    bh_gaiku_index *gaiku;
    sqlite3_stmt *coords, *chome;
    int col[COL_N];
    int xlsx;
    imp_row *rows;
    size_t n;
} imp_state;

static int imp_find_col(OGRFeatureDefnH d, int c)
{
    for (int k = 0; imp_headers[c][k]; k++) {
        int i = OGR_FD_GetFieldIndex(d, imp_headers[c][k]);
        if (i >= 0)
            return i;
    }
    return -1;
}

/* Opens path: CSV through the crime reader (CP932 or UTF-8, recoded to a UTF-8 /vsimem/ file),
 * XLSX directly; every cell read as text. */
static bh_status imp_open(imp_state *s, const char *encoding, bh_reader **rd, GDALDatasetH *ds,
                          const char **enc_out)
{
    size_t len = strlen(s->path);
    int xlsx = s->xlsx = len > 5 && strcasecmp(s->path + len - 5, ".xlsx") == 0;
    const char *open_path = s->path;
    *enc_out = "XLSX";
    if (!xlsx) {
        bh_status rc = bh_reader_open(s->ctx, s->path, encoding, rd);
        if (rc != BH_OK)
            return rc;
        *enc_out = bh_reader_encoding(*rd);
        if ((open_path = bh_reader_utf8_path(*rd)) == NULL)
            return bh_error(s->ctx, BH_E_NOMEM, "%s: out of memory while recoding", s->path);
    }
    static const char *const csv_drv[] = {"CSV", NULL}, *const xlsx_drv[] = {"XLSX", NULL};
    static const char *const csv_oo[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", NULL};
    static const char *const xlsx_oo[] = {"HEADERS=FORCE", "FIELD_TYPES=STRING", NULL};
    *ds = bh_gdal_open(s->ctx, open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                       xlsx ? xlsx_drv : csv_drv, xlsx ? xlsx_oo : csv_oo);
    if (*ds == NULL || GDALDatasetGetLayerCount(*ds) < 1)
        return bh_error(s->ctx, BH_E_FORMAT, "%s: line 1: not a readable %s register (%s)", s->path,
                        xlsx ? "XLSX" : "CSV", bh_ctx_gdal_error(s->ctx));
    return BH_OK;
}

static char *imp_text(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    const char *t = OGR_F_GetFieldAsString(f, i);
    while (*t == ' ')
        t++;
    return *t ? bh_strdup(t) : NULL;
}

/* Reads every row of the first layer into s->rows. */
static bh_status imp_read(imp_state *s, GDALDatasetH ds)
{
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    for (int c = 0; c < COL_N; c++)
        s->col[c] = imp_find_col(d, c);
    if (s->col[COL_ADDR] < 0 && (s->col[COL_LON] < 0 || s->col[COL_LAT] < 0))
        return bh_error(s->ctx, BH_E_FORMAT,
                        "%s: line 1: no 住所 column and no 経度/緯度 columns: a house cannot be "
                        "placed",
                        s->path);
    size_t cap = (size_t)OGR_L_GetFeatureCount(l, 1) + 1;
    if ((s->rows = bh_calloc(cap, sizeof *s->rows)) == NULL)
        return bh_error(s->ctx, BH_E_NOMEM, "out of memory");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (s->n < cap && (f = OGR_L_GetNextFeature(l)) != NULL) {
        imp_row *r = &s->rows[s->n++];
        /* CSV FIDs count data records from 1 (the header is line 1); XLSX FIDs are sheet rows. */
        r->line = (long)OGR_F_GetFID(f) + (s->xlsx ? 0 : 1);
        for (int c = 0; c < COL_N; c++)
            r->f[c] = imp_text(f, s->col[c]);
        OGR_F_Destroy(f);
    }
    return s->n ? BH_OK : bh_error(s->ctx, BH_E_EMPTY, "%s: no rows after the header", s->path);
}

/* Coordinates (JGD2011 longitude/latitude) → storage CRS, inside the city. */
static void imp_place_coords(imp_state *s, imp_row *r)
{
    char *e1, *e2;
    double lon = strtod(r->f[COL_LON], &e1), lat = strtod(r->f[COL_LAT], &e2);
    if (*e1 || *e2 || lon < 120 || lon > 155 || lat < 20 || lat > 46) {
        r->reason = "bad_coordinates";
        return;
    }
    sqlite3_reset(s->coords);
    sqlite3_bind_double(s->coords, 1, lon);
    sqlite3_bind_double(s->coords, 2, lat);
    if (sqlite3_step(s->coords) != SQLITE_ROW || sqlite3_column_type(s->coords, 0) == SQLITE_NULL) {
        r->reason = "bad_coordinates";
    } else if (sqlite3_column_int(s->coords, 2) == 0) {
        r->reason = "outside_city";
    } else {
        r->method = BH_PLACED_COORDS;
        r->x = sqlite3_column_double(s->coords, 0);
        r->y = sqlite3_column_double(s->coords, 1);
    }
}

/* Address → 街区 point, else the 町丁目's PointOnSurface; key_code = the matched 町丁目. */
static void imp_place_address(imp_state *s, imp_row *r)
{
    bh_match mt;
    int chome = bh_matcher_match(s->m, r->f[COL_ADDR], &mt) == BH_MATCH_CHOME;
    if (chome)
        r->key_code = bh_strdup(mt.key_code);
    if (bh_gaiku_index_find(s->gaiku, s->m, r->f[COL_ADDR], &r->x, &r->y)) {
        r->method = BH_PLACED_GAIKU;
        return;
    }
    if (!chome) {
        r->reason = mt.state == BH_MATCH_OAZA ? "oaza_only" : "unknown_chome";
        return;
    }
    sqlite3_reset(s->chome);
    sqlite3_bind_text(s->chome, 1, mt.key_code, -1, SQLITE_STATIC);
    if (sqlite3_step(s->chome) == SQLITE_ROW && sqlite3_column_type(s->chome, 0) != SQLITE_NULL) {
        r->method = BH_PLACED_CHOME;
        r->x = sqlite3_column_double(s->chome, 0);
        r->y = sqlite3_column_double(s->chome, 1);
    } else
        r->reason = "unknown_chome";
}

static void imp_place(imp_state *s, imp_row *r)
{
    r->method = BH_PLACED_NONE;
    r->reason = NULL;
    if (r->f[COL_LON] && r->f[COL_LAT])
        imp_place_coords(s, r);
    if (r->method == BH_PLACED_NONE && r->f[COL_ADDR] &&
        (r->reason == NULL || s->col[COL_ADDR] >= 0)) {
        const char *why = r->reason;
        imp_place_address(s, r);
        if (r->method == BH_PLACED_NONE && why)
            r->reason = why; /* the coordinates' reason is the more telling */
    }
    if (r->method == BH_PLACED_NONE && r->reason == NULL)
        r->reason = "no_address";
}

static bh_status imp_prepare(imp_state *s)
{
    int srid = bh_db_srid(s->db);
    char *sql = bh_asprintf(
        "SELECT X(p), Y(p), %s FROM (SELECT Transform(MakePoint(?1, ?2, 6668), %d) AS p)",
        bh_db_has_table(s->db, "city_boundary")
            ? "EXISTS (SELECT 1 FROM city_boundary b WHERE ST_Intersects(p, b.geom))"
            : "1",
        srid);
    bh_status rc =
        sql ? bh_db_prepare(s->db, sql, &s->coords) : bh_error(s->ctx, BH_E_NOMEM, "oom");
    bh_free(sql);
    if (rc == BH_OK)
        rc = bh_db_prepare(s->db,
                           "SELECT X(p), Y(p) FROM (SELECT PointOnSurface(CASE count(*) WHEN 1 "
                           "THEN geom ELSE ST_Union(geom) END) AS p FROM town_blocks WHERE "
                           "key_code = ?1 OR " BH_PLACE_HAS("?1", "key_code") ")",
                           &s->chome);
    return rc;
}

static bh_status imp_insert(imp_state *s)
{
    sqlite3_stmt *ins;
    char *sql = bh_asprintf("INSERT INTO refuge_houses (house_id, name, address, school_name, "
                            "registered_year, placement, reason, line, key_code, geom) VALUES "
                            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?10 IS NULL THEN "
                            "NULL ELSE MakePoint(?10, ?11, %d) END)",
                            bh_db_srid(s->db));
    bh_status rc = sql ? bh_db_prepare(s->db, sql, &ins) : bh_error(s->ctx, BH_E_NOMEM, "oom");
    bh_free(sql);
    for (size_t i = 0; rc == BH_OK && i < s->n; i++) {
        const imp_row *r = &s->rows[i];
        char id[32];
        snprintf(id, sizeof id, "line %ld", r->line);
        sqlite3_reset(ins);
        sqlite3_clear_bindings(ins);
        sqlite3_bind_text(ins, 1, r->f[COL_ID] ? r->f[COL_ID] : id, -1, SQLITE_STATIC);
        for (int c = COL_NAME; c <= COL_YEAR; c++)
            sqlite3_bind_text(ins, c + 1, r->f[c], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, bh_refuge_placements[r->method], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 7, r->reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 8, r->line);
        sqlite3_bind_text(ins, 9, r->key_code, -1, SQLITE_STATIC);
        if (r->method != BH_PLACED_NONE) {
            sqlite3_bind_double(ins, 10, r->x);
            sqlite3_bind_double(ins, 11, r->y);
        }
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = sqlite3_extended_errcode(bh_db_sqlite(s->db)) == SQLITE_CONSTRAINT_UNIQUE
                     ? bh_error(s->ctx, BH_E_DUPLICATE, "%s: line %ld: field '番号': '%s' twice",
                                s->path, r->line, r->f[COL_ID] ? r->f[COL_ID] : id)
                     : bh_db_fail(s->db, "writing refuge_houses");
    }
    sqlite3_finalize(ins);
    return rc;
}

static bh_status imp_write(imp_state *s, int replace)
{
    if (!replace && bh_db_has_table(s->db, "refuge_houses") &&
        bh_db_scalar_int(s->db, "SELECT COUNT(*) FROM refuge_houses", 0) > 0)
        return bh_error(s->ctx, BH_E_DUPLICATE,
                        "%s: refuge_houses already holds %lld houses: use --replace", s->path,
                        bh_db_scalar_int(s->db, "SELECT COUNT(*) FROM refuge_houses", 0));
    bh_status rc = bh_db_begin(s->db);
    if (rc == BH_OK)
        rc = bh_derived_table(s->db, "refuge_houses",
                              "house_id TEXT UNIQUE, name TEXT, address TEXT, school_name TEXT, "
                              "registered_year TEXT, placement TEXT NOT NULL, reason TEXT, "
                              "line INTEGER, key_code TEXT",
                              "POINT", 0);
    if (rc == BH_OK)
        rc = imp_insert(s);
    sqlite3_stmt *cat = NULL;
    if (rc == BH_OK)
        rc = bh_db_prepare(
            s->db,
            "INSERT OR REPLACE INTO layers (name, title, kind, table_name, geometry_type, srid, "
            "source, plan_items, credit, feature_count, imported_at, definition) VALUES "
            "('refuge_houses', 'こども110番の家', 'real', 'refuge_houses', 'POINT', ?1, ?2, "
            "'[62, 64]', '市民安全課 こども110番の家 登録台帳', (SELECT COUNT(*) FROM "
            "refuge_houses WHERE geom IS NOT NULL), datetime('now'), "
            "'{\"name\": \"refuge_houses\", \"source\": \"register\"}')",
            &cat);
    if (rc == BH_OK) {
        sqlite3_bind_int(cat, 1, bh_db_srid(s->db));
        sqlite3_bind_text(cat, 2, s->path, -1, SQLITE_STATIC);
        if (sqlite3_step(cat) != SQLITE_DONE)
            rc = bh_db_fail(s->db, "cataloguing refuge_houses");
    }
    sqlite3_finalize(cat);
    /* new houses, new gaps: the last coverage is re-run in this transaction */
    if (rc == BH_OK)
        rc = bh_refuge_refresh(s->db);
    if (rc == BH_OK)
        return bh_db_commit(s->db);
    bh_db_rollback(s->db);
    return rc;
}

static void imp_free(imp_state *s)
{
    for (size_t i = 0; i < s->n; i++) {
        for (int c = 0; c < COL_N; c++)
            bh_free(s->rows[i].f[c]);
        bh_free(s->rows[i].key_code);
    }
    bh_free(s->rows);
    sqlite3_finalize(s->coords);
    sqlite3_finalize(s->chome);
    bh_gaiku_index_destroy(s->gaiku);
    bh_matcher_destroy(s->m);
}

/* The matcher over town_blocks and the 街区 points, with the city's names stripped. */
static bh_status imp_setup(imp_state *s)
{
    bh_city *city = NULL;
    bh_status rc = bh_crimes_city_for_db(s->db, &city);
    if (rc == BH_OK)
        rc = bh_matcher_create(s->ctx, bh_city_prefecture(city), bh_city_name(city), &s->m);
    bh_city_destroy(city);
    if (rc == BH_OK)
        rc = bh_matcher_load_db(s->m, s->db);
    if (rc == BH_OK)
        rc = bh_gaiku_index_load(s->db, s->m, &s->gaiku);
    if (rc == BH_OK)
        rc = imp_prepare(s);
    return rc;
}

static bh_status imp_run(bh_db *db, const char *path, const bh_refuge_import_opts *o,
                         bh_refuge_import_report **out)
{
    *out = NULL;
    imp_state s = {.db = db, .ctx = bh_db_ctx(db), .path = path};
    bh_reader *rd = NULL;
    GDALDatasetH ds = NULL;
    const char *enc = NULL;
    /* GDAL 3.6's XLSX driver reads these as configuration options, when the sheet is first
     * read: set for this thread around the read, then restored. */
    char *old_h = CPLStrdup(CPLGetThreadLocalConfigOption("OGR_XLSX_HEADERS", ""));
    char *old_t = CPLStrdup(CPLGetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", ""));
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    bh_status rc = imp_setup(&s);
    if (rc == BH_OK)
        rc = imp_open(&s, o ? o->encoding : NULL, &rd, &ds, &enc);
    if (rc == BH_OK)
        rc = imp_read(&s, ds);
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", *old_h ? old_h : NULL);
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", *old_t ? old_t : NULL);
    CPLFree(old_h);
    CPLFree(old_t);
    bh_refuge_import_report *rep = rc == BH_OK ? bh_refuge_report_create(enc) : NULL;
    if (rc == BH_OK && rep == NULL)
        rc = bh_error(s.ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; rc == BH_OK && i < s.n; i++) {
        imp_row *r = &s.rows[i];
        imp_place(&s, r);
        if (bh_refuge_report_add(rep, r->method, r->line, r->reason, r->f[COL_ADDR]))
            rc = bh_error(s.ctx, BH_E_NOMEM, "out of memory");
    }
    /* No statement may stay active while refuge_houses is dropped. */
    sqlite3_finalize(s.coords), sqlite3_finalize(s.chome);
    s.coords = s.chome = NULL;
    if (rc == BH_OK)
        rc = imp_write(&s, o && o->replace);
    if (ds)
        GDALClose(ds);
    bh_reader_destroy(rd);
    imp_free(&s);
    if (rc != BH_OK) {
        bh_refuge_import_report_destroy(rep);
        return rc;
    }
    *out = rep;
    return BH_OK;
}

typedef struct imp_call {
    const char *path;
    const bh_refuge_import_opts *o;
    bh_refuge_import_report **out;
} imp_call;

static bh_status imp_run_on(bh_db *db, void *user)
{
    imp_call *c = user;
    return imp_run(db, c->path, c->o, c->out);
}

/* PostgreSQL: on a working copy of the layer tables (db/stage.h: the register is placed with
 * SpatiaLite's SQL), refuge_houses and the catalogue written back in one transaction. */
bh_status bh_refuges_import(bh_db *db, const char *path, const bh_refuge_import_opts *o,
                            bh_refuge_import_report **out)
{
    imp_call c = {path, o, out};
    *out = NULL;
    /* the register placed on the blocks, the 街区 points and the city; the coverage refreshed */
    static const char *const houses[] = {"refuge_houses", NULL};
    static const char *const placing[] = {"city_boundary", "town_blocks", "gaiku_points", NULL};
    bh_ctx *ctx = bh_db_ctx(db);
    bh_db_stage_set w = {0}, r = {0};
    bh_status rc = bh_db_stage_set_add_all(ctx, &w, houses);
    if (rc == BH_OK)
        rc = bh_db_stage_set_add_all(ctx, &w, bh_refuge_refresh_writes());
    if (rc == BH_OK)
        rc = bh_db_stage_set_add_all(ctx, &r, placing);
    if (rc == BH_OK)
        rc = bh_db_stage_set_add_all(ctx, &r, bh_refuge_refresh_read_list());
    const bh_db_stage_spec spec = {
        .write = 1, .extra = bh_db_stage_set_list(&w), .reads = bh_db_stage_set_list(&r)};
    if (rc == BH_OK)
        rc = bh_db_staged(db, &spec, imp_run_on, &c);
    bh_db_stage_set_free(&w);
    bh_db_stage_set_free(&r);
    return rc;
}

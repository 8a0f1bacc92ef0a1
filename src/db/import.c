#include "db/import.h"
#include "core/alloc.h"
#include "core/i18n.h"

#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include "db/gdal.h"
#include <ogr_srs_api.h>
#include "core/strbuf.h"
#include "db/bounds.h"
#include "db/estat.h"
#include "core/utf8.h"

#define IMP_STAGE "bh_import_stage"

typedef struct imp {
    bh_db *db;
    bh_ctx *ctx;
    const bh_layer_def *def;
    const bh_import_opts *o;
    const char *path;
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRSpatialReferenceH src_srs, dst_srs;
    OGRCoordinateTransformationH ct;
    bh_bounds *bounds; /* where features may lie (Japan, near the city) */
    const bh_import_column *cols;
    bh_import_column *owned; /* columns built from the layer definition */
    size_t ncols;
    int *idx; /* source attribute index per column */
    int xi, yi;
    const char *recode; /* source encoding to recode from, or NULL */
    const char *cast;   /* NULL when the layer has no geometry */
    int estat;
    int srid;
    int shapefile;          /* its geometry is required and its header counts the features */
    long long header_count; /* the header's feature count, -1 when unknown or filtered */
} imp;

static bh_status imp_gdal_fail(imp *m, bh_status st, const char *what)
{
    const char *g = bh_ctx_gdal_error(m->ctx);
    return bh_error(m->ctx, st, "%s: %s%s%s", m->path, what, *g ? ": " : "", g);
}

static int imp_is_utf8(const char *enc)
{
    return enc == NULL || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

static bh_status imp_open(imp *m)
{
    const char *enc = m->o->src.encoding;
    if (!imp_is_utf8(enc)) {
        iconv_t cd = iconv_open("UTF-8", enc);
        if (cd == (iconv_t)-1)
            return bh_error(m->ctx, BH_E_ENCODING, "%s: encoding '%s': unknown (e.g. CP932, UTF-8)",
                            m->path, enc);
        iconv_close(cd);
    }
    if (access(m->path, R_OK) != 0)
        return bh_error(m->ctx, errno == ENOENT ? BH_E_NOT_FOUND : BH_E_IO, "%s: cannot read: %s",
                        m->path, strerror(errno));
    bh_gdal_clear_error(m->ctx);
    m->ds = bh_gdal_open(m->ctx, m->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL);
    if (m->ds == NULL)
        return imp_gdal_fail(m, BH_E_FORMAT, "not a readable vector source");
    GDALDriverH drv = GDALGetDatasetDriver(m->ds);
    m->shapefile = strcmp(GDALGetDriverShortName(drv), "ESRI Shapefile") == 0;
    if (m->shapefile) {
        /* The DBF is decoded by the driver: the given encoding, or raw bytes (checked as UTF-8)
         * when none is given, so a CP932 file read as UTF-8 fails instead of turning to mojibake.
         */
        char *oo = bh_asprintf("ENCODING=%s", imp_is_utf8(enc) ? "" : enc);
        char *opts[] = {oo, NULL};
        GDALClose(m->ds);
        m->ds = oo ? bh_gdal_open(m->ctx, m->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                                  (const char *const *)opts)
                   : NULL;
        bh_free(oo);
        if (m->ds == NULL)
            return imp_gdal_fail(m, BH_E_FORMAT, "not a readable vector source");
    } else if (!imp_is_utf8(enc)) {
        m->recode = enc;
    }
    const char *lname = m->o->src.layer;
    m->lyr = lname ? GDALDatasetGetLayerByName(m->ds, lname) : GDALDatasetGetLayer(m->ds, 0);
    if (m->lyr == NULL)
        return bh_error(m->ctx, BH_E_NOT_FOUND, "%s: no layer '%s'", m->path,
                        lname ? lname : "(first)");
    if (m->o->src.where && OGR_L_SetAttributeFilter(m->lyr, m->o->src.where) != OGRERR_NONE)
        return imp_gdal_fail(m, BH_E_ARG, "bad attribute filter");
    /* Without a filter a Shapefile's count is its header's (.shx/.dbf): what a whole file holds. */
    m->header_count = m->shapefile && !m->o->src.where ? OGR_L_GetFeatureCount(m->lyr, 0) : -1;
    if (OGR_L_GetFeatureCount(m->lyr, 1) == 0)
        return bh_error(m->ctx, BH_E_EMPTY, "%s: no features to import%s", m->path,
                        m->o->src.where ? bh_tr(" (after the attribute filter)") : "");
    return BH_OK;
}

static bh_status imp_srs(imp *m)
{
    if (m->cast == NULL)
        return BH_OK;
    const char *srs = m->o->src.srs;
    if (srs) {
        m->src_srs = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(m->src_srs, srs) != OGRERR_NONE)
            return bh_error(m->ctx, BH_E_CRS, "%s: CRS '%s': unknown (expected e.g. EPSG:4326)",
                            m->path, srs);
    } else {
        OGRSpatialReferenceH s = OGR_L_GetSpatialRef(m->lyr);
        if (s == NULL)
            return bh_error(m->ctx, BH_E_CRS,
                            "%s: the source has no CRS; give it (--srs EPSG:N or 'srs' in the "
                            "layer file)",
                            m->path);
        m->src_srs = OSRClone(s);
    }
    m->dst_srs = OSRNewSpatialReference(NULL);
    if (OSRImportFromEPSG(m->dst_srs, m->srid) != OGRERR_NONE)
        return bh_error(m->ctx, BH_E_CRS, "EPSG:%d: unknown to PROJ", m->srid);
    OSRSetAxisMappingStrategy(m->src_srs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(m->dst_srs, OAMS_TRADITIONAL_GIS_ORDER);
    m->ct = OCTNewCoordinateTransformation(m->src_srs, m->dst_srs);
    if (m->ct == NULL)
        return imp_gdal_fail(m, BH_E_CRS, "no transformation to the storage CRS");
    return bh_bounds_create(m->db, m->def, m->dst_srs, !m->estat, &m->bounds);
}

static bh_status imp_columns(imp *m)
{
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(m->lyr);
    int nf = OGR_FD_GetFieldCount(fd);
    const char **names = bh_calloc((size_t)nf + 1, sizeof *names);
    if (names == NULL)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    for (int i = 0; i < nf; i++)
        names[i] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i));
    m->estat = bh_estat_is_source(names, (size_t)nf) && bh_estat_fits(m->def);
    bh_free(names);
    if (m->estat) {
        m->cols = bh_estat_columns(&m->ncols);
    } else {
        m->ncols = bh_layer_def_nfields(m->def);
        m->owned = bh_calloc(m->ncols + 1, sizeof *m->owned);
        if (m->owned == NULL)
            return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
        for (size_t i = 0; i < m->ncols; i++) {
            const bh_layer_field *f = bh_layer_def_field(m->def, i);
            m->owned[i] = (bh_import_column){f->name, f->type, f->from, f->value};
        }
        m->cols = m->owned;
    }
    m->idx = bh_calloc(m->ncols + 1, sizeof *m->idx);
    if (m->idx == NULL)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    for (size_t i = 0; i < m->ncols; i++) {
        m->idx[i] = m->cols[i].from ? OGR_FD_GetFieldIndex(fd, m->cols[i].from) : -1;
        if (m->idx[i] < 0 && m->cols[i].value == NULL)
            return bh_error(m->ctx, BH_E_FORMAT,
                            "%s: field '%s': not in the source (layer '%s' "
                            "needs it for column '%s')",
                            m->path, m->cols[i].from, bh_layer_def_name(m->def), m->cols[i].column);
    }
    m->xi = m->yi = -1;
    if (m->o->src.x && m->cast) {
        m->xi = OGR_FD_GetFieldIndex(fd, m->o->src.x);
        m->yi = OGR_FD_GetFieldIndex(fd, m->o->src.y);
        const char *miss = m->xi < 0 ? m->o->src.x : m->yi < 0 ? m->o->src.y : NULL;
        if (miss)
            return bh_error(m->ctx, BH_E_FORMAT,
                            "%s: field '%s': coordinate column not in the "
                            "source",
                            m->path, miss);
    }
    return BH_OK;
}

static bh_status imp_stage_create(imp *m, sqlite3_stmt **ins)
{
    bh_strbuf c, v;
    bh_strbuf_init(&c);
    bh_strbuf_init(&v);
    bh_strbuf_append(&c, "ord, fid");
    bh_strbuf_append(&v, "?1, ?2");
    bh_status st = bh_db_execf(m->db, "DROP TABLE IF EXISTS temp." IMP_STAGE);
    bh_strbuf sql;
    bh_strbuf_init(&sql);
    bh_strbuf_append(&sql, "CREATE TEMP TABLE " IMP_STAGE " (ord INTEGER, fid INTEGER");
    for (size_t i = 0; i < m->ncols; i++) {
        bh_strbuf_printf(&sql, ", \"%s\" %s", m->cols[i].column, m->cols[i].type);
        bh_strbuf_printf(&c, ", \"%s\"", m->cols[i].column);
        bh_strbuf_printf(&v, ", ?%zu", i + 3);
    }
    bh_strbuf_append(&sql, ", gtype TEXT, geom BLOB)");
    if (m->cast) {
        bh_strbuf_append(&c, ", gtype, geom");
        bh_strbuf_printf(&v, ", ?%zu, %s(GeomFromWKB(?%zu, %d))", m->ncols + 3, m->cast,
                         m->ncols + 4, m->srid);
    }
    if (st == BH_OK && (sql.failed || c.failed || v.failed))
        st = bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    if (st == BH_OK)
        st = bh_db_exec(m->db, sql.data);
    char *ins_sql = st == BH_OK
                        ? bh_asprintf("INSERT INTO " IMP_STAGE " (%s) VALUES (%s)", c.data, v.data)
                        : NULL;
    if (st == BH_OK)
        st = ins_sql ? bh_db_prepare(m->db, ins_sql, ins)
                     : bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    bh_free(ins_sql);
    bh_strbuf_free(&sql);
    bh_strbuf_free(&c);
    bh_strbuf_free(&v);
    return st;
}

/* Parses a whole number/real written as text; 1 on success. */
static int imp_parse_number(const char *s, int integer, sqlite3_int64 *iv, double *dv)
{
    char *end;
    errno = 0;
    if (integer)
        *iv = strtoll(s, &end, 10);
    else
        *dv = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    return errno == 0 && end != s && *end == '\0';
}

static bh_status imp_bind_value(imp *m, OGRFeatureH f, long long fid, size_t i, sqlite3_stmt *ins)
{
    int col = (int)i + 3, src = m->idx[i];
    const bh_import_column *c = &m->cols[i];
    if (c->value != NULL) {
        sqlite3_bind_text(ins, col, c->value, -1, SQLITE_STATIC);
        return BH_OK;
    }
    if (!OGR_F_IsFieldSetAndNotNull(f, src)) {
        sqlite3_bind_null(ins, col);
        return BH_OK;
    }
    OGRFieldType ft = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, src));
    int is_text = ft == OFTString || ft == OFTWideString || ft == OFTDate || ft == OFTDateTime ||
                  ft == OFTTime;
    if (strcmp(c->type, "TEXT") != 0 && !is_text) {
        if (strcmp(c->type, "INTEGER") == 0 && ft != OFTReal)
            sqlite3_bind_int64(ins, col, OGR_F_GetFieldAsInteger64(f, src));
        else
            sqlite3_bind_double(ins, col, OGR_F_GetFieldAsDouble(f, src));
        return BH_OK;
    }
    const char *raw = OGR_F_GetFieldAsString(f, src);
    char *rec = m->recode && is_text ? CPLRecode(raw, m->recode, CPL_ENC_UTF8) : NULL;
    const char *s = rec ? rec : raw;
    bh_status st = BH_OK;
    if (!bh_utf8_valid(s)) {
        st = bh_error(m->ctx, BH_E_ENCODING,
                      "%s: feature %lld: field '%s': not valid UTF-8 "
                      "(wrong encoding? try --encoding CP932)",
                      m->path, fid, c->from);
    } else if (strcmp(c->type, "TEXT") == 0) {
        sqlite3_bind_text(ins, col, s, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_int64 iv = 0;
        double dv = 0;
        int integer = strcmp(c->type, "INTEGER") == 0;
        const char *t = s;
        while (*t == ' ')
            t++;
        if (*t == '\0')
            sqlite3_bind_null(ins, col);
        else if (!imp_parse_number(t, integer, &iv, &dv))
            st = bh_error(m->ctx, BH_E_FORMAT, "%s: feature %lld: field '%s': '%s' is not %s",
                          m->path, fid, c->from, s,
                          integer ? bh_tr("an integer") : bh_tr("a number"));
        else if (integer)
            sqlite3_bind_int64(ins, col, iv);
        else
            sqlite3_bind_double(ins, col, dv);
    }
    CPLFree(rec);
    return st;
}

/* One coordinate column: 1 with *v set, 0 when empty, -1 (error recorded) when not a number. */
static int imp_coord(imp *m, OGRFeatureH f, long long fid, int idx, const char *name, double *v)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, idx))
        return 0;
    OGRFieldType ft = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
    if (ft == OFTReal || ft == OFTInteger || ft == OFTInteger64) {
        *v = OGR_F_GetFieldAsDouble(f, idx);
        if (isfinite(*v))
            return 1;
        bh_error(m->ctx, BH_E_FORMAT, "%s: feature %lld: field '%s': not a finite coordinate",
                 m->path, fid, name);
        return -1;
    }
    /* the string is owned by the feature; parse it before any other field is read */
    const char *s = OGR_F_GetFieldAsString(f, idx);
    while (*s == ' ')
        s++;
    if (*s == '\0')
        return 0;
    sqlite3_int64 unused;
    if (imp_parse_number(s, 0, &unused, v) && isfinite(*v))
        return 1;
    bh_error(m->ctx, BH_E_FORMAT, "%s: feature %lld: field '%s': '%s' is not a coordinate", m->path,
             fid, name, s);
    return -1;
}

/* The feature's geometry in the storage SRID (*out NULL when it has none); caller destroys. */
static bh_status imp_geometry(imp *m, OGRFeatureH f, long long fid, OGRGeometryH *out)
{
    *out = NULL;
    OGRGeometryH g = NULL;
    if (m->xi >= 0) {
        double x = 0, y = 0;
        int hx = imp_coord(m, f, fid, m->xi, m->o->src.x, &x);
        int hy = hx < 0 ? hx : imp_coord(m, f, fid, m->yi, m->o->src.y, &y);
        if (hx < 0 || hy < 0)
            return bh_ctx_status(m->ctx);
        if (hx == 0 && hy == 0)
            return BH_OK; /* no position: a feature without geometry */
        if (hx == 0 || hy == 0)
            return bh_error(m->ctx, BH_E_FORMAT, "%s: feature %lld: field '%s': empty coordinate",
                            m->path, fid, hx == 0 ? m->o->src.x : m->o->src.y);
        g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, x, y);
    } else {
        OGRGeometryH r = OGR_F_GetGeometryRef(f);
        if (r == NULL || OGR_G_IsEmpty(r))
            return BH_OK;
        g = OGR_G_Clone(r);
    }
    if (g == NULL)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    OGR_G_FlattenTo2D(g);
    if (OGR_G_Transform(g, m->ct) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(g);
        return bh_error(m->ctx, BH_E_CRS,
                        "%s: feature %lld: geometry: cannot transform to "
                        "EPSG:%d",
                        m->path, fid, m->srid);
    }
    bh_status st = bh_bounds_check(m->bounds, g, m->path, fid);
    if (st != BH_OK) {
        OGR_G_DestroyGeometry(g);
        return st;
    }
    *out = g;
    return BH_OK;
}

static bh_status imp_read(imp *m, long long *nread)
{
    sqlite3_stmt *ins = NULL;
    bh_status st = imp_stage_create(m, &ins);
    long long ord = 0;
    /* what the driver reports while reading, warnings included, is about this file */
    bh_gdal_enter_strict(m->ctx);
    bh_gdal_clear_error(m->ctx);
    OGR_L_ResetReading(m->lyr);
    OGRFeatureH f;
    while (st == BH_OK && (f = OGR_L_GetNextFeature(m->lyr)) != NULL) {
        long long fid = OGR_F_GetFID(f) == OGRNullFID ? ord : (long long)OGR_F_GetFID(f);
        sqlite3_bind_int64(ins, 1, ord++);
        sqlite3_bind_int64(ins, 2, fid);
        for (size_t i = 0; i < m->ncols && st == BH_OK; i++)
            st = imp_bind_value(m, f, fid, i, ins);
        OGRGeometryH g = NULL;
        unsigned char *wkb = NULL;
        if (st == BH_OK && m->cast)
            st = imp_geometry(m, f, fid, &g);
        if (st == BH_OK && g != NULL) {
            int n = OGR_G_WkbSize(g);
            wkb = bh_malloc((size_t)n);
            if (wkb == NULL || OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) != OGRERR_NONE) {
                st = bh_error(m->ctx, BH_E_GEOMETRY, "%s: feature %lld: geometry: cannot encode",
                              m->path, fid);
            } else {
                sqlite3_bind_text(ins, (int)m->ncols + 3, OGR_G_GetGeometryName(g), -1,
                                  SQLITE_TRANSIENT);
                sqlite3_bind_blob(ins, (int)m->ncols + 4, wkb, n, SQLITE_TRANSIENT);
            }
        } else if (st == BH_OK && m->cast && m->shapefile) {
            st = bh_error(m->ctx, BH_E_GEOMETRY,
                          "%s: feature %lld: damaged source: no geometry (a truncated or damaged "
                          ".shp?)",
                          m->path, fid);
        } else if (st == BH_OK && m->cast) {
            sqlite3_bind_null(ins, (int)m->ncols + 3);
            sqlite3_bind_null(ins, (int)m->ncols + 4);
        }
        if (st == BH_OK && sqlite3_step(ins) != SQLITE_DONE)
            st = bh_db_fail(m->db, "staging features");
        sqlite3_reset(ins);
        sqlite3_clear_bindings(ins);
        bh_free(wkb);
        OGR_G_DestroyGeometry(g);
        OGR_F_Destroy(f);
        /* A record the driver could not read is an error, not a feature to skip. */
        if (st == BH_OK && *bh_ctx_gdal_error(m->ctx))
            st = bh_error(m->ctx, BH_E_FORMAT, "%s: feature %lld: damaged source: %s", m->path, fid,
                          bh_ctx_gdal_error(m->ctx));
    }
    sqlite3_finalize(ins);
    if (st == BH_OK && *bh_ctx_gdal_error(m->ctx))
        st = bh_error(m->ctx, BH_E_FORMAT, "%s: after feature %lld: damaged source: %s", m->path,
                      ord, bh_ctx_gdal_error(m->ctx));
    bh_gdal_leave(m->ctx);
    if (st == BH_OK && m->header_count >= 0 && ord != m->header_count)
        st = bh_error(m->ctx, BH_E_FORMAT,
                      "%s: damaged source: %lld features read, the header says %lld (a truncated "
                      ".dbf or .shp?)",
                      m->path, ord, m->header_count);
    if (st == BH_OK && ord == 0)
        st = bh_error(m->ctx, BH_E_EMPTY, "%s: no features to import%s", m->path,
                      m->o->src.where ? bh_tr(" (after the attribute filter)") : "");
    *nread = ord;
    return st;
}

/* First staged feature for which sql (selecting fid and one text) returns a row. */
static int imp_first(imp *m, const char *sql, long long *fid, char **text)
{
    sqlite3_stmt *q;
    *fid = -1;
    *text = NULL;
    if (bh_db_prepare(m->db, sql, &q) != BH_OK)
        return -1;
    int hit = sqlite3_step(q) == SQLITE_ROW;
    if (hit) {
        *fid = sqlite3_column_int64(q, 0);
        const unsigned char *t = sqlite3_column_text(q, 1);
        *text = bh_strdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(q);
    return hit;
}

/* Counts of people and households are never negative (a sign of a broken export, or of a
 * special value like -1 for "secret" that must not be summed). */
static bh_status imp_check_counts(imp *m)
{
    static const char *const counted[] = {"population", "households"};
    bh_status st = BH_OK;
    for (size_t i = 0; i < m->ncols && st == BH_OK; i++) {
        int is_count = 0;
        for (size_t k = 0; k < sizeof counted / sizeof *counted; k++)
            is_count |= strcmp(m->cols[i].column, counted[k]) == 0;
        if (!is_count || m->cols[i].value != NULL)
            continue;
        char *sql = sqlite3_mprintf("SELECT fid, \"%w\" FROM " IMP_STAGE " WHERE \"%w\" < 0 "
                                    "ORDER BY ord LIMIT 1",
                                    m->cols[i].column, m->cols[i].column);
        long long fid;
        char *text = NULL;
        int hit = sql ? imp_first(m, sql, &fid, &text) : -1;
        if (hit > 0)
            st = bh_error(m->ctx, BH_E_FORMAT,
                          "%s: feature %lld: field '%s': %s is negative (a count of %s)", m->path,
                          fid, m->cols[i].from, text, m->cols[i].column);
        else if (hit < 0)
            st = bh_ctx_status(m->ctx) ? bh_ctx_status(m->ctx) : BH_E_NOMEM;
        bh_free(text);
        sqlite3_free(sql);
    }
    return st;
}

static bh_status imp_validate(imp *m)
{
    long long fid;
    char *text = NULL;
    bh_status st = BH_OK;
    if (m->cast) {
        char *sql = bh_asprintf("SELECT fid, gtype FROM " IMP_STAGE " WHERE gtype IS NOT NULL "
                                "AND geom IS NULL ORDER BY ord LIMIT 1");
        int hit = sql ? imp_first(m, sql, &fid, &text) : -1;
        if (hit > 0)
            st = bh_error(m->ctx, BH_E_GEOMETRY,
                          "%s: feature %lld: geometry: a %s does not fit "
                          "layer '%s' (%s)",
                          m->path, fid, text, bh_layer_def_name(m->def),
                          bh_layer_def_geometry(m->def));
        bh_free(sql);
        bh_free(text);
        text = NULL;
        if (st == BH_OK) {
            hit = imp_first(m,
                            "SELECT fid, ST_IsValidReason(geom) FROM " IMP_STAGE
                            " WHERE geom IS NOT NULL AND ST_IsValid(geom) <> 1 ORDER BY ord "
                            "LIMIT 1",
                            &fid, &text);
            if (hit > 0)
                st = bh_error(m->ctx, BH_E_GEOMETRY, "%s: feature %lld: geometry: invalid (%s)",
                              m->path, fid, text);
            bh_free(text);
            text = NULL;
        }
        if (st == BH_OK && hit < 0)
            st = bh_ctx_status(m->ctx) ? bh_ctx_status(m->ctx) : BH_E_DB;
    }
    /* Unique columns: within the source (e-Stat pieces share KEY_CODE and are merged) and
     * against rows already in the layer (--append). */
    const char *table = bh_layer_def_table(m->def);
    for (size_t i = 0; i < bh_layer_def_nfields(m->def) && st == BH_OK; i++) {
        const bh_layer_field *lf = bh_layer_def_field(m->def, i);
        if (!lf->unique)
            continue;
        const char *from = lf->from ? lf->from : lf->name;
        int staged = 0;
        for (size_t k = 0; k < m->ncols && !staged; k++)
            if (strcmp(m->cols[k].column, lf->name) == 0) {
                staged = 1;
                from = m->cols[k].from;
            }
        if (!staged)
            continue;
        /* e-Stat pieces share their KEY_CODE and are merged, so only the layer is checked. */
        if (bh_db_execf(m->db,
                        "CREATE INDEX IF NOT EXISTS temp.bh_import_stage_%d ON " IMP_STAGE
                        " (\"%s\")",
                        (int)i, lf->name) != BH_OK)
            return bh_ctx_status(m->ctx);
        char *sql = sqlite3_mprintf(
            "SELECT s.fid, s.\"%w\" FROM " IMP_STAGE " s WHERE s.\"%w\" IS NOT NULL AND ("
            "(%d AND EXISTS (SELECT 1 FROM " IMP_STAGE " p WHERE p.ord < s.ord AND p.\"%w\" = "
            "s.\"%w\")) OR EXISTS (SELECT 1 FROM \"%w\" t WHERE t.\"%w\" = s.\"%w\")) "
            "ORDER BY s.ord LIMIT 1",
            lf->name, lf->name, !m->estat, lf->name, lf->name, table, lf->name, lf->name);
        int hit = sql ? imp_first(m, sql, &fid, &text) : -1;
        if (hit > 0)
            st = bh_error(m->ctx, BH_E_DUPLICATE,
                          "%s: feature %lld: field '%s': '%s' is already "
                          "in layer '%s' (column '%s' is unique)",
                          m->path, fid, from, text, bh_layer_def_name(m->def), lf->name);
        else if (hit < 0)
            st = bh_ctx_status(m->ctx) ? bh_ctx_status(m->ctx) : BH_E_NOMEM;
        bh_free(text);
        text = NULL;
        sqlite3_free(sql);
    }
    return st;
}

static bh_status imp_write(imp *m, int sample_value, long long *stored)
{
    if (m->estat)
        return bh_estat_merge(m->db, m->def, IMP_STAGE, sample_value, stored);
    bh_strbuf c;
    bh_strbuf_init(&c);
    for (size_t i = 0; i < m->ncols; i++)
        bh_strbuf_printf(&c, "%s\"%s\"", i ? ", " : "", m->cols[i].column);
    if (m->cast)
        bh_strbuf_printf(&c, "%sgeom", m->ncols ? ", " : "");
    char sv[32] = "";
    if (sample_value >= 0)
        snprintf(sv, sizeof sv, ", %d", sample_value);
    bh_status st = c.failed ? bh_error(m->ctx, BH_E_NOMEM, "out of memory") : BH_OK;
    if (st == BH_OK && c.len == 0)
        st = bh_db_execf(m->db,
                         "INSERT INTO \"%s\" (id%s) SELECT NULL%s FROM " IMP_STAGE " ORDER BY ord",
                         bh_layer_def_table(m->def), sv[0] ? ", sample" : "", sv);
    else if (st == BH_OK)
        st = bh_db_execf(m->db,
                         "INSERT INTO \"%s\" (%s%s) SELECT %s%s FROM " IMP_STAGE " ORDER BY ord",
                         bh_layer_def_table(m->def), c.data, sv[0] ? ", sample" : "", c.data, sv);
    if (st == BH_OK)
        *stored = sqlite3_changes(bh_db_sqlite(m->db));
    bh_strbuf_free(&c);
    return st;
}

/* A prefecture-wide e-Stat file: only the database's city is kept (meta city_code), and its
 * invalid polygons are repaired unless the caller refuses them. */
static bh_status imp_estat_city(imp *m, bh_import_result *res)
{
    char *code = bh_db_meta_get(m->db, "city_code");
    bh_status st = bh_estat_keep_city(m->db, IMP_STAGE, m->path, code, &res->kept, &res->dropped);
    bh_free(code);
    if (st == BH_OK && res->kept == 0)
        res->kept = res->read;
    if (st == BH_OK)
        st = bh_estat_repair(m->db, IMP_STAGE, m->path, m->o->no_repair, &res->repaired);
    return st;
}

static bh_status imp_load(bh_db *db, const bh_layer_def *def, const bh_import_opts *opts,
                          bh_import_result *res);

bh_status bh_import_load(bh_db *db, const bh_layer_def *def, const bh_import_opts *opts,
                         bh_import_result *res)
{
    /* the driver's messages while reading are this import's (damaged-source checks use them) */
    bh_gdal_enter(bh_db_ctx(db));
    bh_status st = imp_load(db, def, opts, res);
    bh_gdal_leave(bh_db_ctx(db));
    return st;
}

static bh_status imp_load(bh_db *db, const bh_layer_def *def, const bh_import_opts *opts,
                          bh_import_result *res)
{
    bh_import_result tmp;
    if (res == NULL)
        res = &tmp;
    memset(res, 0, sizeof *res);
    imp m = {.db = db,
             .ctx = bh_db_ctx(db),
             .def = def,
             .o = opts,
             .path = opts->src.path,
             .srid = bh_db_srid(db),
             .cast = bh_layer_def_cast(def)};
    const char *table = bh_layer_def_table(def);
    char *cq = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
    long long existing = cq ? bh_db_scalar_int(db, cq, -1) : -1;
    sqlite3_free(cq);
    bh_status st = BH_OK;
    if (existing < 0)
        st = bh_error(m.ctx, BH_E_UNKNOWN_LAYER, "%s: layer '%s': table '%s' missing", m.path,
                      bh_layer_def_name(def), table);
    /* A missing or unreadable source is the first thing to tell, before a duplicate. */
    if (st == BH_OK)
        st = imp_open(&m);
    if (st == BH_OK && existing > 0 && opts->mode == BH_IMPORT_NEW)
        st = bh_error(m.ctx, BH_E_DUPLICATE,
                      "%s: layer '%s' already has %lld features (use "
                      "--replace or --append)",
                      m.path, bh_layer_def_name(def), existing);
    if (st == BH_OK)
        st = imp_columns(&m);
    if (st == BH_OK)
        st = imp_srs(&m);
    if (st == BH_OK)
        st = imp_read(&m, &res->read);
    if (st == BH_OK && m.estat)
        st = imp_estat_city(&m, res);
    if (st == BH_OK)
        st = imp_check_counts(&m);
    if (st == BH_OK && opts->mode == BH_IMPORT_REPLACE)
        st = bh_db_execf(db, "DELETE FROM \"%s\"", table);
    if (st == BH_OK)
        st = imp_validate(&m);
    if (st == BH_OK) {
        const char *kind = opts->kind ? opts->kind : m.estat ? "real" : bh_layer_def_kind(def);
        int sample =
            strcmp(bh_layer_def_kind(def), "sample") == 0 ? strcmp(kind, "sample") == 0 : -1;
        st = imp_write(&m, sample, &res->stored);
    }
    res->estat = m.estat;
    if (bh_db_exec(db, "DROP TABLE IF EXISTS temp." IMP_STAGE) != BH_OK && st == BH_OK)
        st = bh_ctx_status(m.ctx);
    if (m.ct)
        OCTDestroyCoordinateTransformation(m.ct);
    if (m.src_srs)
        OSRDestroySpatialReference(m.src_srs);
    if (m.dst_srs)
        OSRDestroySpatialReference(m.dst_srs);
    bh_bounds_destroy(m.bounds);
    if (m.ds)
        GDALClose(m.ds);
    bh_free(m.owned);
    bh_free(m.idx);
    return st;
}

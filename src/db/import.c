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
#include "db/fieldmap.h"
#include "db/import_check.h"
#include "core/utf8.h"

#define IMP_STAGE BH_IMPORT_STAGE

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
    size_t nwrite;      /* columns written to the layer: ncols less the staged city code */
    const char **names; /* the source's attribute names (borrowed from OGR), nnames of them */
    size_t nnames;
    const char *city_attr; /* the attribute holding the municipality code (layer's import) */
    int *idx;              /* source attribute index per column */
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
        OGRLayerH l0 = GDALDatasetGetLayer(m->ds, 0);
        const char *cpg =
            enc == NULL && l0 ? GDALGetMetadataItem(l0, "ENCODING_FROM_CPG", "SHAPEFILE") : NULL;
        /* a .cpg beside the .shp names its encoding: used when none is given */
        char *oo = bh_asprintf("ENCODING=%s", cpg && *cpg ? cpg : imp_is_utf8(enc) ? "" : enc);
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
                            "%s: the source has no CRS%s; give it (--srs EPSG:N or 'srs' in the "
                            "layer file)",
                            m->path, m->shapefile ? " (no readable .prj)" : "");
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
    /* a file of many municipalities (e-Stat, city_code_from) keeps the city's by its code */
    return bh_bounds_create(m->db, m->def, m->dst_srs, !m->estat && m->city_attr == NULL,
                            &m->bounds);
}

/* The layer's fields as staging columns: `from` or an alias present in the source, the
 * area-weighted ones absent from it staged NULL (filled after the merge), and the attribute of the
 * municipality code (import.city_code_from) staged last, never written. */
static bh_status imp_layer_columns(imp *m)
{
    m->ncols = bh_layer_def_nfields(m->def);
    m->owned = bh_calloc(m->ncols + 2, sizeof *m->owned);
    m->idx = bh_calloc(m->ncols + 2, sizeof *m->idx);
    if (m->owned == NULL || m->idx == NULL)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    m->cols = m->owned;
    for (size_t i = 0; i < m->ncols; i++) {
        const bh_layer_field *f = bh_layer_def_field(m->def, i);
        const char *attr = NULL;
        m->idx[i] = f->value ? -1 : bh_fieldmap_find(f, m->names, m->nnames, &attr);
        m->owned[i] = (bh_import_column){f->name, f->type, attr ? attr : f->from, f->value};
        if (m->idx[i] >= 0 || f->value != NULL || f->area_weighted_table != NULL)
            continue;
        char also[160] = "";
        for (size_t k = 0; k < f->naliases; k++)
            snprintf(also + strlen(also), sizeof also - strlen(also), " or '%s'", f->aliases[k]);
        return bh_error(m->ctx, BH_E_FORMAT,
                        "%s: field '%s'%s: not in the source (layer '%s' needs it for column "
                        "'%s')",
                        m->path, f->from, also, bh_layer_def_name(m->def), f->name);
    }
    m->nwrite = m->ncols;
    m->city_attr = bh_fieldmap_city_attr(m->def, m->names, m->nnames);
    if (m->city_attr != NULL) {
        m->idx[m->ncols] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(m->lyr), m->city_attr);
        m->owned[m->ncols++] = (bh_import_column){"bh_city_code", "TEXT", m->city_attr, NULL};
    }
    return BH_OK;
}

static bh_status imp_columns(imp *m)
{
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(m->lyr);
    int nf = OGR_FD_GetFieldCount(fd);
    m->names = bh_calloc((size_t)nf + 1, sizeof *m->names);
    if (m->names == NULL)
        return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
    for (int i = 0; i < nf; i++)
        m->names[i] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(fd, i));
    m->nnames = (size_t)nf;
    m->estat = bh_estat_is_source(m->names, m->nnames) && bh_estat_fits(m->def);
    if (!m->estat) {
        bh_status st = imp_layer_columns(m);
        if (st != BH_OK)
            return st;
    } else {
        m->cols = bh_estat_columns(&m->ncols);
        m->nwrite = m->ncols;
        m->idx = bh_calloc(m->ncols + 1, sizeof *m->idx);
        if (m->idx == NULL)
            return bh_error(m->ctx, BH_E_NOMEM, "out of memory");
        for (size_t i = 0; i < m->ncols; i++) {
            m->idx[i] = OGR_FD_GetFieldIndex(fd, m->cols[i].from);
            if (m->idx[i] < 0)
                return bh_error(m->ctx, BH_E_FORMAT,
                                "%s: field '%s': not in the source (layer '%s' needs it for "
                                "column '%s')",
                                m->path, m->cols[i].from, bh_layer_def_name(m->def),
                                m->cols[i].column);
        }
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
    if (src < 0 || !OGR_F_IsFieldSetAndNotNull(f, src)) { /* < 0: area-weighted later */
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

static bh_status imp_write(imp *m, int sample_value, long long *stored)
{
    if (m->estat)
        return bh_estat_merge(m->db, m->def, IMP_STAGE, sample_value, stored);
    bh_strbuf c;
    bh_strbuf_init(&c);
    for (size_t i = 0; i < m->nwrite; i++)
        bh_strbuf_printf(&c, "%s\"%s\"", i ? ", " : "", m->cols[i].column);
    if (m->cast)
        bh_strbuf_printf(&c, "%sgeom", m->nwrite ? ", " : "");
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

/* The layer file's mapping (db/fieldmap.h): only the city's rows (city_code_from), pieces
 * merged (merge_by), the area-weighted columns the source lacks computed on the merged rows. */
static bh_status imp_layer_rules(imp *m, bh_import_result *res)
{
    bh_status st = BH_OK;
    if (m->city_attr != NULL) {
        char *code = bh_db_meta_get(m->db, "city_code");
        st = bh_fieldmap_keep_city(m->db, IMP_STAGE, "bh_city_code", m->city_attr, m->path, code,
                                   &res->kept, &res->dropped);
        bh_free(code);
    }
    if (st == BH_OK)
        st = bh_fieldmap_merge(m->db, m->def, IMP_STAGE, m->cols, m->ncols, m->path, &res->merged);
    for (size_t i = 0; i < m->nwrite && st == BH_OK; i++) {
        const bh_layer_field *f = bh_layer_def_field(m->def, i);
        if (f->area_weighted_table && m->idx[i] < 0 && f->value == NULL) {
            st = bh_fieldmap_weigh(m->db, IMP_STAGE, f);
            res->weighted++;
        }
    }
    if (st == BH_OK)
        st = bh_fieldmap_note(m->db, m->def, m->names, m->nnames);
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
    else if (st == BH_OK)
        st = imp_layer_rules(&m, res);
    if (st == BH_OK)
        st = bh_import_check_counts(db, m.path, m.cols, m.nwrite);
    if (st == BH_OK && opts->mode == BH_IMPORT_REPLACE)
        st = bh_db_execf(db, "DELETE FROM \"%s\"", table);
    if (st == BH_OK)
        st = bh_import_check_rows(db, def, m.path, m.cols, m.nwrite, m.estat);
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
    bh_free(m.names);
    return st;
}

#include "plan/csvtab.h"

#include <gdal.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/strbuf.h"
#include "db/gdal.h"

void bh_plan_csv_destroy(bh_plan_csv *t)
{
    if (t == NULL)
        return;
    if (t->cells != NULL)
        for (size_t i = 0; i < t->nrows * t->ncols; i++)
            free(t->cells[i]);
    free(t->cells);
    free(t->lines);
    free(t->path);
    free(t);
}

const char *bh_plan_csv_get(const bh_plan_csv *t, size_t r, size_t c)
{
    return t->cells[r * t->ncols + c];
}

/* Appends one row of the feature's values for the requested field indexes. */
static bh_status csv_add_row(bh_ctx *ctx, bh_plan_csv *t, OGRFeatureH f, const int *idx,
                             size_t *cap)
{
    if (t->nrows == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        char **cells = realloc(t->cells, ncap * t->ncols * sizeof *cells);
        if (cells == NULL)
            return bh_error(ctx, BH_E_NOMEM, "%s: out of memory", t->path);
        t->cells = cells;
        int *lines = realloc(t->lines, ncap * sizeof *lines);
        if (lines == NULL)
            return bh_error(ctx, BH_E_NOMEM, "%s: out of memory", t->path);
        t->lines = lines;
        *cap = ncap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *v =
            OGR_F_IsFieldSetAndNotNull(f, idx[c]) ? OGR_F_GetFieldAsString(f, idx[c]) : "";
        row[c] = bh_strdup(v);
        if (row[c] == NULL) {
            for (size_t k = 0; k < c; k++)
                free(row[k]);
            return bh_error(ctx, BH_E_NOMEM, "%s: out of memory", t->path);
        }
    }
    /* The CSV driver numbers data rows from 1; the header is line 1 of the file. */
    t->lines[t->nrows] = (int)OGR_F_GetFID(f) + 1;
    t->nrows++;
    return BH_OK;
}

static bh_status csv_read_layer(bh_ctx *ctx, bh_plan_csv *t, OGRLayerH layer,
                                const char *const *cols)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int *idx = calloc(t->ncols ? t->ncols : 1, sizeof *idx);
    if (idx == NULL)
        return bh_error(ctx, BH_E_NOMEM, "%s: out of memory", t->path);
    bh_status st = BH_OK;
    for (size_t c = 0; c < t->ncols && st == BH_OK; c++) {
        idx[c] = OGR_FD_GetFieldIndex(defn, cols[c]);
        if (idx[c] < 0)
            st = bh_error(ctx, BH_E_FORMAT, "%s: line 1: field '%s': column missing", t->name,
                          cols[c]);
    }
    size_t cap = 0;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (st == BH_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        st = csv_add_row(ctx, t, f, idx, &cap);
        OGR_F_Destroy(f);
    }
    free(idx);
    return st;
}

bh_status bh_plan_csv_read(bh_ctx *ctx, const char *dir, const char *file, const char *const *cols,
                           bh_plan_csv **out)
{
    *out = NULL;
    bh_plan_csv *t = calloc(1, sizeof *t);
    if (t == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    t->path = bh_asprintf("%s/%s", dir, file);
    if (t->path == NULL) {
        free(t);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    t->name = strrchr(t->path, '/') + 1;
    while (cols[t->ncols] != NULL)
        t->ncols++;
    struct stat sb;
    if (stat(t->path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        bh_status st = bh_error(ctx, BH_E_NOT_FOUND, "%s: plan file missing", t->path);
        bh_plan_csv_destroy(t);
        return st;
    }
    const char *const drivers[] = {"CSV", NULL};
    const char *const options[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", NULL};
    GDALDatasetH ds =
        bh_gdal_open(ctx, t->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options);
    bh_status st;
    if (ds == NULL || GDALDatasetGetLayerCount(ds) < 1)
        st = bh_error(ctx, BH_E_FORMAT, "%s: line 1: not a readable CSV file (%s)", t->path,
                      bh_ctx_gdal_error(ctx));
    else
        st = csv_read_layer(ctx, t, GDALDatasetGetLayer(ds, 0), cols);
    if (ds != NULL)
        GDALClose(ds);
    if (st != BH_OK) {
        bh_plan_csv_destroy(t);
        return st;
    }
    *out = t;
    return BH_OK;
}

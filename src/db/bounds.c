#include "db/bounds.h"
#include "core/alloc.h"

#include <math.h>
#include <string.h>
#include "db/db.h"

#define BOUNDS_MARGIN 20000.0 /* metres beyond the city's boundary box */

/* Japan with its remote islands (Yonaguni 122.9°E … Minamitorishima 154.0°E, Okinotorishima
 * 20.4°N … Etorofu 45.6°N), in degrees. */
static const double bounds_japan[4] = {122.0, 20.0, 154.5, 46.0};

struct bh_bounds {
    bh_ctx *ctx;
    OGRSpatialReferenceH lonlat;
    OGRCoordinateTransformationH to_lonlat;
    int has_city;
    double city[4]; /* minx, miny, maxx, maxy (storage CRS), widened by BOUNDS_MARGIN */
};

static bh_status bounds_city(bh_db *db, const bh_layer_def *def, bh_bounds *b)
{
    if (strcmp(bh_layer_def_table(def), BH_BOUNDS_CITY) == 0 ||
        !bh_db_has_table(db, BH_BOUNDS_CITY))
        return BH_OK;
    sqlite3_stmt *q;
    bh_status st =
        bh_db_prepare(db,
                      "SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), "
                      "max(MbrMaxY(geom)) FROM " BH_BOUNDS_CITY " WHERE geom IS NOT NULL",
                      &q);
    if (st != BH_OK)
        return st;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
        b->has_city = 1;
        for (int i = 0; i < 4; i++)
            b->city[i] = sqlite3_column_double(q, i) + (i < 2 ? -1 : 1) * BOUNDS_MARGIN;
    }
    sqlite3_finalize(q);
    return BH_OK;
}

bh_status bh_bounds_create(bh_db *db, const bh_layer_def *def, OGRSpatialReferenceH storage,
                           int near_city, bh_bounds **out)
{
    bh_ctx *ctx = bh_db_ctx(db);
    bh_bounds *b = *out = bh_calloc(1, sizeof *b);
    if (b == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    b->ctx = ctx;
    b->lonlat = OSRNewSpatialReference(NULL);
    if (b->lonlat == NULL || OSRImportFromEPSG(b->lonlat, 4326) != OGRERR_NONE)
        return bh_error(ctx, BH_E_CRS, "EPSG:4326: unknown to PROJ");
    OSRSetAxisMappingStrategy(b->lonlat, OAMS_TRADITIONAL_GIS_ORDER);
    b->to_lonlat = OCTNewCoordinateTransformation(storage, b->lonlat);
    if (b->to_lonlat == NULL)
        return bh_error(ctx, BH_E_CRS, "no transformation from the storage CRS to EPSG:4326");
    return near_city ? bounds_city(db, def, b) : BH_OK;
}

bh_status bh_bounds_check(bh_bounds *b, OGRGeometryH g, const char *path, long long fid)
{
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    if (!isfinite(e.MinX) || !isfinite(e.MinY) || !isfinite(e.MaxX) || !isfinite(e.MaxY))
        return bh_error(b->ctx, BH_E_GEOMETRY,
                        "%s: feature %lld: geometry: coordinates not finite (NaN or out of range)",
                        path, fid);
    double x[4] = {e.MinX, e.MaxX, e.MinX, e.MaxX}, y[4] = {e.MinY, e.MinY, e.MaxY, e.MaxY};
    int ok[4] = {0, 0, 0, 0};
    int in = OCTTransformEx(b->to_lonlat, 4, x, y, NULL, ok);
    for (int i = 0; i < 4 && in; i++)
        in = ok[i] && x[i] >= bounds_japan[0] && y[i] >= bounds_japan[1] &&
             x[i] <= bounds_japan[2] && y[i] <= bounds_japan[3];
    if (!in)
        return bh_error(b->ctx, BH_E_GEOMETRY,
                        "%s: feature %lld: geometry: outside Japan (wrong coordinates, x and y "
                        "swapped, or the wrong --srs?)",
                        path, fid);
    if (b->has_city &&
        (e.MaxX < b->city[0] || e.MaxY < b->city[1] || e.MinX > b->city[2] || e.MinY > b->city[3]))
        return bh_error(b->ctx, BH_E_GEOMETRY,
                        "%s: feature %lld: geometry: outside the city's extent (more than %.0f km "
                        "beyond its boundary box)",
                        path, fid, BOUNDS_MARGIN / 1000);
    return BH_OK;
}

void bh_bounds_destroy(bh_bounds *b)
{
    if (b == NULL)
        return;
    if (b->to_lonlat)
        OCTDestroyCoordinateTransformation(b->to_lonlat);
    if (b->lonlat)
        OSRDestroySpatialReference(b->lonlat);
    bh_free(b);
}

-- The stored 町丁目 → area table (src/crimes/areamap.c, docs/crime-aggregate.md): for each areal
-- --by kind ('koban', 'school-district', 'oaza', 'grid:M'), which areas each place overlaps and by
-- how much, and which one holds its representative point. Summaries join crime_agg with it, so a
-- read does no geometry work. Rebuilt in the transaction that changes its source layer or
-- town_blocks; `bohan crimes check` compares it with a fresh computation.
CREATE TABLE chome_area_map (
    kind       TEXT NOT NULL,              -- the --by kind: koban, school-district, oaza, grid:M
    area_key   TEXT NOT NULL,              -- the summary's area id (koban name, 校区, 大字, "col:row")
    place_kind TEXT NOT NULL CHECK (place_kind IN ('c', 'o')), -- c: 町丁目 block, o: 大字-only place
    place      TEXT NOT NULL,              -- key_code (c) or 大字 name (o)
    area       REAL,                       -- m² of the place inside the area (c rows; NULL for o)
    place_area REAL,                       -- m² of the place (c rows): share = area / place_area
    point      INTEGER NOT NULL DEFAULT 0, -- 1: the area holding the place's representative point
    PRIMARY KEY (kind, area_key, place_kind, place)
) WITHOUT ROWID;
-- One row per kind built: where it came from and when (grid kinds are cached per cell size).
CREATE TABLE chome_area_kinds (
    kind     TEXT PRIMARY KEY,
    source   TEXT NOT NULL,                -- the area layer's table, or 'grid'
    built_at TEXT NOT NULL,
    n_rows   INTEGER NOT NULL
);
-- The base layer of the grids (areamap_cells.c): every block cut by square cells of B m (the
-- chome_area_kinds row 'cells:B'; city.json crimes.area_cell_m, default 50), numbered like the
-- grid:M cells (cx = floor(x/B), cy = floor(y/B)). A grid:M with M a multiple of B is the sum of
-- its pieces (cell floor(cx / (M/B)) : floor(cy / (M/B))), so no grid read cuts geometry.
CREATE TABLE chome_area_cells (
    place TEXT NOT NULL,                   -- the block's key_code
    cx    INTEGER NOT NULL,                -- floor(x / B)
    cy    INTEGER NOT NULL,                -- floor(y / B)
    area  REAL NOT NULL,                   -- m² of the block in the cell (> 0)
    PRIMARY KEY (place, cx, cy)
) WITHOUT ROWID;
-- Every place's representative point (PointOnSurface): where its crimes count in a grid:M read
-- from the base cells (the cell floor(x/M):floor(y/M), as the stored grids mark it).
CREATE TABLE chome_area_points (
    place_kind TEXT NOT NULL CHECK (place_kind IN ('c', 'o')), -- c: block or group, o: 大字
    place      TEXT NOT NULL,
    x          REAL NOT NULL,
    y          REAL NOT NULL,
    PRIMARY KEY (place_kind, place)
) WITHOUT ROWID;

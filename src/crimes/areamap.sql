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

-- Crime data (src/crimes, import side). Contract in docs/architecture.md; columns documented in
-- docs/crime-data.md. Other rooms read these tables; add columns, never rename.

-- The 手口 / 罪種 known to the importer. source: 'open_data' (police open-data CSV, one file per
-- 手口) or 'counts' (count tables the city receives, e.g. 住宅対象侵入盗, 電話de詐欺).
CREATE TABLE crime_types (
    name       TEXT PRIMARY KEY,
    source     TEXT NOT NULL CHECK (source IN ('open_data', 'counts')),
    sort_order INTEGER NOT NULL
);
INSERT INTO crime_types (name, source, sort_order) VALUES
    ('ひったくり', 'open_data', 1),
    ('車上ねらい', 'open_data', 2),
    ('部品ねらい', 'open_data', 3),
    ('自動販売機ねらい', 'open_data', 4),
    ('自動車盗', 'open_data', 5),
    ('オートバイ盗', 'open_data', 6),
    ('自転車盗', 'open_data', 7),
    ('住宅対象侵入盗', 'counts', 8),
    ('電話de詐欺', 'counts', 9);

-- One row per imported file; sha256 of the file bytes makes re-imports no-ops.
CREATE TABLE crime_files (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    encoding    TEXT NOT NULL,               -- CP932 | UTF-8
    imported_at TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,  -- data rows (blank lines not counted)
    sample      INTEGER NOT NULL DEFAULT 0,  -- 1: the file is sample data (備考 = サンプル)
    kind        TEXT NOT NULL DEFAULT 'open_data' CHECK (kind IN ('open_data', 'counts')),
    crime_type  TEXT,                        -- the 手口 of the file when it has one
    duplicated_columns INTEGER NOT NULL DEFAULT 0 -- header and rows were doubled side by side
);

-- One row per data row of an open-data file; state says where it ended.
CREATE TABLE crimes (
    id             INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES crime_files(id),
    line           INTEGER NOT NULL,          -- physical line of the row in its file (header = 1)
    crime_type     TEXT,                      -- 手口 (ひったくり …)
    offence        TEXT,                      -- 罪名 (窃盗)
    police_station TEXT,                      -- 管轄警察署（発生地）
    koban          TEXT,                      -- 管轄交番・駐在所（発生地）
    city_code      TEXT,                      -- 5-digit code as resolved (check digit dropped)
    prefecture     TEXT,
    city_name      TEXT,
    chome_raw      TEXT,                      -- 町丁目（発生地） as written
    chome_norm     TEXT,                      -- bh_norm_chome() key
    key_code       TEXT,                      -- town_blocks.key_code when state = 'chome'
    oaza           TEXT,                      -- 大字 (town_blocks.oaza spelling) for chome/oaza
    occurred_on    TEXT,                      -- YYYY-MM-DD or NULL (不明)
    occurred_ym    INTEGER,                   -- YYYYMM or NULL
    hour           INTEGER,                   -- 0..23 or NULL (不明)
    place_type     TEXT,                      -- 発生場所の属性
    extra          TEXT,                      -- JSON object of the trailing, type-specific columns
    state          TEXT NOT NULL CHECK (state IN ('chome', 'oaza', 'outside', 'rejected')),
    reason         TEXT,                      -- why rejected (see docs/crime-data.md); else NULL
    sample         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crimes_key_code ON crimes (key_code);
CREATE INDEX crimes_type_ym ON crimes (crime_type, occurred_ym);

-- Count tables (area, 罪種, period, 件数) for types that are not in open data.
CREATE TABLE crime_counts (
    id         INTEGER PRIMARY KEY,
    file_id    INTEGER NOT NULL REFERENCES crime_files(id),
    line       INTEGER NOT NULL,
    area_name  TEXT,                          -- as written
    key_code   TEXT,                          -- when the area is a 町丁目
    oaza       TEXT,                          -- when the area is (or lies in) a 大字
    koban      TEXT,                          -- when the area is a 交番 name
    crime_type TEXT,
    from_ym    INTEGER,                       -- YYYYMM, inclusive
    to_ym      INTEGER,                       -- YYYYMM, inclusive
    count      INTEGER,
    state      TEXT NOT NULL CHECK (state IN ('chome', 'oaza', 'koban', 'city', 'rejected')),
    reason     TEXT,
    sample     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crime_counts_type ON crime_counts (crime_type, from_ym);

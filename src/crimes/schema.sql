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

-- One row per data row of an open-data file; state says where it ended. `crimes` is a view: the
-- rows are stored narrow in crime_rows, whose repeated values (a few hundred distinct per file)
-- are kept once in crime_profiles, crime_places and crime_extras. Read `crimes`; the importer
-- writes the tables; an INSERT INTO or DELETE FROM crimes (tests, tools) goes through the
-- triggers below (an UPDATE does not: update the tables).
CREATE TABLE crime_profiles (
    id             INTEGER PRIMARY KEY,
    crime_type     TEXT,                      -- 手口 (ひったくり …)
    offence        TEXT,                      -- 罪名 (窃盗)
    police_station TEXT,                      -- 管轄警察署（発生地）
    koban          TEXT,                      -- 管轄交番・駐在所（発生地）
    city_code      TEXT,                      -- 5-digit code as resolved (check digit dropped)
    prefecture     TEXT,
    city_name      TEXT,
    place_type     TEXT,                      -- 発生場所の属性
    state          TEXT NOT NULL CHECK (state IN ('chome', 'oaza', 'outside', 'rejected')),
    reason         TEXT,                      -- why rejected (see docs/crime-data.md); else NULL
    sample         INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE crime_places (
    id             INTEGER PRIMARY KEY,
    chome_raw      TEXT,                      -- 町丁目（発生地） as written
    chome_norm     TEXT,                      -- bh_norm_chome() key (NULL when not looked up)
    key_code       TEXT,                      -- town_blocks.key_code when matched to a 町丁目
    oaza           TEXT                       -- 大字 (town_blocks.oaza spelling) when matched
);
CREATE INDEX crime_places_key_code ON crime_places (key_code);
CREATE TABLE crime_extras (
    id             INTEGER PRIMARY KEY,
    extra          TEXT                       -- JSON object of the trailing, type-specific columns
);
-- INT4: an integer column on SQLite as INTEGER is; PostgreSQL stores it in 4 bytes instead of a
-- bigint's 8 (db/copy_schema.c): crime_rows, by far the largest table, is 30% narrower there.
CREATE TABLE crime_rows (
    id             INTEGER PRIMARY KEY,
    file_id        INT4 NOT NULL REFERENCES crime_files(id),
    line           INT4 NOT NULL,             -- physical line of the row in its file (header = 1)
    profile_id     INT4 NOT NULL REFERENCES crime_profiles(id),
    place_id       INT4 NOT NULL REFERENCES crime_places(id),
    extra_id       INT4 REFERENCES crime_extras(id),
    occurred_on    TEXT,                      -- YYYY-MM-DD or NULL (不明)
    occurred_ym    INT4,                      -- YYYYMM or NULL
    hour           INT4                       -- 0..23 or NULL (不明)
);
-- No secondary index on crime_rows: readers aggregate it in one pass, and a lookup by place
-- (crimes.key_code = ?, correlated as in koban.c) gets an automatic index from SQLite, built
-- once per statement; maintaining an index would cost the bulk import more than that.
CREATE VIEW crimes AS
SELECT r.id, r.file_id, r.line, p.crime_type, p.offence, p.police_station, p.koban, p.city_code,
       p.prefecture, p.city_name, c.chome_raw, c.chome_norm, c.key_code, c.oaza, r.occurred_on,
       r.occurred_ym, r.hour, p.place_type,
       (SELECT e.extra FROM crime_extras e WHERE e.id = r.extra_id) AS extra, -- only when read
       p.state, p.reason, p.sample
  FROM crime_rows r
  JOIN crime_profiles p ON p.id = r.profile_id
  JOIN crime_places c ON c.id = r.place_id;
-- One row written through the view: its own profile, place and extra rows (no sharing).
CREATE TRIGGER crimes_insert INSTEAD OF INSERT ON crimes
BEGIN
    INSERT INTO crime_profiles (crime_type, offence, police_station, koban, city_code, prefecture,
                                city_name, place_type, state, reason, sample)
    VALUES (NEW.crime_type, NEW.offence, NEW.police_station, NEW.koban, NEW.city_code,
            NEW.prefecture, NEW.city_name, NEW.place_type, NEW.state, NEW.reason,
            COALESCE(NEW.sample, 0));
    INSERT INTO crime_places (chome_raw, chome_norm, key_code, oaza)
    VALUES (NEW.chome_raw, NEW.chome_norm, NEW.key_code, NEW.oaza);
    INSERT INTO crime_extras (extra) SELECT NEW.extra WHERE NEW.extra IS NOT NULL;
    INSERT INTO crime_rows (id, file_id, line, profile_id, place_id, extra_id, occurred_on,
                            occurred_ym, hour)
    VALUES (NEW.id, NEW.file_id, NEW.line, (SELECT max(id) FROM crime_profiles),
            (SELECT max(id) FROM crime_places),
            CASE WHEN NEW.extra IS NOT NULL THEN (SELECT max(id) FROM crime_extras) END,
            NEW.occurred_on, NEW.occurred_ym, NEW.hour);
END;
-- A DELETE through the view removes the rows (their profile, place and extra rows stay).
CREATE TRIGGER crimes_delete INSTEAD OF DELETE ON crimes
BEGIN
    DELETE FROM crime_rows WHERE id = OLD.id;
END;

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

-- Map editions (render-core): one row per map rendered, with the breaks it used, so a later map
-- can reuse them (bohan map --breaks-from ID) and a printed map can be traced to its inputs.
CREATE TABLE editions (
    id           INTEGER PRIMARY KEY,
    created_at   TEXT NOT NULL,            -- UTC, YYYY-MM-DDTHH:MM:SSZ
    "by"         TEXT NOT NULL,            -- koban | oaza | chome | school-district | grid:M
    from_ym      INTEGER,                  -- months actually drawn (YYYYMM), NULL when no rows
    to_ym        INTEGER,
    types        TEXT,                     -- comma-separated crime types, NULL = all
    style        TEXT NOT NULL,            -- style name
    edition      TEXT NOT NULL CHECK (edition IN ('public', 'internal')),
    risk_method  TEXT,
    risk_breaks  TEXT,                     -- JSON array of the 4 危険度 breaks
    class_breaks TEXT,                     -- JSON array of the class bounds of a count fill
    output       TEXT                      -- output path
);

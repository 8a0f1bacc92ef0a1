-- Core schema of the bohan city database. @SRID@ is replaced with the city's storage SRID.
-- Every room adds its own file (src/<room>/schema.sql); they run in CMake list order.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- Layer catalogue: one row per layer definition loaded (layers/*.json).
CREATE TABLE layers (
    name          TEXT PRIMARY KEY,
    title         TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('real', 'approximate', 'sample')),
    table_name    TEXT NOT NULL UNIQUE,
    geometry_type TEXT,
    srid          INTEGER,
    source        TEXT,            -- path or 'derived'
    source_layer  TEXT,
    plan_items    TEXT,            -- JSON array of plan item numbers
    credit        TEXT,
    feature_count INTEGER NOT NULL DEFAULT 0,
    imported_at   TEXT,
    definition    TEXT             -- the layer file as loaded (JSON)
);

CREATE TABLE plan_categories (
    id             INTEGER PRIMARY KEY,       -- 区分 1..5
    name           TEXT NOT NULL,             -- 防犯体制連携強化推進事業
    summary        TEXT,                      -- 事業概要
    declared_count INTEGER NOT NULL           -- （12事業） as the heading declares
);

CREATE TABLE plan_items (
    no          INTEGER PRIMARY KEY,          -- No. 1..66
    category_id INTEGER NOT NULL REFERENCES plan_categories(id),
    project     TEXT,                         -- 事業名 group (本部、支部推進体制強化業務 …)
    content     TEXT NOT NULL                 -- 内容 (texts per fiscal year: plan_texts)
);

CREATE TABLE departments (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE                 -- 市民安全課, 教育委員会（学務課） …
);

CREATE TABLE plan_item_departments (
    item_no       INTEGER NOT NULL REFERENCES plan_items(no),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (item_no, department_id)
);

CREATE TABLE plan_metrics (
    id          INTEGER PRIMARY KEY,
    item_no     INTEGER NOT NULL REFERENCES plan_items(no),
    fiscal_year TEXT NOT NULL,                -- R5
    metric      TEXT NOT NULL,                -- cameras_total
    value       REAL NOT NULL,
    unit        TEXT NOT NULL,                -- 台, 件, 人 …
    source_text TEXT                          -- the phrase of the seed it was read from
);

-- Which asset layer(s) a plan item is about in one cycle (schema 4; a new cycle carries them
-- forward, `bohan plan link` changes them); filter narrows to some features.
CREATE TABLE plan_item_layers (
    item_no    INTEGER NOT NULL REFERENCES plan_items(no),
    layer_name TEXT NOT NULL,
    filter     TEXT,                          -- SQL WHERE on the layer's table, or NULL
    note       TEXT,
    fiscal_year TEXT NOT NULL,                -- the cycle (plan_years.fiscal_year)
    PRIMARY KEY (fiscal_year, item_no, layer_name)
);

-- The plan's yearly cycle (schema 3). Each spring's document of cycle FY holds the 事業報告 of FY
-- (the year that ended) and the 事業計画 of FY+1: cycle R5 = R5年度行動報告書・R6年度行動計画書.
-- plan_items.no is an item's stable id (its No. in the first cycle it appeared in); the No. printed
-- in a cycle, its 区分 and whether it is in that cycle at all live in plan_item_years, so items can
-- be added, renumbered or retired in a new cycle while the old cycles keep theirs.
CREATE TABLE plan_years (
    fiscal_year TEXT PRIMARY KEY,             -- R5 (令和5年度)
    year        INTEGER NOT NULL UNIQUE,      -- 2023: the calendar year the 年度 starts in
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE plan_item_years (
    fiscal_year TEXT NOT NULL REFERENCES plan_years(fiscal_year),
    item_no     INTEGER NOT NULL REFERENCES plan_items(no),
    number      INTEGER NOT NULL,             -- No. printed in this cycle's document
    category_id INTEGER NOT NULL REFERENCES plan_categories(id),
    retired     INTEGER NOT NULL DEFAULT 0,   -- 1: ends with this cycle (not carried forward)
    PRIMARY KEY (fiscal_year, item_no),
    UNIQUE (fiscal_year, number)
);

-- 区分 headings per cycle: the count the heading declares ((12事業)).
CREATE TABLE plan_category_years (
    fiscal_year    TEXT NOT NULL REFERENCES plan_years(fiscal_year),
    category_id    INTEGER NOT NULL REFERENCES plan_categories(id),
    declared_count INTEGER NOT NULL,
    PRIMARY KEY (fiscal_year, category_id)
);

-- 事業報告 (kind 'report') and 事業計画 (kind 'plan') of one item for one fiscal year.
CREATE TABLE plan_texts (
    item_no     INTEGER NOT NULL REFERENCES plan_items(no),
    fiscal_year TEXT NOT NULL,                -- the year the text is about (plan R6: 'R6')
    kind        TEXT NOT NULL CHECK (kind IN ('report', 'plan')),
    text        TEXT NOT NULL,
    source      TEXT,                         -- data file or spreadsheet it came from
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (item_no, fiscal_year, kind)
);

-- Figures the database can compute for a stated metric: features of layer_name matching filter
-- (SQL WHERE; :fy is bound to the metric's fiscal year, e.g. installed_fy = :fy).
CREATE TABLE plan_metric_checks (
    metric     TEXT PRIMARY KEY,              -- cameras_total
    layer_name TEXT NOT NULL,                 -- cameras
    filter     TEXT,
    note       TEXT
);

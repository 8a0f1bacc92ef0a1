-- The crime aggregate (src/crimes/aggregate.c): counts of crime rows per (state, place, 手口,
-- month), kept in the same transaction as the rows so that every read that counts crimes
-- (summary, map, atlas, hotspots) reads this table and never scans the rows. place is the
-- 町丁目 place (state 'chome': a key_code, or a group's key_codes joined by '+',
-- crimes/places.h), the 大字 (state 'oaza') or '' (outside, rejected); crime_type '' and ym 0
-- stand for NULL. `bohan crimes check` recomputes it from the rows.
CREATE TABLE crime_agg (
    state      TEXT NOT NULL,
    place      TEXT NOT NULL,
    crime_type TEXT NOT NULL,
    ym         INTEGER NOT NULL,
    n          INTEGER NOT NULL,             -- rows
    n_sample   INTEGER NOT NULL,             -- of which sample rows
    PRIMARY KEY (state, place, crime_type, ym)
) WITHOUT ROWID;
-- Rows written through the crimes view (tests, tools) keep the aggregate too; the importer adds
-- a file's rows in one statement (bh_crime_agg_add_rows).
CREATE TRIGGER crimes_insert_agg INSTEAD OF INSERT ON crimes
BEGIN
    INSERT INTO crime_agg (state, place, crime_type, ym, n, n_sample)
    VALUES (NEW.state,
            COALESCE(CASE NEW.state WHEN 'chome' THEN NEW.key_code WHEN 'oaza' THEN NEW.oaza END,
                     ''),
            COALESCE(NEW.crime_type, ''), COALESCE(NEW.occurred_ym, 0), 1,
            COALESCE(NEW.sample, 0) != 0)
    ON CONFLICT DO UPDATE SET n = n + 1, n_sample = n_sample + excluded.n_sample;
END;
CREATE TRIGGER crimes_delete_agg INSTEAD OF DELETE ON crimes
BEGIN
    UPDATE crime_agg SET n = n - 1, n_sample = n_sample - (COALESCE(OLD.sample, 0) != 0)
     WHERE state = OLD.state
       AND place = COALESCE(CASE OLD.state WHEN 'chome' THEN OLD.key_code
                                           WHEN 'oaza' THEN OLD.oaza END, '')
       AND crime_type = COALESCE(OLD.crime_type, '') AND ym = COALESCE(OLD.occurred_ym, 0);
    DELETE FROM crime_agg WHERE n <= 0;
END;

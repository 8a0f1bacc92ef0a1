-- Plan room additions to the core plan tables (src/db/schema.sql).
-- 担当課 exactly as the source spells it for the item ("市民安全課 消防局（情報通信課）").
ALTER TABLE plan_items ADD COLUMN departments_text TEXT;
-- The spelling this item uses for the department (departments.name is the normalised key).
ALTER TABLE plan_item_departments ADD COLUMN spelling TEXT;
-- Japanese label of a metric for office staff ("防犯カメラ 設置台数（累計）").
ALTER TABLE plan_metrics ADD COLUMN label TEXT;

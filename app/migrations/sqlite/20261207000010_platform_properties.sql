-- Properties provisioned by the host PMS (the platform API): an English name
-- for English messages, the language of the property, the day the
-- subscription is paid until (the property's local date, `YYYY-MM-DD`), and
-- whether the PMS still has the property (a deactivated one keeps its data).
ALTER TABLE properties ADD COLUMN name_en TEXT;
ALTER TABLE properties ADD COLUMN locale TEXT NOT NULL DEFAULT 'ru';
ALTER TABLE properties ADD COLUMN paid_until TEXT;
ALTER TABLE properties ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE properties ADD COLUMN updated_at BIGINT;

-- E-mails are unique per property, so one hotel cannot probe or squat
-- another's addresses; an e-mail that signs in with a password stays unique
-- across all properties (it names one account at the sign-in page).
--
-- SQLite cannot drop a table constraint, so the table is rebuilt, which
-- needs foreign keys off (or dropping the old table would cascade into
-- sessions, audit entries and mappings). That switch is ignored inside a
-- transaction, and sqlx runs every SQLite migration inside one: so this
-- file ends sqlx's transaction, rebuilds in a transaction of its own with
-- foreign keys off, checks them, and opens a transaction again for sqlx to
-- record the migration in and commit. A failure inside leaves the inner
-- transaction open, and sqlx's rollback undoes it.
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE staff_users_rebuilt (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    external_id TEXT,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    CONSTRAINT staff_users_property_email_key UNIQUE (property_id, email)
);
INSERT INTO staff_users_rebuilt (id, property_id, external_id, email, name, role, password_hash, active, created_at)
    SELECT id, property_id, external_id, email, name, role, password_hash, active, created_at FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_rebuilt RENAME TO staff_users;
CREATE INDEX staff_users_property_idx ON staff_users (property_id);
CREATE UNIQUE INDEX staff_users_external_idx ON staff_users (property_id, external_id);
CREATE UNIQUE INDEX staff_users_password_email_idx ON staff_users (email) WHERE password_hash IS NOT NULL;
COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;

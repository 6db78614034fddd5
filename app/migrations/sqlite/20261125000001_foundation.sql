-- Tenancy, staff users, sessions, sign-in throttling and the audit log.
CREATE TABLE properties (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL DEFAULT 'Europe/Moscow',
    subscription_gms BOOLEAN NOT NULL DEFAULT FALSE,
    subscription_contact_center BOOLEAN NOT NULL DEFAULT FALSE,
    subscription_tariff TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    external_id TEXT,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    CONSTRAINT staff_users_email_key UNIQUE (email)
);
CREATE INDEX staff_users_property_idx ON staff_users (property_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_user_id BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_staff_user_idx ON sessions (staff_user_id);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email, failed_at);
CREATE INDEX sign_in_failures_failed_at_idx ON sign_in_failures (failed_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    staff_user_id BIGINT REFERENCES staff_users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX audit_log_property_idx ON audit_log (property_id, at);

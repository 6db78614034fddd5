-- Embedding in a host PMS: users known by their PMS id, launch tokens used
-- once, and the per-property tokens of the PMS REST API (stored hashed).
CREATE UNIQUE INDEX staff_users_external_idx ON staff_users (property_id, external_id);

CREATE TABLE launch_nonces (
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    jti TEXT NOT NULL,
    -- When the token expires; the row is useless (and purged) after that.
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (property_id, jti)
);
CREATE INDEX launch_nonces_expires_idx ON launch_nonces (expires_at);

CREATE TABLE pms_tokens (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX pms_tokens_property_idx ON pms_tokens (property_id);

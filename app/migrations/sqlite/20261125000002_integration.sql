-- The IntellectDialog integration of each property, its account requests and
-- the service mailings that activation creates.
CREATE TABLE integrations (
    property_id BIGINT PRIMARY KEY REFERENCES properties (id) ON DELETE CASCADE,
    -- base64(nonce || ciphertext) of the API key; never the key itself.
    api_key_sealed TEXT,
    -- The key's last four characters, to show it masked.
    api_key_hint TEXT,
    organisation_id TEXT,
    organisation_name TEXT,
    checked_at BIGINT,
    provider_id TEXT,
    provider_name TEXT,
    provider_type TEXT,
    send_interval_secs BIGINT NOT NULL DEFAULT 300,
    active BOOLEAN NOT NULL DEFAULT FALSE,
    activated_at BIGINT,
    version BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

CREATE TABLE account_requests (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    staff_user_id BIGINT REFERENCES staff_users (id) ON DELETE SET NULL,
    contact_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    property_name TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at BIGINT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX account_requests_property_idx ON account_requests (property_id, created_at);
CREATE INDEX account_requests_due_idx ON account_requests (status, next_attempt_at);

CREATE TABLE mailings (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('welcome', 'feedback', 'non_guaranteed')),
    delivery_method TEXT NOT NULL DEFAULT 'whatsapp_web',
    active BOOLEAN NOT NULL DEFAULT FALSE,
    activated_at BIGINT,
    created_at BIGINT NOT NULL,
    CONSTRAINT mailings_property_kind_key UNIQUE (property_id, kind)
);

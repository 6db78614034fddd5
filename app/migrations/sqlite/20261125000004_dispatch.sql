-- Bookings pushed by the PMS, the settings of each service mailing, the
-- dispatch outbox (one row per mailing × booking) and the per-number throttle.
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    source TEXT NOT NULL CHECK (source IN ('site', 'channel', 'pms')),
    guaranteed BOOLEAN NOT NULL,
    -- Minor units (kopecks).
    prepaid_amount BIGINT NOT NULL DEFAULT 0,
    payment_due_at BIGINT,
    payment_link TEXT,
    -- Local date-times in the property's zone, as the PMS sends them, and the instants.
    arrival_local TEXT NOT NULL,
    departure_local TEXT NOT NULL,
    arrival_at BIGINT NOT NULL,
    departure_at BIGINT NOT NULL,
    guest_name TEXT NOT NULL,
    guest_phone TEXT,
    guest_email TEXT,
    guest_language TEXT NOT NULL DEFAULT 'ru',
    -- When the guest booked, and the PMS's modification time (the version).
    booked_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT bookings_property_number_key UNIQUE (property_id, number)
);
CREATE INDEX bookings_arrival_idx ON bookings (property_id, arrival_at);

ALTER TABLE mailings ADD COLUMN settings TEXT NOT NULL DEFAULT '';
ALTER TABLE mailings ADD COLUMN deactivated_at BIGINT;

CREATE TABLE senders (
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    provider_id TEXT NOT NULL,
    -- No send from this number before this instant.
    next_allowed_at BIGINT NOT NULL DEFAULT 0,
    -- The property-local day `day_count` counts sends for (YYYY-MM-DD).
    day TEXT NOT NULL DEFAULT '',
    day_count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (property_id, provider_id)
);

CREATE TABLE dispatches (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    mailing_id BIGINT NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    booking_id BIGINT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN
        ('planned', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped', 'cancelled')),
    due_at BIGINT NOT NULL,
    -- When it may next be claimed: the due time, or later after a retryable failure.
    next_attempt_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_expires_at BIGINT,
    -- Sent as `mark`: finds the message again after a crash.
    dispatch_key TEXT NOT NULL UNIQUE,
    provider_id TEXT,
    message_id TEXT,
    sending_at BIGINT,
    sent_at BIGINT,
    delivered_at BIGINT,
    read_at BIGINT,
    reason TEXT,
    updated_at BIGINT NOT NULL,
    CONSTRAINT dispatches_mailing_booking_key UNIQUE (mailing_id, booking_id)
);
CREATE INDEX dispatches_due_idx ON dispatches (state, next_attempt_at);
CREATE INDEX dispatches_property_idx ON dispatches (property_id, state);
CREATE INDEX dispatches_message_idx ON dispatches (message_id);

-- The secret in the webhook URL registered with IntellectDialog.
ALTER TABLE integrations ADD COLUMN webhook_secret TEXT;
CREATE UNIQUE INDEX integrations_webhook_secret_idx ON integrations (webhook_secret);

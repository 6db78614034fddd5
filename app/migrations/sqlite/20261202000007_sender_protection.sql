-- Sender protection: each number's sending policy (JSON; empty = the safe
-- defaults), when it first sent through the product (the warm-up counts from
-- there), whether it paused itself and why, and the run of 429 answers.
ALTER TABLE senders ADD COLUMN policy TEXT NOT NULL DEFAULT '';
ALTER TABLE senders ADD COLUMN first_sent_at BIGINT;
ALTER TABLE senders ADD COLUMN paused_at BIGINT;
ALTER TABLE senders ADD COLUMN pause_reason TEXT;
ALTER TABLE senders ADD COLUMN pause_data TEXT;
ALTER TABLE senders ADD COLUMN pause_detail TEXT;
-- Messages sent before this instant no longer count towards a pause.
ALTER TABLE senders ADD COLUMN resumed_at BIGINT;
ALTER TABLE senders ADD COLUMN rate_limit_streak BIGINT NOT NULL DEFAULT 0;

UPDATE senders SET first_sent_at = (SELECT MIN(d.sent_at) FROM dispatches d
    WHERE d.property_id = senders.property_id AND d.provider_id = senders.provider_id
      AND d.sent_at IS NOT NULL);

-- The moment after which a dispatch makes no sense (unix ms): claims take
-- the earliest first, and a planned dispatch past it is skipped.
ALTER TABLE dispatches ADD COLUMN deadline_at BIGINT;
CREATE INDEX dispatches_sender_sends_idx ON dispatches (property_id, provider_id, sending_at);
CREATE INDEX dispatches_deadline_idx ON dispatches (state, deadline_at);

-- Guests who asked for no mailings (a stop word in the chat, or staff).
CREATE TABLE opt_outs (
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    -- E.164.
    phone TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('guest', 'staff')),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES staff_users (id) ON DELETE SET NULL,
    PRIMARY KEY (property_id, phone)
);

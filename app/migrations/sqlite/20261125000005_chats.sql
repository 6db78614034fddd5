-- Live guest chats (F7, F8): the organisation's employees as last read from
-- IntellectDialog, which staff user works as which employee, the dialogs and
-- their messages (de-duplicated by IntellectDialog's id), and the per-property
-- event sequence browsers replay from after a reconnect.
CREATE TABLE employees (
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    employee_id TEXT NOT NULL,
    name TEXT NOT NULL,
    department_id TEXT,
    department_name TEXT,
    is_admin BOOLEAN NOT NULL,
    -- «Только назначенные диалоги»: sees only the dialogs transferred to them.
    assigned_only BOOLEAN NOT NULL,
    -- False once IntellectDialog stopped listing the employee.
    present BOOLEAN NOT NULL DEFAULT TRUE,
    refreshed_at BIGINT NOT NULL,
    PRIMARY KEY (property_id, employee_id)
);

CREATE TABLE user_mappings (
    staff_user_id BIGINT PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    employee_id TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX user_mappings_property_idx ON user_mappings (property_id);

CREATE TABLE chats (
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    chat_id TEXT NOT NULL,
    title TEXT NOT NULL,
    phone TEXT,
    provider_id TEXT,
    provider_name TEXT,
    -- The employee or department the dialog was transferred to.
    assigned_to TEXT,
    last_text TEXT,
    last_at BIGINT NOT NULL DEFAULT 0,
    -- The whole history was read from the API once.
    backfilled BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (property_id, chat_id)
);
CREATE INDEX chats_recent_idx ON chats (property_id, last_at);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY,
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    chat_id TEXT NOT NULL,
    -- IntellectDialog's id; NULL while a reply is on its way.
    message_id TEXT,
    -- A reply's own key, sent as `mark`: finds it again after a lost answer.
    reply_key TEXT UNIQUE,
    incoming BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    employee_id TEXT,
    staff_user_id BIGINT,
    state TEXT NOT NULL CHECK (state IN
        ('received', 'sending', 'sent', 'delivered', 'read', 'failed')),
    error TEXT,
    is_read BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    -- When a reply was last handed to IntellectDialog: a reply "sending" for
    -- long is taken as failed (the process died mid-send) and may be retried.
    attempted_at BIGINT,
    CONSTRAINT chat_messages_message_key UNIQUE (property_id, message_id)
);
CREATE INDEX chat_messages_chat_idx ON chat_messages (property_id, chat_id, created_at);
CREATE INDEX chat_messages_unread_idx ON chat_messages (property_id, chat_id) WHERE incoming AND NOT is_read;

CREATE TABLE chat_events (
    property_id BIGINT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    chat_id TEXT NOT NULL,
    -- The event as browsers receive it (JSON).
    payload TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (property_id, seq)
);

-- When the property's chats were last read from the API.
CREATE TABLE chat_sync (
    property_id BIGINT PRIMARY KEY REFERENCES properties (id) ON DELETE CASCADE,
    synced_at BIGINT NOT NULL,
    -- The newest `created_at` seen (the API's text form).
    newest TEXT
);

-- While a fresh webhook secret is being registered with IntellectDialog, the
-- one it replaces still works (IntellectDialog posts to it until it has the
-- new URL); once registered it is forgotten, and if registering fails the
-- old one is put back.
ALTER TABLE integrations ADD COLUMN webhook_secret_previous TEXT;
CREATE UNIQUE INDEX integrations_webhook_secret_previous_idx ON integrations (webhook_secret_previous);

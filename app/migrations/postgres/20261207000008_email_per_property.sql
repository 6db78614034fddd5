-- E-mails are unique per property, so one hotel cannot probe or squat
-- another's addresses; an e-mail that signs in with a password stays unique
-- across all properties (it names one account at the sign-in page).
ALTER TABLE staff_users DROP CONSTRAINT staff_users_email_key;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_property_email_key UNIQUE (property_id, email);
CREATE UNIQUE INDEX staff_users_password_email_idx ON staff_users (email) WHERE password_hash IS NOT NULL;

-- Typed dispatch reasons: `reason` keeps a code (as planning always wrote
-- it), `reason_data` the data that reason carries (JSON), `reason_detail`
-- IntellectDialog's own words for support. Reasons stored before as free
-- text (API errors) become codes, their text kept as the detail.
ALTER TABLE dispatches ADD COLUMN reason_data TEXT;
ALTER TABLE dispatches ADD COLUMN reason_detail TEXT;

UPDATE dispatches SET reason_detail = reason, reason = NULL
WHERE reason IS NOT NULL AND state IN ('sent', 'delivered', 'read');

UPDATE dispatches SET reason_detail = reason, reason = 'invalid_recipient'
WHERE state = 'failed' AND reason LIKE 'invalid_recipient:%';

UPDATE dispatches SET reason_detail = reason, reason = 'never_received',
    reason_data = '{"attempts":' || attempts || '}'
WHERE state = 'failed' AND reason LIKE 'gave up after%never received%';

UPDATE dispatches SET reason_detail = reason, reason = 'gave_up',
    reason_data = '{"attempts":' || attempts || ',"last":"unavailable"}'
WHERE state = 'failed' AND reason LIKE 'gave up after%';

UPDATE dispatches SET reason_detail = reason, reason = 'not_delivered'
WHERE state = 'failed' AND reason LIKE 'IntellectDialog%'
  AND (reason LIKE 'IntellectDialog reported%' OR reason LIKE 'IntellectDialog: %');

UPDATE dispatches SET reason_detail = reason, reason = 'refused',
    reason_data = '{"class":{"refused":{"status":400}}}'
WHERE state = 'failed' AND reason NOT IN
    ('invalid_recipient', 'never_received', 'gave_up', 'not_delivered');

UPDATE dispatches SET reason_detail = reason, reason = CASE
        WHEN reason LIKE 'the stored API key%' THEN 'key_unreadable'
        WHEN reason LIKE 'the claim%' THEN 'lease_short'
        WHEN reason LIKE 'the earlier attempt%' THEN 'not_received'
        ELSE 'api_error' END,
    reason_data = CASE
        WHEN reason LIKE 'the stored API key%' OR reason LIKE 'the claim%'
            OR reason LIKE 'the earlier attempt%' THEN NULL
        ELSE '{"class":"unavailable"}' END
WHERE state = 'planned' AND reason IS NOT NULL;

UPDATE dispatches SET reason_detail = reason, reason = 'in_doubt',
    reason_data = '{"class":"unavailable"}'
WHERE state = 'sending' AND reason IS NOT NULL;

-- Skipped because the deadline passed: the deadline was not kept, so it is
-- the moment the dispatch was skipped.
UPDATE dispatches SET reason_data = '{"deadline_at":' || updated_at || '}'
WHERE state IN ('skipped', 'cancelled') AND reason = 'too_late';

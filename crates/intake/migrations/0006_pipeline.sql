-- The sales pipeline (issue 14): each lead's status, owner and notes; staff roles; every
-- delivery attempt kept for staff to see; where a routed notification goes.

-- `new`, `contacted`, `meeting_booked`, `qualified`, `won`, `lost` or `spam`. A lead the
-- intake took for spam starts as `spam`; `spam` (the flag the list filters on) follows the
-- status from now on.
ALTER TABLE leads ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
UPDATE leads SET status = 'spam' WHERE spam = 1;
-- The staff account that owns the lead, if any.
ALTER TABLE leads ADD COLUMN owner_id TEXT;

-- What the list's search looks in: name, company and email, lowercased, in one column
-- (one LIKE per row instead of three).
ALTER TABLE leads ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE leads SET search_text = lower(name || ' ' || company || ' ' || email);

-- The staff list at 100,000 leads: each filter's equality column after `kind`, then the
-- list's order (newest first, or by readiness or score), then what the other filters and
-- the search read, so that a page and its count read an index, never the table.
CREATE INDEX leads_list ON leads (kind, received_at_ms, id, spam, search_text);
CREATE INDEX leads_list_status ON leads (kind, status, received_at_ms, id, spam);
CREATE INDEX leads_list_owner ON leads (kind, owner_id, received_at_ms, id, spam);
CREATE INDEX leads_list_grade ON leads (kind, grade, received_at_ms, id, spam);
CREATE INDEX leads_list_readiness ON leads (kind, readiness, received_at_ms, id, spam);
CREATE INDEX leads_list_score ON leads (kind, grade_score, received_at_ms, id, spam);

-- Notes on a lead: who wrote them, when. Erased and purged with the lead.
CREATE TABLE lead_notes (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    body TEXT NOT NULL
);

CREATE INDEX lead_notes_lead ON lead_notes (lead_id, at_ms);

-- `admin` (accounts, settings, re-sending) or `sales` (leads). Accounts made before roles
-- existed could do everything: they stay admins.
ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';

-- Every delivery attempt of a notification: when, what it came to (`sent`, `retry`,
-- `failed`), and the error. A re-send keeps the notification, so its event id stays.
CREATE TABLE notification_attempts (
    id TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    lead_id TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT
);

CREATE INDEX notification_attempts_of ON notification_attempts (notification_id, at_ms);
CREATE INDEX notification_attempts_lead ON notification_attempts (lead_id);

-- The destination a routing rule chose for this channel (a named webhook, Slack or Teams
-- hook, or the email addresses, comma-separated); NULL: the channel's configured default.
ALTER TABLE notifications ADD COLUMN target TEXT;

-- The routing rule that chose the lead's notifications (its name), or NULL when no rules
-- file was in use.
ALTER TABLE leads ADD COLUMN route TEXT;

-- The staff area's language a staff member chose (en, fr, de, zh-Hans); NULL: their
-- browser's.
ALTER TABLE staff ADD COLUMN locale TEXT;

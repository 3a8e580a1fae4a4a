-- The visitor keeps the report (issue 13).
-- A row of `leads` is a contact request (`lead`), or a report asked for by email from the
-- results screen alone (`report`: the address and the answers, no other contact; never
-- listed, exported or notified as a lead, erased and purged like one).
ALTER TABLE leads ADD COLUMN kind TEXT NOT NULL DEFAULT 'lead';

-- Links to a lead's report page: the SHA-256 of each link's secret, never the secret
-- itself. A lead may have several (each widget request, each confirmed email makes one);
-- staff revoke them all at once. Deleted with the lead (erasure, retention).
CREATE TABLE report_links (
    token_hash TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL,
    revoked_at_ms BIGINT
);

CREATE INDEX report_links_lead ON report_links (lead_id);

-- The report asked for by email (consent `report_email`), one per lead: the address as
-- given, lowercased (a second request to it within a day sends no second confirmation);
-- the digest of the confirmation link's secret, single use, until its expiry; when the
-- visitor confirmed (the time only).
CREATE TABLE report_requests (
    lead_id TEXT PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    confirm_hash TEXT NOT NULL UNIQUE,
    confirm_expires_at_ms BIGINT NOT NULL,
    confirmed_at_ms BIGINT
);

CREATE INDEX report_requests_email ON report_requests (email, created_at_ms);

-- The visitor's emails go through the lead's outbox (channels `report_confirm` and
-- `report_email`); the link they carry is kept here in plain text only until the email is
-- sent or given up, then wiped.
ALTER TABLE notifications ADD COLUMN secret TEXT;

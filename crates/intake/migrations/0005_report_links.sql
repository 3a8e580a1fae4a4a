-- Links to a lead's report page (issue 13): the SHA-256 of each link's secret, never the
-- secret itself. A lead may have several (each widget request makes one); staff revoke
-- them all at once. Deleted with the lead (erasure, retention).
CREATE TABLE report_links (
    token_hash TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL,
    revoked_at_ms BIGINT
);

CREATE INDEX report_links_lead ON report_links (lead_id);

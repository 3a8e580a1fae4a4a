-- Leads and the notifications owed for them. Portable between SQLite and PostgreSQL:
-- text ids, BIGINT for every integer (0/1 for flags), JSON kept as text.
CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_hash TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    quiz_version TEXT NOT NULL,
    quiz_version_known BIGINT NOT NULL,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    company TEXT NOT NULL,
    country TEXT NOT NULL,
    role TEXT NOT NULL,
    phone TEXT,
    wechat_id TEXT,
    message TEXT,
    readiness BIGINT,
    tier TEXT,
    grade TEXT,
    grade_score BIGINT,
    top_channels TEXT NOT NULL,
    blockers TEXT NOT NULL,
    client_readiness BIGINT,
    score_mismatch BIGINT NOT NULL,
    spam BIGINT NOT NULL,
    spam_reason TEXT,
    answers_json TEXT NOT NULL,
    report_json TEXT,
    consents_json TEXT NOT NULL,
    attribution_json TEXT NOT NULL
);

CREATE INDEX leads_received ON leads (received_at_ms);
CREATE INDEX leads_email ON leads (email);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at_ms BIGINT NOT NULL,
    last_error TEXT
);

CREATE INDEX notifications_due ON notifications (status, next_attempt_at_ms);

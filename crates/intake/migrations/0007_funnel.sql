-- The agency's funnel (issue 15): how many journeys reached each step, per day (UTC), page,
-- campaign, language and quiz version. `detail` is the question of a question step, the
-- tier of the results, empty otherwise. No journey, address or answer is in it.
CREATE TABLE funnel_counts (
    day TEXT NOT NULL,
    page TEXT NOT NULL,
    source TEXT NOT NULL,
    medium TEXT NOT NULL,
    campaign TEXT NOT NULL,
    locale TEXT NOT NULL,
    quiz_version TEXT NOT NULL,
    step TEXT NOT NULL,
    detail TEXT NOT NULL,
    journeys BIGINT NOT NULL,
    PRIMARY KEY (day, page, source, medium, campaign, locale, quiz_version, step, detail)
);

CREATE INDEX funnel_counts_step ON funnel_counts (day, step);

-- The fold's memory: which steps a journey was counted for, so an event sent again counts
-- once. The journey is kept as a digest of its random id only, and forgotten after two
-- days (`seen_day`); no event is kept as such.
CREATE TABLE funnel_seen (
    journey TEXT NOT NULL,
    step TEXT NOT NULL,
    detail TEXT NOT NULL,
    seen_day TEXT NOT NULL,
    PRIMARY KEY (journey, step, detail)
);

CREATE INDEX funnel_seen_day ON funnel_seen (seen_day);

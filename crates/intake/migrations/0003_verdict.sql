-- What the core made of a lead's answers (readiness core 2: fit and feasibility apart).
-- verdict: `scored`, `not_enough_answers` (too few real answers for a verdict) or `unscored`
-- (another quiz version). top_channels now holds the "start here" channels; later_channels
-- the channels that fit but must wait, as `channel:reason+reason` joined by commas, where a
-- reason is a blocker id or `budget_below_<eur>`. Rows stored before keep `scored`.
ALTER TABLE leads ADD COLUMN verdict TEXT NOT NULL DEFAULT 'scored';
ALTER TABLE leads ADD COLUMN later_channels TEXT NOT NULL DEFAULT '';

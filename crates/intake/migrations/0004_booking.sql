-- When the visitor opened the booking page the widget offered after their lead (issue 14):
-- the time only, ms since the epoch; NULL when they did not.
ALTER TABLE leads ADD COLUMN booking_opened_at_ms BIGINT;

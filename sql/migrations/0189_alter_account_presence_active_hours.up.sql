-- Followers' most active times (docs/insights.md "Most active times"), as Instagram's audience insights: the hours of the
-- week in which an account made requests, kept with its activity status (0112) by the same batched writes, so they cost
-- no write per request. Hours are UTC hours of the week, Monday 00:00 = bit 0 … Sunday 23:00 = bit 167. Two weeks are
-- kept: active_hours for active_week (a Monday) and previous_active_hours for the week before it; a mark of a later week
-- moves them along. Only counts ever leave this table (no route reads one account's hours).
ALTER TABLE account_presence
    ADD COLUMN active_week date,
    ADD COLUMN active_hours bit(168) NOT NULL DEFAULT repeat('0', 168)::bit(168),
    ADD COLUMN previous_active_hours bit(168) NOT NULL DEFAULT repeat('0', 168)::bit(168),
    ADD CONSTRAINT account_presence_active_week_monday CHECK (extract(isodow FROM active_week) = 1);

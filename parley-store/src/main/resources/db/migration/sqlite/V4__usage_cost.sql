-- What each request cost, in dollars, exactly as Parley computed it (never through a floating-point type):
--   cost_base      the provider's price for the row's tokens (and any fee per request)
--   cost_markup    what markup_percent added to it (negative for a discount); cost_base + cost_markup = cost_total
--   cost_total     what the request is billed
--   markup_percent the markup or discount applied, in percent, as configured
--   price_version  the version of the prices the row was priced with (a hash of the bundled price data and the
--                  configuration's prices), so that a row keeps the prices it was billed at when they change
-- The costs are rounded half-even to 10 decimal places. The first four are NULL on a row that has no cost: no
-- provider answered with usage, or no price matches its provider and upstream model. price_version is set on every
-- row priced, with or without a cost; rows written before these columns existed have none of them.
--
-- The amounts are TEXT holding the plain decimal ('0.0110000000'): SQLite's NUMERIC would store them as a double
-- and lose digits. Sum them in SQL with care (SQLite's sum() converts to a double too); Parley reads them as
-- exact decimals.
ALTER TABLE usage_records ADD COLUMN cost_base TEXT;
ALTER TABLE usage_records ADD COLUMN cost_markup TEXT;
ALTER TABLE usage_records ADD COLUMN cost_total TEXT;
ALTER TABLE usage_records ADD COLUMN markup_percent TEXT;
ALTER TABLE usage_records ADD COLUMN price_version TEXT;

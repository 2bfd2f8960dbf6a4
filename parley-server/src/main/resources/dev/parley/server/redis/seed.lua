-- Seeds budget windows with the ledger's spend, unless a replica did first (see SharedCounters).
-- KEYS: budget windows. ARGV: how long the seed is trusted (ms), then per window its spend and alert threshold
-- in units of 1e-10 dollars (-1: none). A window seeded past its threshold was alerted about before.
-- Reply: how many windows this call seeded.
local seeded = 0
for j = 1, #KEYS do
  if redis.call('HSETNX', KEYS[j], 'spent', ARGV[2 * j]) == 1 then
    seeded = seeded + 1
    redis.call('PEXPIRE', KEYS[j], tonumber(ARGV[1]))
    local threshold = tonumber(ARGV[2 * j + 1])
    if threshold >= 0 and tonumber(ARGV[2 * j]) >= threshold then redis.call('HSET', KEYS[j], 'alerted', '1') end
  end
end
return seeded

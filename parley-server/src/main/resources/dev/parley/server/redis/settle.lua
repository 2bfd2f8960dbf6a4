-- Settles one reserved request, once: its places given back, its tokens and cost booked (see SharedCounters).
-- KEYS: as reserve.lua. ARGV: ticket, token estimate, tokens used, scopes n, budgets m, reserved units,
--       cost units, per budget its alert threshold in units (-1: none).
-- Reply: {'ok', then per budget its spend (-1: not in Redis), what is still reserved in it, and 1 when this
--        settlement crossed its alert threshold, else 0} | {'done'} when settled before.
local n = tonumber(ARGV[4])
local m = tonumber(ARGV[5])
if redis.call('DEL', KEYS[3 * n + 2 * m + 1]) == 0 then return {'done'} end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local id = ARGV[1]
local tokens = tonumber(ARGV[3])
local window = 60000
for i = 1, n do
  local tok, fly = KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('ZREM', fly, id .. ':' .. ARGV[2])
  if tokens > 0 then
    redis.call('ZADD', tok, now, id .. ':' .. ARGV[3])
    redis.call('PEXPIRE', tok, window + 1000)
  end
end
local reply = {'ok'}
for j = 1, m do
  local bud, holds = KEYS[3 * n + 2 * j - 1], KEYS[3 * n + 2 * j]
  redis.call('ZREM', holds, id .. ':' .. ARGV[6])
  local reserved = 0
  for _, member in ipairs(redis.call('ZRANGE', holds, 0, -1)) do
    reserved = reserved + tonumber(string.match(member, ':(%d+)$'))
  end
  -- A window gone from Redis is read again from the ledger, which will hold this request's row.
  local spent, crossed = -1, 0
  if redis.call('HEXISTS', bud, 'spent') == 1 then
    spent = redis.call('HINCRBY', bud, 'spent', ARGV[7])
    local threshold = tonumber(ARGV[7 + j])
    if threshold >= 0 and spent >= threshold and redis.call('HSETNX', bud, 'alerted', '1') == 1 then crossed = 1 end
  end
  reply[#reply + 1] = tostring(spent)
  reply[#reply + 1] = string.format('%.0f', reserved)
  reply[#reply + 1] = tostring(crossed)
end
return reply

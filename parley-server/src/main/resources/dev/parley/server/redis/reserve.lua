-- Reserves one request in every scope and budget it falls under, all or none (see SharedCounters).
-- KEYS: per scope req, tok, fly; per budget window bud, holds; then the ticket.
-- ARGV: ticket, lease ms, token estimate, scopes n, budgets m, worst case (units of 1e-10 dollars),
--       per scope rpm, tpm, concurrency (-1: none), per budget its amount in units.
-- Reply: {'ok', now} | {'seed', j...} | {'budget', j, spent, reserved} | {'limit', i, kind, retry-at ms or -1}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local id = ARGV[1]
local lease = tonumber(ARGV[2])
local estimate = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local m = tonumber(ARGV[5])
local asked = tonumber(ARGV[6])
local window = 60000
local function whole(x) return string.format('%.0f', x) end
local function tail(member) return tonumber(string.match(member, ':(%d+)$')) end
local function sum(members)
  local total = 0
  for _, member in ipairs(members) do total = total + tail(member) end
  return total
end

local unseeded = {'seed'}
for j = 1, m do
  if redis.call('HEXISTS', KEYS[3 * n + 2 * j - 1], 'spent') == 0 then unseeded[#unseeded + 1] = tostring(j) end
end
if #unseeded > 1 then return unseeded end

for j = 1, m do
  local bud, holds = KEYS[3 * n + 2 * j - 1], KEYS[3 * n + 2 * j]
  redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
  local reserved = sum(redis.call('ZRANGE', holds, 0, -1))
  local spent = tonumber(redis.call('HGET', bud, 'spent'))
  local left = tonumber(ARGV[6 + 3 * n + j]) - spent - reserved
  if left <= 0 or asked > left then return {'budget', tostring(j), whole(spent), whole(reserved)} end
end

for i = 1, n do
  local req, tok, fly = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local rpm, tpm, conc = tonumber(ARGV[4 + 3 * i]), tonumber(ARGV[5 + 3 * i]), tonumber(ARGV[6 + 3 * i])
  redis.call('ZREMRANGEBYSCORE', req, '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', tok, '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', fly, '-inf', now)
  if rpm >= 0 then
    local count = redis.call('ZCARD', req)
    if count >= rpm then
      if rpm == 0 then return {'limit', tostring(i), 'rpm', whole(now + window)} end
      local nth = redis.call('ZRANGE', req, count - rpm, count - rpm, 'WITHSCORES')
      return {'limit', tostring(i), 'rpm', whole(tonumber(nth[2]) + window)}
    end
  end
  if tpm >= 0 then
    if estimate > tpm then return {'limit', tostring(i), 'tpm', '-1'} end
    local settled = redis.call('ZRANGE', tok, 0, -1, 'WITHSCORES')
    local used = 0
    for k = 1, #settled, 2 do used = used + tail(settled[k]) end
    local excess = sum(redis.call('ZRANGE', fly, 0, -1)) + used + estimate - tpm
    if excess > 0 then
      local at, freed = now + 1000, 0
      for k = 1, #settled, 2 do
        freed = freed + tail(settled[k])
        if freed >= excess then at = tonumber(settled[k + 1]) + window break end
      end
      return {'limit', tostring(i), 'tpm', whole(at)}
    end
  end
  if conc >= 0 and redis.call('ZCARD', fly) >= conc then
    return {'limit', tostring(i), 'concurrency', whole(now + 1000)}
  end
end

for i = 1, n do
  local req, tok, fly = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('ZADD', req, now, id)
  redis.call('PEXPIRE', req, window + 1000)
  redis.call('ZADD', fly, now + lease, id .. ':' .. ARGV[3])
  redis.call('PEXPIRE', fly, lease)
end
for j = 1, m do
  local holds = KEYS[3 * n + 2 * j]
  redis.call('ZADD', holds, now + lease, id .. ':' .. ARGV[6])
  redis.call('PEXPIRE', holds, lease)
end
redis.call('SET', KEYS[3 * n + 2 * m + 1], '1', 'PX', lease)
return {'ok', whole(now)}

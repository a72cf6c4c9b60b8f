-- BitQuark seed pool: one member's heartbeat (see RedisPoolStore for the key layout).
-- KEYS[1] the members sorted set (member id -> last beat, ms by Redis TIME), KEYS[2] the profiles hash
-- (member id -> "<address> <weight> <zone>").
-- ARGV[1] member id, ARGV[2] its profile, ARGV[3] its address, ARGV[4] the member timeout in ms, ARGV[5] how long
-- after its last beat a silent member is forgotten, in ms (at least the timeout).
-- Forgets members silent for longer than ARGV[5] (at most 64 per beat), then refuses the beat when the id
-- is live (within the timeout) at another address: returns {0, that address, ms since its last beat}. Otherwise
-- stamps the beat with Redis TIME and returns {1, that time in ms}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local oldest = now - tonumber(ARGV[4])
local forgotten = now - tonumber(ARGV[5])
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', forgotten), 'LIMIT', 0, 64)
for i = 1, #gone do
  redis.call('ZREM', KEYS[1], gone[i])
  redis.call('HDEL', KEYS[2], gone[i])
end
local last = redis.call('ZSCORE', KEYS[1], ARGV[1])
if last and tonumber(last) >= oldest then
  local held = redis.call('HGET', KEYS[2], ARGV[1])
  if held then
    local address = string.match(held, '^(%S+)')
    if address ~= ARGV[3] then
      return {0, address, now - tonumber(last)}
    end
  end
end
redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return {1, now}

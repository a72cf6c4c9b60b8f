-- BitQuark seed pool: the live members (see RedisPoolStore for the key layout).
-- KEYS[1] the members sorted set, KEYS[2] the profiles hash. ARGV[1] the member timeout in ms.
-- Reads Redis TIME and returns {now, id, last beat, profile, id, last beat, profile, ...} for every member
-- whose last beat is at most the timeout old, by id. Writes nothing.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%.0f', now - tonumber(ARGV[1])), '+inf', 'WITHSCORES')
local out = {now}
for i = 1, #live, 2 do
  local profile = redis.call('HGET', KEYS[2], live[i])
  if profile then
    out[#out + 1] = live[i]
    out[#out + 1] = live[i + 1]
    out[#out + 1] = profile
  end
end
return out

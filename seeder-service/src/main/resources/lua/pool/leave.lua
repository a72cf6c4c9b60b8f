-- BitQuark seed pool: a member leaves (see RedisPoolStore for the key layout).
-- KEYS[1] the members sorted set, KEYS[2] the profiles hash. ARGV[1] member id, ARGV[2] its address.
-- Removes the member only when the id is held at that address; returns 1 when it did, else 0.
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held or string.match(held, '^(%S+)') ~= ARGV[2] then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1

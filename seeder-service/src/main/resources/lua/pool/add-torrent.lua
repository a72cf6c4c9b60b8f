-- BitQuark seed pool: a torrent joins the catalog (see RedisPoolStore for the key layout).
-- KEYS[1] the torrents hash (info-hash -> "<R> <added at, ms by Redis TIME> <bytes>"), KEYS[2] the .torrent hash.
-- ARGV[1] info-hash hex, ARGV[2] the .torrent, ARGV[3] R, ARGV[4] the content's bytes.
-- Returns 0, changing nothing, when the torrent is already there; else adds it and returns 1.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ' ' .. string.format('%.0f', now) .. ' ' .. ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1

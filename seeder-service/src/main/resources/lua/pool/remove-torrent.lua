-- BitQuark seed pool: a torrent leaves the catalog (see RedisPoolStore for the key layout).
-- KEYS[1] the torrents hash, KEYS[2] the .torrent hash, KEYS[3] the torrent's copies hash.
-- ARGV[1] info-hash hex. Removes the entry, its .torrent and its copies; returns 1 when it was there.
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
return removed

-- BitQuark seed pool: a member reports its copy of a torrent (see RedisPoolStore for the key layout).
-- KEYS[1] the torrents hash, KEYS[2] the torrent's copies hash (member id -> "S" or "F<progress>").
-- ARGV[1] member id, ARGV[2] the copy's state, ARGV[3] info-hash hex.
-- Records it only for a torrent in the catalog: returns 1 when it did, 0 when the torrent is not in the pool.
if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 0 then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1

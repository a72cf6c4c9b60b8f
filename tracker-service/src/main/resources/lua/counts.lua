-- BitQuark swarm counts (scrape), one or more swarms in one round trip (one call per slot on a Cluster).
-- KEYS: the counters hash bq:{<hex>}:C of each swarm (see announce.lua). ARGV 1..6: the counter fields of
-- the live windows, S<w> L<w> S<w-1> L<w-1> S<w-2> L<w-2>.
-- Returns, per swarm, {complete, incomplete, downloaded}: one HMGET each; an unknown swarm counts zero.
local results = {}
for i = 1, #KEYS do
  local c = redis.call('HMGET', KEYS[i], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], 'D')
  local n = {}
  for j = 1, 7 do n[j] = tonumber(c[j]) or 0 end
  results[i] = {n[1] + n[3] + n[5], n[2] + n[4] + n[6], n[7]}
end
return results

-- BitQuark swarm counts (scrape): KEYS are S<w> L<w> S<w-1> L<w-1> S<w-2> L<w-2> D of one swarm.
-- Returns {complete, incomplete, downloaded}.
local complete, incomplete = 0, 0
for j = 1, 6 do
  local size = redis.call('HLEN', KEYS[j])
  if j % 2 == 1 then complete = complete + size else incomplete = incomplete + size end
end
return {complete, incomplete, tonumber(redis.call('GET', KEYS[7]) or '0')}

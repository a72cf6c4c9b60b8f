-- BitQuark swarm announce: one or more announces applied atomically, one round trip.
--
-- Per announce i (0-based), 7 KEYS from k = 7*i, all sharing the swarm's {hash tag}:
--   k+1 S<w>  k+2 L<w>      seeders / leechers of the current window w (hashes: identity -> peer)
--   k+3 S<w-1> k+4 L<w-1>  the previous window
--   k+5 S<w-2> k+6 L<w-2>  the oldest live window
--   k+7 D                  downloaded counter
-- and 6 ARGV from a = 6*i:
--   a+1 identity (8 bytes)   a+2 peer (compact endpoint + peer id, 26 or 38 bytes)   a+3 seeder "1"/"0"
--   a+4 event (0 update, 1 started, 2 completed, 3 stopped)  a+5 numwant
--   a+6 expiry of window w, absolute unix ms (also refreshes D to live as long as the swarm)
-- Returns, per announce: {complete, incomplete, downloaded, {peer, ...}, removedAge, added}, where
-- removedAge is the age (0 current, 1, 2) of the window the peer left, or -1, and added is 1 when the
-- peer became new to the current window: the caller keeps per-window peer counters from these.
--
-- Each peer is kept in exactly one live hash, so HLEN sums are exact counts. Selection asks
-- HRANDFIELD for a share of numwant proportional to each hash's size: O(numwant), not O(swarm).
local results = {}
local n = #ARGV / 6
for i = 0, n - 1 do
  local k = 7 * i
  local a = 6 * i
  local id = ARGV[a + 1]
  local endpoint = ARGV[a + 2]
  local seeder = ARGV[a + 3] == '1'
  local event = tonumber(ARGV[a + 4])
  local want = tonumber(ARGV[a + 5])
  local expireAt = ARGV[a + 6]
  local target = seeder and 1 or 2

  local wasSeeder = false
  local removedAge = -1
  local added = 0
  for j = 1, 6 do
    if j ~= target then
      if redis.call('HDEL', KEYS[k + j], id) == 1 then
        removedAge = math.floor((j - 1) / 2)
        if j % 2 == 1 then wasSeeder = true end
      end
    end
  end
  local targetKey = KEYS[k + target]
  if event == 3 then
    if redis.call('HDEL', targetKey, id) == 1 then removedAge = 0 end
  else
    added = redis.call('HSET', targetKey, id, endpoint)
    if added == 0 and seeder then
      wasSeeder = true
    end
    if added == 1 and redis.call('HLEN', targetKey) == 1 then
      redis.call('PEXPIREAT', targetKey, expireAt)
      redis.call('PEXPIREAT', KEYS[k + 7], expireAt)
    end
  end

  local downloaded
  if event == 2 and not wasSeeder then
    downloaded = redis.call('INCR', KEYS[k + 7])
    redis.call('PEXPIREAT', KEYS[k + 7], expireAt)
  else
    downloaded = tonumber(redis.call('GET', KEYS[k + 7]) or '0')
  end

  local sizes = {}
  local complete, incomplete = 0, 0
  for j = 1, 6 do
    sizes[j] = redis.call('HLEN', KEYS[k + j])
    if j % 2 == 1 then complete = complete + sizes[j] else incomplete = incomplete + sizes[j] end
  end

  local peers = {}
  if event ~= 3 and want > 0 then
    local total = 0
    for j = 1, 6 do
      if not (seeder and j % 2 == 1) then total = total + sizes[j] end
    end
    local selfCounted = (not seeder) and 1 or 0
    local take = {}
    if total - selfCounted <= want then
      for j = 1, 6 do take[j] = sizes[j] end
    else
      local given = 0
      for j = 1, 6 do
        if seeder and j % 2 == 1 then
          take[j] = 0
        else
          take[j] = math.floor(want * sizes[j] / total)
          given = given + take[j]
        end
      end
      for j = 1, 6 do
        if given >= want then break end
        if not (seeder and j % 2 == 1) and take[j] < sizes[j] then
          take[j] = take[j] + 1
          given = given + 1
        end
      end
      if not seeder and take[target] < sizes[target] then
        take[target] = take[target] + 1
      end
    end
    for j = 1, 6 do
      if take[j] > 0 and not (seeder and j % 2 == 1) then
        local picked = redis.call('HRANDFIELD', KEYS[k + j], take[j], 'WITHVALUES')
        for p = 1, #picked, 2 do
          if picked[p] ~= id and #peers < want then
            peers[#peers + 1] = picked[p + 1]
          end
        end
      end
    end
  end
  results[i + 1] = {complete, incomplete, downloaded, peers, removedAge, added}
end
return results

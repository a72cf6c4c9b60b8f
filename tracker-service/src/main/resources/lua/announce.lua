-- BitQuark swarm announce: one or more announces applied atomically, one round trip (one call per slot
-- on a Cluster; all keys of a swarm share its {hash tag}).
--
-- Layout of one swarm (<w> is the window index, see PeerWindows; only w, w-1 and w-2 are live):
--   bq:{<hex>}:S<w>  hash  6-byte identity -> peer value   seeders that announced in window w
--   bq:{<hex>}:L<w>  hash  the same, leechers
--   bq:{<hex>}:C     hash  counters: field S<w> / L<w> = entries of that window's hash, D = downloads
-- A peer value is the compact endpoint (6 bytes IPv4, 18 IPv6) followed by the 20-byte peer id, the
-- least the answers need (the dictionary form names peers). The field is the last 6 bytes of the peer's
-- 8-byte identity: up to 6 bytes take jemalloc's 8-byte class with Redis's 1-byte header and terminator,
-- 8 bytes a 16-byte one, so this saves 8 of about 91 bytes per peer. A window hash expires by PEXPIREAT
-- at the end of its window's life; C expires with the newest window.
--
-- KEYS, 7 per announce i (0-based) from k = 7*i:
--   k+1 S<w>  k+2 L<w>  k+3 S<w-1>  k+4 L<w-1>  k+5 S<w-2>  k+6 L<w-2>  k+7 C
-- ARGV: 1 expiry of window w (absolute unix ms); 2..7 the counter fields S<w> L<w> S<w-1> L<w-1> S<w-2>
--   L<w-2> (the same as the window keys' suffixes); then 3 per announce i from a = 7 + 3*i:
--   a+1 identity (6 bytes)  a+2 peer value  a+3 control = numwant * 8 + event * 2 + seeder (0/1),
--   event 0 update, 1 started, 2 completed, 3 stopped.
-- Returns, per announce: {complete, incomplete, downloaded, {peer value, ...}, removedAge, added}, where
-- removedAge is the age (0 current, 1, 2) of the window the peer left, or -1, and added is 1 when the
-- peer became new to the current window: the caller keeps per-window peer counters from these.
--
-- Invariants. Each peer is in exactly one live hash, and C's field of a live hash equals its size: every
-- HSET that adds and every HDEL that removes happens here, with its counter change, atomically. So the
-- counts are sums of one HMGET and stay exact across replicas, and a counter of 0 means an empty (absent)
-- hash, which is never probed. A counter only drops after an HDEL removed an entry, so none is ever
-- negative. The fields of windows that are no longer live are deleted when the first peer enters a new
-- window (HKEYS of a hash of at most a dozen fields), so C stays small however long the swarm lives.
-- (The window comes from the caller's clock, a hash's expiry from Redis's: should Redis's clock run d ms
-- ahead, the counters of the oldest window outlive its hash by d ms; the counts are right again once
-- that window leaves the live three.)
--
-- Where is the peer now? HSET on the target (current window, the peer's role) answers first: 0 means the
-- peer was there already, and by the invariant nowhere else, so nothing is deleted and no counter moves.
-- Otherwise the other non-empty hashes are probed with HDEL, most likely first, and the first hit ends
-- it (PROBE below): a seeder most likely re-announces from S<w-1> (windows are one announce interval
-- long), else it completed in L<w> or L<w-1>; a leecher comes from L<w-1>, then L<w-2> (a missed
-- announce), and only rarely from the seeders. Only a peer new to the swarm misses every probe.
-- An index hash (identity -> where) was rejected: it costs a second hash entry per peer (56 bytes
-- measured at 1M peers: dict entry, field, value, bucket slot), 139 bytes per peer in all, over the 100
-- allowed; one unwindowed index cannot expire its silent peers without a scan (windowed, it would need
-- the same probing); and it would only save HDEL misses, O(1) each, inside this one round trip.
--
-- redis.call()s per announce, r = HRANDFIELDs (one per hash with a share: at most 6, 3 for a seeder),
-- measured with bench/tracker/redis-calls.sh; the previous layout's in brackets:
--   re-announce in the same window           2 + r   (13 + r: five blind HDELs, six HLENs, a GET)
--   re-announce from the previous window     4 + r   (14 + r)
--   peer new to the swarm                    3 + (HDELs on the non-empty other hashes, <= 5) + r
--   stopped                                  3 to 8  (13)
--   a swarm's first peer of a window adds PEXPIREAT of the hash and of C (GT; NX too when C is new),
--   HKEYS and an HDEL of the stale counters: at most 18 in all (23).
--
-- Selection asks HRANDFIELD for a share of numwant proportional to each hash's size (the counters):
-- O(numwant), not O(swarm). The remainder after rounding down goes one each to hashes that already
-- have a share, then to the others, which saves HRANDFIELDs on the small w-2 hashes.
local expireAt = ARGV[1]
local F = {ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]}
local LIVE = {D = true}
for j = 1, 6 do LIVE[F[j]] = true end
-- hash indexes: 1 S<w>, 2 L<w>, 3 S<w-1>, 4 L<w-1>, 5 S<w-2>, 6 L<w-2>; odd = seeders
local PROBE = {{3, 2, 4, 5, 6}, {4, 6, 1, 3, 5}}
local VISIBLE = {{2, 4, 6}, {1, 2, 3, 4, 5, 6}} -- hashes a seeder / a leecher is sent peers from

local results = {}
for i = 0, (#ARGV - 7) / 3 - 1 do
  local k = 7 * i
  local a = 7 + 3 * i
  local id = ARGV[a + 1]
  local ctl = tonumber(ARGV[a + 3])
  local seeder = ctl % 2 == 1
  local event = math.floor(ctl / 2) % 4
  local want = math.floor(ctl / 8)
  local counters = KEYS[k + 7]
  local target = seeder and 1 or 2

  local c = redis.call('HMGET', counters, F[1], F[2], F[3], F[4], F[5], F[6], 'D')
  local size = {}
  for j = 1, 6 do size[j] = tonumber(c[j]) or 0 end
  local downloaded = tonumber(c[7]) or 0
  local targetWasEmpty = size[target] == 0

  local added, from = 0, nil
  if event == 3 then
    if size[target] > 0 and redis.call('HDEL', KEYS[k + target], id) == 1 then from = target end
  else
    added = redis.call('HSET', KEYS[k + target], id, ARGV[a + 2])
  end
  if added == 1 or (event == 3 and not from) then
    for _, j in ipairs(PROBE[target]) do
      if size[j] > 0 and redis.call('HDEL', KEYS[k + j], id) == 1 then
        from = j
        break
      end
    end
  end

  local update = {}
  if added == 1 then
    size[target] = size[target] + 1
    update[#update + 1] = F[target]
    update[#update + 1] = size[target]
  end
  if from then
    size[from] = size[from] - 1
    update[#update + 1] = F[from]
    update[#update + 1] = size[from]
  end
  local wasSeeder = (added == 0 and seeder) or (from ~= nil and from % 2 == 1)
  if event == 2 and not wasSeeder then
    downloaded = downloaded + 1
    update[#update + 1] = 'D'
    update[#update + 1] = downloaded
  end
  if #update > 0 then redis.call('HSET', counters, unpack(update)) end

  if added == 1 and targetWasEmpty then
    -- a new hash: it expires with its window, and C not before the newest window (GT; NX when new)
    redis.call('PEXPIREAT', KEYS[k + target], expireAt)
    if redis.call('PEXPIREAT', counters, expireAt, 'GT') == 0 then
      redis.call('PEXPIREAT', counters, expireAt, 'NX')
    end
    if not c[1] and not c[2] then
      -- the swarm's first peer of window w: forget the counters of windows that are no longer live
      local stale = {}
      for _, f in ipairs(redis.call('HKEYS', counters)) do
        if not LIVE[f] then stale[#stale + 1] = f end
      end
      if #stale > 0 then redis.call('HDEL', counters, unpack(stale)) end
    end
  end

  local peers = {}
  if event ~= 3 and want > 0 then
    local visible = VISIBLE[target]
    local total = 0
    for _, j in ipairs(visible) do total = total + size[j] end
    local selfCounted = seeder and 0 or 1
    local take = {}
    if total - selfCounted <= want then
      for _, j in ipairs(visible) do take[j] = size[j] end
    else
      local given = 0
      for _, j in ipairs(visible) do
        take[j] = math.floor(want * size[j] / total)
        given = given + take[j]
      end
      for pass = 1, 2 do
        for _, j in ipairs(visible) do
          if given < want and take[j] < size[j] and (take[j] > 0) == (pass == 1) then
            take[j] = take[j] + 1
            given = given + 1
          end
        end
      end
      if not seeder and take[target] < size[target] then take[target] = take[target] + 1 end
    end
    if not seeder and size[target] == 1 then take[target] = 0 end -- only the peer itself is there
    for _, j in ipairs(visible) do
      if take[j] > 0 then
        local picked = redis.call('HRANDFIELD', KEYS[k + j], take[j], 'WITHVALUES')
        for p = 1, #picked, 2 do
          if picked[p] ~= id and #peers < want then peers[#peers + 1] = picked[p + 1] end
        end
      end
    end
  end
  local removedAge = from and math.floor((from - 1) / 2) or -1
  results[i + 1] = {size[1] + size[3] + size[5], size[2] + size[4] + size[6], downloaded, peers, removedAge, added}
end
return results

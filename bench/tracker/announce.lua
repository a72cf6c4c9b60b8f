-- wrk script: BEP 3 HTTP announces, one fresh connection per request, as real clients announce.
--
--   wrk -t1 -c32 -d20s --latency -s announce.lua http://127.0.0.1:PORT -- INFO_HASH_FILE [POOL]
--
-- INFO_HASH_FILE holds the benchmark's swarms, one 40-hex info-hash per line. Each thread builds POOL
-- requests up front (default 50000; building them during the run would load the generator, not the
-- tracker): a uniformly random swarm, a random peer id, port and left, compact=1, numwant=50, one in ten
-- with event=started. The pool is then replayed in a loop, so after one pass the same peers re-announce,
-- as clients do at each interval.
--
-- Every response body is checked: a status other than 200, a bencoded "failure reason" or a body without
-- a "peers" key counts as a failed announce; a compact peer list of no peer ("5:peers0:", which a tracker
-- that leaves the announcing peer out sends for a swarm holding no other peer) counts as "empty". done() prints one machine-readable
-- line, "BQ-HTTP ...", read by tracker-bench.sh.
--
-- opentracker answers HTTP/1.1 without a "Connection: close" header and then closes; wrk counts each
-- such close as a socket read error and reconnects. Those read errors are not failed announces.

wrk.headers["Connection"] = "close"

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

local prepared = {}
local next_request = 1
failures = 0
empty = 0

local function percent_encode_hex(hex)
  return (hex:gsub("(%x%x)", "%%%1"))
end

local function random_bytes_encoded(n)
  local parts = {}
  for i = 1, n do
    parts[i] = string.format("%%%02X", math.random(0, 255))
  end
  return table.concat(parts)
end

function init(args)
  local path = args[1]
  if path == nil then
    error("usage: wrk ... -s announce.lua URL -- INFO_HASH_FILE [POOL]")
  end
  local pool = tonumber(args[2] or "50000")
  local hashes = {}
  for line in io.lines(path) do
    if #line == 40 then
      hashes[#hashes + 1] = percent_encode_hex(line)
    end
  end
  if #hashes == 0 then
    error("no 40-hex info-hashes in " .. path)
  end
  math.randomseed(7919 * (thread_id or 1))
  for i = 1, pool do
    local left = 0
    if math.random() >= 0.2 then
      left = math.random(1, 2000000000)
    end
    local query = "/announce?info_hash=" .. hashes[math.random(#hashes)]
      .. "&peer_id=-BQ0100-" .. random_bytes_encoded(12)
      .. "&port=" .. math.random(1024, 65535)
      .. "&uploaded=0&downloaded=0&left=" .. left
      .. "&compact=1&numwant=50"
    if math.random(10) == 1 then
      query = query .. "&event=started"
    end
    prepared[i] = wrk.format("GET", query)
  end
end

function request()
  local r = prepared[next_request]
  next_request = next_request + 1
  if next_request > #prepared then
    next_request = 1
  end
  return r
end

function response(status, headers, body)
  if status ~= 200 or body:find("failure reason", 1, true) or not body:find("5:peers", 1, true) then
    failures = failures + 1
  elseif body:find("5:peers0:", 1, true) then
    empty = empty + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  local no_peers = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
    no_peers = no_peers + thread:get("empty")
  end
  local e = summary.errors
  io.write(string.format(
    "BQ-HTTP responses=%d failures=%d empty=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, failed, no_peers, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout))
end

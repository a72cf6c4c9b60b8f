#!/usr/bin/env bash
# Side-by-side tracker benchmark (issue 3): tracker-service (in-memory store, Redis store) against
# Debian's opentracker, in one run, with the same load for each, reporting ratios to opentracker.
#
#   bench/tracker/tracker-bench.sh            # DURATION=20 WARMUP=5 ROUNDS=1 by default
#   DURATION=30 ROUNDS=3 bench/tracker/tracker-bench.sh
#
# For each tracker in turn (opentracker first, then tracker-service memory, then redis, per round):
#   HTTP max   wrk, announce.lua, a fresh connection per request, CONNECTIONS connections, --latency
#   UDP max    UdpLoad (BEP 15), UDP_SOCKETS sockets x UDP_IN_FLIGHT requests in flight
# then, once opentracker's HTTP rate is known (median over rounds):
#   HTTP fixed HttpRateLoad at half of opentracker's rate, open loop, latency from each request's due time
# CPU seconds per 100k announces come from /proc/<pid>/stat (utime+stime) before and after each load,
# summed with redis-server's for the Redis variant.
#
# tracker-service runs only when tracker-service/target/quarkus-app/quarkus-run.jar exists (build it with
# BUILD_SERVICE=1, or ./mvnw -pl tracker-service -am package -DskipTests); otherwise only opentracker runs.
# Everything binds 127.0.0.1 on free ports; nothing uses 6969 or 6379.
#
# Before the rounds, each tracker gets JIT_WARMUP seconds of HTTP and of UDP load, unmeasured; each
# measured load is also preceded by WARMUP seconds of the same load.
# Environment: DURATION WARMUP JIT_WARMUP ROUNDS CONNECTIONS WRK_THREADS UDP_SOCKETS UDP_IN_FLIGHT UDP_THREADS
#              HALF_RATE (override the fixed rate)  SKIP_BUILD=1  BUILD_SERVICE=1  KEEP=1 (keep the work dir)
#              ONLY="opentracker memory redis" (the trackers to run)  SERVICE_JAVA_OPTS (e.g. -Xmx1g)
set -euo pipefail

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
JIT_WARMUP=${JIT_WARMUP:-30}
ROUNDS=${ROUNDS:-1}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
UDP_SOCKETS=${UDP_SOCKETS:-16}
UDP_IN_FLIGHT=${UDP_IN_FLIGHT:-8}
UDP_THREADS=${UDP_THREADS:-1}
ONLY=${ONLY:-"opentracker memory redis"}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
SERVICE_JAR=$ROOT/tracker-service/target/quarkus-app/quarkus-run.jar
LUA=$ROOT/bench/tracker/announce.lua
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[tracker-bench] %s\n' "$*" >&2; }

require_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v opentracker >/dev/null || missing+=(opentracker)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
      log "installing ${missing[*]}"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      log "missing: apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
}

build() {
  if [[ ${SKIP_BUILD:-0} == 1 && -f $BENCH_JAR ]]; then
    return
  fi
  log "building bench/ (and protocol/)"
  (cd "$ROOT" && { ./mvnw -o -q -pl bench -am package -DskipTests || ./mvnw -q -pl bench -am package -DskipTests; })
  if [[ ${BUILD_SERVICE:-0} == 1 ]]; then
    log "building tracker-service/"
    (cd "$ROOT" && ./mvnw -q -pl tracker-service -am package -DskipTests)
  fi
}

# A port free for both TCP and UDP on 127.0.0.1, below the ephemeral range, not 6969 nor 6379.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 12000))
    if [[ -z $(ss -Htuan "( sport = :$port )") ]] && [[ ! " ${USED_PORTS:-} " == *" $port "* ]]; then
      USED_PORTS="${USED_PORTS:-} $port"
      echo "$port"
      return
    fi
  done
}

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP:-0} != 1 && -n ${WORK:-} ]]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

# field NAME LINE: the value of NAME=... in a BQ-* line
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

wait_http() { # NAME PORT PID
  local i
  for i in $(seq 1 120); do
    if ! kill -0 "$3" 2>/dev/null; then
      log "$1 exited; its log:"; tail -20 "$WORK/$1.log" >&2; return 1
    fi
    if curl -s -o /dev/null "http://127.0.0.1:$2/announce"; then
      return 0
    fi
    sleep 0.5
  done
  log "$1 did not answer on port $2"; return 1
}

preflight() { # NAME HTTP_PORT: one announce must return peers, not a failure
  local hash body
  hash=$(head -1 "$WHITELIST" | sed 's/../%&/g')
  body=$(curl -s -H 'Connection: close' "http://127.0.0.1:$2/announce?info_hash=$hash&peer_id=-BQ0100-preflight000&port=6881&uploaded=0&downloaded=0&left=1&compact=1&numwant=50&event=started" | tr -d '\0' | head -c 300)
  if [[ $body != *"5:peers"* || $body == *"failure reason"* ]]; then
    log "$1 preflight announce failed: $body"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------------
require_tools
build
WORK=$(mktemp -d /tmp/bitquark-bench-XXXXXX)
chmod 755 "$WORK"
WHITELIST=$WORK/whitelist
# The 1000 swarms: SHA-1 of "bitquark-bench-swarm-<i>", i = 0..999 (perl is in every Debian; the loop is the fallback).
perl -MDigest::SHA=sha1_hex -e 'print sha1_hex("bitquark-bench-swarm-$_"), "\n" for 0..999' >"$WHITELIST" 2>/dev/null ||
  for i in $(seq 0 999); do printf 'bitquark-bench-swarm-%d' "$i" | sha1sum | cut -c1-40; done >"$WHITELIST"
chmod 644 "$WHITELIST"
RESULTS=$WORK/results.tsv
: >"$RESULTS"

declare -A HTTP_PORT UDP_PORT CPU_PIDS
TRACKERS=()

if [[ " $ONLY " == *" opentracker "* ]]; then
  HTTP_PORT[opentracker]=$(free_port)
  UDP_PORT[opentracker]=$(free_port)
  # Debian's opentracker is whitelist-only; it drops to nobody, hence the world-readable work dir.
  (cd "$WORK" && exec opentracker -i 127.0.0.1 -p "${HTTP_PORT[opentracker]}" -P "${UDP_PORT[opentracker]}" \
    -w "$WHITELIST") >"$WORK/opentracker.log" 2>&1 &
  PIDS+=($!)
  CPU_PIDS[opentracker]=$!
  wait_http opentracker "${HTTP_PORT[opentracker]}" "$!"
  preflight opentracker "${HTTP_PORT[opentracker]}"
  TRACKERS+=(opentracker)
fi

SERVICE_MISSING=0
if [[ ! -f $SERVICE_JAR ]]; then
  SERVICE_MISSING=1
  log "no $SERVICE_JAR: benchmarking opentracker only (tracker-service rows are pending)"
else
  start_service() { # STORE [REDIS_PID]
    local name=$1 http udp pid
    http=$(free_port)
    udp=$(free_port)
    local redis_hosts=()
    if [[ $1 == redis ]]; then
      redis_hosts=("-Dquarkus.redis.hosts=redis://127.0.0.1:$REDIS_PORT")
    fi
    java $SERVICE_JAVA_OPTS -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http" \
      -Dbitquark.tracker.udp.host=127.0.0.1 -Dbitquark.tracker.udp.port="$udp" -Dbitquark.tracker.store="$1" \
      "${redis_hosts[@]}" -Dbitquark.tracker.access-log=false -Dbitquark.tracker.allowlist.enabled=false \
      -jar "$SERVICE_JAR" >"$WORK/$name.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    HTTP_PORT[$name]=$http
    UDP_PORT[$name]=$udp
    CPU_PIDS[$name]="$pid ${2:-}"
    wait_http "$name" "$http" "$pid"
    preflight "$name" "$http"
    TRACKERS+=("$name")
  }
  if [[ " $ONLY " == *" memory "* ]]; then
    start_service memory
  fi
  if [[ " $ONLY " == *" redis "* ]]; then
    REDIS_PORT=$(free_port)
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$WORK/redis-server.log" 2>&1 &
    REDIS_PID=$!
    PIDS+=("$REDIS_PID")
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
    start_service redis "$REDIS_PID"
  fi
fi

run_http_max() { # TRACKER ROUND
  local t=$1 port=${HTTP_PORT[$1]} before after line
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$LUA" "http://127.0.0.1:$port" -- "$WHITELIST" >/dev/null
  before=$(cpu_ticks ${CPU_PIDS[$t]})
  line=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "http://127.0.0.1:$port" \
    -- "$WHITELIST" | tee -a "$WORK/$t.wrk.txt" | grep '^BQ-HTTP')
  after=$(cpu_ticks ${CPU_PIDS[$t]})
  local n us
  n=$(field responses "$line")
  us=$(field duration_us "$line")
  printf '%s\thttp\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$2" \
    "$(awk -v n="$n" -v us="$us" 'BEGIN{printf "%.0f", n / (us / 1e6)}')" \
    "$(field p50_us "$line")" "$(field p99_us "$line")" \
    "$(($(field failures "$line") + $(field connect_errors "$line") + $(field timeouts "$line")))" \
    "$(awk -v t=$((after - before)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", n ? t / hz / n * 1e5 : 0}')" \
    >>"$RESULTS"
  log "$t http round $2: $line"
}

run_udp_max() { # TRACKER ROUND
  local t=$1 line n
  line=$(java -cp "$BENCH_JAR" io.bitquark.bench.tracker.UdpLoad --port "${UDP_PORT[$t]}" --info-hashes "$WHITELIST" \
    --duration "$DURATION" --warmup "$WARMUP" --sockets "$UDP_SOCKETS" --in-flight "$UDP_IN_FLIGHT" \
    --threads "$UDP_THREADS" --full-decode false --cpu-pids "${CPU_PIDS[$t]}" | grep '^BQ-UDP')
  n=$(field responses "$line")
  printf '%s\tudp\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$2" "$(field rate "$line")" \
    "$(field p50_us "$line")" "$(field p99_us "$line")" \
    "$(($(field errors "$line") + $(field timeouts "$line")))" \
    "$(awk -v s="$(field target_cpu_s "$line")" -v n="$n" 'BEGIN{printf "%.2f", n ? s / n * 1e5 : 0}')" >>"$RESULTS"
  log "$t udp round $2: $line"
}

run_http_fixed() { # TRACKER RATE
  local t=$1 line
  line=$(java -cp "$BENCH_JAR" io.bitquark.bench.tracker.HttpRateLoad --port "${HTTP_PORT[$t]}" \
    --info-hashes "$WHITELIST" --rate "$2" --duration "$DURATION" --warmup "$WARMUP" | grep '^BQ-HTTP-RATE')
  printf '%s\thttp-fixed\t1\t%s\t%s\t%s\t%s\t-\t%s\n' "$t" "$(field rate "$line")" "$(field p50_us "$line")" \
    "$(field p99_us "$line")" "$(($(field failures "$line") + $(field errors "$line") + $(field timeouts "$line")))" \
    "$(awk -v l="$(field late_starts "$line")" -v r="$2" -v d="$DURATION" -v w="$WARMUP" \
      'BEGIN{printf "%.0f", 100 * l / (r * (d + w))}')" >>"$RESULTS"
  log "$t http fixed $2/s: $line"
}

# Unmeasured warm-up of every tracker (the JVM's JIT needs tens of seconds under load; opentracker gets
# the same for symmetry).
for t in "${TRACKERS[@]}"; do
  log "warming up $t for ${JIT_WARMUP}s HTTP + ${JIT_WARMUP}s UDP"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${JIT_WARMUP}s" -s "$LUA" "http://127.0.0.1:${HTTP_PORT[$t]}" \
    -- "$WHITELIST" >/dev/null
  java -cp "$BENCH_JAR" io.bitquark.bench.tracker.UdpLoad --port "${UDP_PORT[$t]}" --info-hashes "$WHITELIST" \
    --duration "$JIT_WARMUP" --warmup 0 --full-decode false >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  for t in "${TRACKERS[@]}"; do
    run_http_max "$t" "$round"
    run_udp_max "$t" "$round"
  done
done

median() { # TRACKER KIND COLUMN
  awk -F'\t' -v t="$1" -v k="$2" -v c="$3" '$1 == t && $2 == k {print $c}' "$RESULTS" | sort -g |
    awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

OT_HTTP=$(median opentracker http 4)
OT_UDP=$(median opentracker udp 4)
HALF_RATE=${HALF_RATE:-$(awk -v r="$OT_HTTP" 'BEGIN{ if (r == "-") print 2000; else printf "%.0f", r / 2 }')}
for t in "${TRACKERS[@]}"; do
  run_http_fixed "$t" "$HALF_RATE"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
ms() { awk -v u="$1" 'BEGIN{ if (u == "-") print "-"; else printf "%.2f", u / 1000 }'; }
# The median over rounds of TRACKER's COLUMN divided by opentracker's in the same round: paired, so that
# other load on a shared machine, which drifts between rounds, cancels out as far as it can.
paired_ratio() { # TRACKER KIND COLUMN
  awk -F'\t' -v t="$1" -v k="$2" -v c="$3" '
    $2 == k && $1 == "opentracker" {base[$3] = $c}
    $2 == k && $1 == t {value[$3] = $c}
    END {for (r in value) if (base[r] > 0) printf "%.4f\n", value[r] / base[r]}' "$RESULTS" | sort -g |
    awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2];
      else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo
echo "Tracker benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "HTTP max: wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, Connection: close; UDP max: $UDP_SOCKETS sockets x $UDP_IN_FLIGHT in flight;" \
  "HTTP fixed: $HALF_RATE/s (half of opentracker's HTTP rate), open loop, timeouts (5 s) count in p99; rounds: $ROUNDS"
echo "medians over rounds; x OT = median of the per-round ratios to opentracker; CPU includes redis-server for redis"
printf '%-12s %-10s %11s %6s %8s %9s %7s %10s %7s %6s\n' tracker load "announces/s" "x OT" "p50 ms" "p99 ms" errors \
  "CPU s/100k" "CPU xOT" "late%"
for kind in http http-fixed udp; do
  for t in opentracker memory redis; do
    if [[ " ${TRACKERS[*]} " != *" $t "* ]]; then
      if [[ $t != opentracker && $SERVICE_MISSING == 1 ]]; then
        printf '%-12s %-10s %11s\n' "$t" "$kind" pending
      fi
      continue
    fi
    if [[ $kind == http-fixed ]]; then
      x=-; cpu_x=-
      late=$(awk -F'\t' -v t="$t" '$1 == t && $2 == "http-fixed" {print $9}' "$RESULTS")
    else
      x=$(paired_ratio "$t" "$kind" 4); cpu_x=$(paired_ratio "$t" "$kind" 8); late=-
    fi
    printf '%-12s %-10s %11s %6s %8s %9s %7s %10s %7s %6s\n' "$t" "$kind" "$(median "$t" "$kind" 4)" "$x" \
      "$(ms "$(median "$t" "$kind" 5)")" "$(ms "$(median "$t" "$kind" 6)")" "$(median "$t" "$kind" 7)" \
      "$(median "$t" "$kind" 8)" "$cpu_x" "$late"
  done
done
if [[ $SERVICE_MISSING == 1 ]]; then
  echo "tracker-service: pending (no $SERVICE_JAR at this run)"
fi
echo "raw results: $RESULTS$([[ ${KEEP:-0} == 1 ]] || echo ' (removed; KEEP=1 keeps it)')"

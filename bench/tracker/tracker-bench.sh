#!/usr/bin/env bash
# Side-by-side tracker benchmark (issue 3): tracker-service (in-memory store, Redis store) against Debian's
# opentracker, one core against one core, interleaved, with the same work on both sides; one table of
# ratios to opentracker at the end, and the command that reproduces it.
#
#   bench/tracker/tracker-bench.sh                                    # the full run, about 35 minutes
#   WARMUP=3 DURATION=3 ROUNDS=1 bench/tracker/tracker-bench.sh       # a smoke run, about 3 minutes
#   SECTIONS=pinned ONLY="opentracker memory" bench/tracker/tracker-bench.sh
#
# Sections (SECTIONS="pinned unpinned"):
#   pinned    each tracker on CPU $TRACKER_CPU (taskset; tracker-service with its redis-server), each load
#             generator on CPU $LOAD_CPU. tracker-service runs with one Vert.x event loop
#             (-Dquarkus.vertx.event-loops-pool-size=1) and -XX:ActiveProcessorCount=1, which is what the
#             JVM already sees under taskset (it sizes itself from sched_getaffinity): Serial GC, one GC
#             thread. The announce path never leaves the event loop (HTTP resources return Uni, UDP and the
#             Redis client run on it), so the worker pool is left at its defaults; the per-thread CPU
#             printed after the table shows where the time went.
#   unpinned  the same trackers, tracker-service with 2 event loops, and the generators, all free to use both
#             cores (the JVM's own choices: G1). Throughput loads only.
#
# The trackers (ONLY="opentracker memory redis"): opentracker -w whitelist; tracker-service with
# bitquark.tracker.allowlist.enabled=true and the same 1000 info-hashes PUT through /api/allowlist/{hash},
# store memory or redis (each Redis-store instance with a redis-server of its own), access log off. The
# pinned section also runs memory+log and redis+log, the same with -Dbitquark.tracker.access-log=true,
# for a second HTTP figure (ACCESS_LOG=0 skips them). Before the rounds, every tracker must answer an
# allowlisted announce with peers and refuse one that is not allowlisted.
#
# Loads, the same for every tracker (1000 swarms, numwant 50, one in five a seeder, one in ten
# event=started; every body checked: status 200, no failure reason, a peers key, at most numwant peers):
# "no peer %" counts the answers with an empty peer list apart from the errors: opentracker lists the
# announcing peer itself, tracker-service leaves it out, so only ours answers a swarm's first peer so.
#   HTTP max    wrk -t$WRK_THREADS -c$CONNECTIONS, announce.lua: a fresh connection per request (opentracker
#               closes each one), uniformly random swarms
#   UDP max     UdpLoad, BEP 15, $UDP_SOCKETS sockets x $UDP_IN_FLIGHT in flight, Zipf(1) swarms
#   HTTP @ R/s  HttpRateLoad, open loop at half of opentracker's median HTTP max rate (pinned only)
#   UDP @ R/s   UdpLoad --rate, open loop at half of opentracker's median UDP max rate (pinned only)
# Each tracker first gets WARMUP seconds of HTTP and of UDP load, unmeasured. Then ROUNDS rounds of the max
# loads, each round running every tracker in turn (the starting tracker rotates), then ROUNDS rounds of the
# fixed-rate loads the same way. Every measured load lasts DURATION seconds (UdpLoad and HttpRateLoad run
# SETTLE more seconds first, unmeasured). /proc/loadavg is read at the end of each measurement.
# CPU s/100k: utime+stime of the tracker (plus its redis-server) over the measured window, from
# /proc/<pid>/stat, per 100,000 answered announces.
#
# Environment: ROUNDS=3 DURATION=20 WARMUP=30 SETTLE=2 SECTIONS ONLY ACCESS_LOG=1 FIXED_RATE=1
#              TRACKER_CPU=0 LOAD_CPU=1 CONNECTIONS=32 WRK_THREADS=1 UDP_SOCKETS=16 UDP_IN_FLIGHT=8
#              UDP_RATE_IN_FLIGHT=64 HALF_HTTP_RATE HALF_UDP_RATE (override the fixed rates)
#              SERVICE_JAVA_OPTS (added to every tracker-service JVM) SKIP_BUILD=1 KEEP=1 (keep the work dir)
# Builds bench/ and tracker-service/ offline first (./mvnw -o -pl tracker-service,bench -am package).
# Everything binds 127.0.0.1 on free ports; nothing uses 6969 or 6379.
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
SETTLE=${SETTLE:-2}
SECTIONS=${SECTIONS:-"pinned unpinned"}
ONLY=${ONLY:-"opentracker memory redis"}
ACCESS_LOG=${ACCESS_LOG:-1}
FIXED_RATE=${FIXED_RATE:-1}
TRACKER_CPU=${TRACKER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
UDP_SOCKETS=${UDP_SOCKETS:-16}
UDP_IN_FLIGHT=${UDP_IN_FLIGHT:-8}
UDP_RATE_IN_FLIGHT=${UDP_RATE_IN_FLIGHT:-64}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
SERVICE_JAR=$ROOT/tracker-service/target/quarkus-app/quarkus-run.jar
LUA=$ROOT/bench/tracker/announce.lua
SUMMARY=$ROOT/bench/tracker/summary.awk
CLK_TCK=$(getconf CLK_TCK)
STARTED_AT=$(date -u +%Y-%m-%dT%H:%MZ)

log() { printf '[tracker-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

require_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v opentracker >/dev/null || missing+=(opentracker)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v curl >/dev/null || missing+=(curl)
  command -v taskset >/dev/null || missing+=(util-linux)
  if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
      log "installing ${missing[*]}"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      log "missing: apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
  if [[ " $SECTIONS " == *" pinned "* ]] && (($(nproc) < 2)); then
    log "the pinned section needs 2 cores (tracker on CPU $TRACKER_CPU, load on CPU $LOAD_CPU)"
    exit 1
  fi
}

build() {
  if [[ ${SKIP_BUILD:-0} == 1 && -f $BENCH_JAR && -f $SERVICE_JAR ]]; then
    return
  fi
  log "building tracker-service/ and bench/ (offline)"
  (cd "$ROOT" && ./mvnw -B -o -q -pl tracker-service,bench -am package -DskipTests)
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
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ ${KEEP:-0} != 1 && -n ${WORK:-} ]]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# utime + stime of /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat, in clock ticks (fields 14 and 15;
# counted after the ")" that ends the command name, which may hold spaces).
stat_ticks() { sed 's/.*) //' "$1" | awk '{print $12 + $13}'; }

cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(stat_ticks "/proc/$pid/stat")))
  done
  echo "$total"
}

loadavg1() { cut -d' ' -f1 /proc/loadavg; }

# field NAME LINE: the value of NAME=... in a BQ-* line
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

# The prefix that pins a tracker or a generator in the current section (nothing when unpinned).
on_tracker_cpu() { [[ $SECTION == pinned ]] && echo "taskset -c $TRACKER_CPU"; true; }
on_load_cpu() { [[ $SECTION == pinned ]] && echo "taskset -c $LOAD_CPU"; true; }

wait_http() { # NAME PORT PID
  local i
  for i in $(seq 1 240); do
    if ! kill -0 "$3" 2>/dev/null; then
      log "$1 exited; its log:"; tail -20 "$WORK/$SECTION-$1.log" >&2; return 1
    fi
    if curl -s -o /dev/null "http://127.0.0.1:$2/announce"; then
      return 0
    fi
    sleep 0.5
  done
  log "$1 did not answer on port $2"; return 1
}

announce_body() { # PORT HEX
  curl -s -H 'Connection: close' "http://127.0.0.1:$1/announce?info_hash=$(sed 's/../%&/g' <<<"$2")&peer_id=-BQ0100-preflight000&port=6881&uploaded=0&downloaded=0&left=1&compact=1&numwant=50&event=started" |
    tr -d '\0' | head -c 300
}

# An allowlisted swarm must be served (a peers key, no failure), another refused: the allowlist is on.
preflight() { # NAME HTTP_PORT
  local body
  body=$(announce_body "$2" "$(head -1 "$WHITELIST")")
  if [[ $body != *"5:peers"* || $body == *"failure reason"* ]]; then
    log "$1 preflight announce failed: $body"
    return 1
  fi
  body=$(announce_body "$2" "$(printf 'not-on-the-whitelist' | sha1sum | cut -c1-40)")
  if [[ $body != *"failure reason"* ]]; then
    log "$1 served a swarm that is not on its allowlist: $body"
    return 1
  fi
}

# tracker-service's allowlist: PUT /api/allowlist/{hash} for every benchmark swarm, in one curl.
allowlist_service() { # NAME HTTP_PORT
  local config=$WORK/allowlist-$2.curl codes listed
  while read -r hash; do
    printf 'url = "http://127.0.0.1:%s/api/allowlist/%s"\noutput = "/dev/null"\n' "$2" "$hash"
  done <"$WHITELIST" >"$config"
  codes=$(curl -s -X PUT -H 'Content-Type: application/json' -d '{}' -w '%{http_code}\n' -K "$config" | sort | uniq -c | tr -s ' ')
  listed=$(curl -s "http://127.0.0.1:$2/api/allowlist" | grep -o '"[0-9a-f]\{40\}"' | wc -l)
  if [[ $listed != "$(wc -l <"$WHITELIST")" ]]; then
    log "$1: the allowlist holds $listed info-hashes after the PUTs (answers:$codes)"
    return 1
  fi
}

start_opentracker() {
  local name=opentracker http udp pid
  http=$(free_port)
  udp=$(free_port)
  # Debian's opentracker is whitelist-only; it drops to nobody, hence the world-readable work dir.
  local cmd="$(on_tracker_cpu) opentracker -i 127.0.0.1 -p $http -P $udp -w $WHITELIST"
  (cd "$WORK" && exec $cmd) >"$WORK/$SECTION-$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  echo "$SECTION $name: $cmd" | tr -s ' ' >>"$WORK/commands.txt"
  HTTP_PORT[$name]=$http
  UDP_PORT[$name]=$udp
  CPU_PIDS[$name]=$pid
  MAIN_PID[$name]=$pid
  wait_http "$name" "$http" "$pid"
  preflight "$name" "$http"
  TRACKERS+=("$name")
}

start_redis() { # prints the pid and port as "PID PORT"
  local port pid
  port=$(free_port)
  $(on_tracker_cpu) redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    >"$WORK/$SECTION-redis-$port.log" 2>&1 &
  pid=$!
  echo "$SECTION redis-server: $(on_tracker_cpu) redis-server --bind 127.0.0.1 --port $port --save '' --appendonly no" |
    tr -s ' ' >>"$WORK/commands.txt"
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
  echo "$pid $port"
}

start_service() { # NAME STORE ACCESS_LOG
  local name=$1 store=$2 access_log=$3 http udp pid redis_pid='' loops=2 jvm=''
  http=$(free_port)
  udp=$(free_port)
  local redis_opt=''
  if [[ $store == redis ]]; then
    local r
    r=$(start_redis)
    redis_pid=${r% *}
    PIDS+=("$redis_pid")
    redis_opt="-Dquarkus.redis.hosts=redis://127.0.0.1:${r#* }"
  fi
  if [[ $SECTION == pinned ]]; then
    loops=1
    jvm=-XX:ActiveProcessorCount=1
  fi
  local cmd="$(on_tracker_cpu) java $jvm $SERVICE_JAVA_OPTS -Dquarkus.vertx.event-loops-pool-size=$loops"
  cmd+=" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$http -Dbitquark.tracker.udp.host=127.0.0.1"
  cmd+=" -Dbitquark.tracker.udp.port=$udp -Dbitquark.tracker.store=$store $redis_opt"
  cmd+=" -Dbitquark.tracker.access-log=$access_log -Dbitquark.tracker.allowlist.enabled=true -jar $SERVICE_JAR"
  $cmd >"$WORK/$SECTION-$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  echo "$SECTION $name: $cmd" | tr -s ' ' >>"$WORK/commands.txt"
  HTTP_PORT[$name]=$http
  UDP_PORT[$name]=$udp
  CPU_PIDS[$name]="$pid $redis_pid"
  MAIN_PID[$name]=$pid
  wait_http "$name" "$http" "$pid"
  allowlist_service "$name" "$http"
  preflight "$name" "$http"
  TRACKERS+=("$name")
}

stop_section() {
  local t pid
  for t in "${TRACKERS[@]}"; do
    for pid in ${CPU_PIDS[$t]}; do kill "$pid" 2>/dev/null || true; done
  done
  for t in "${TRACKERS[@]}"; do
    for pid in ${CPU_PIDS[$t]}; do wait "$pid" 2>/dev/null || true; done
  done
}

# row SECTION TRACKER LOAD ROUND RATE P50_US P99_US ERRORS CPU_PER_100K LATE_PCT RESPONSES TARGET_RATE EMPTY
# (the columns of results.tsv are described in summary.awk)
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" \
    "$(loadavg1)" "${10}" "${11}" "${12}" "${13}" >>"$RESULTS"
}

per_100k() { awk -v s="$1" -v n="$2" 'BEGIN{ if (n > 0) printf "%.2f", s / n * 1e5; else print "-" }'; }

wrk_load() { # TRACKER SECONDS [--latency]
  $(on_load_cpu) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${2}s" ${3:-} -s "$LUA" \
    "http://127.0.0.1:${HTTP_PORT[$1]}" -- "$WHITELIST"
}

udp_load() { # TRACKER SECONDS SETTLE [extra UdpLoad options]
  local t=$1 seconds=$2 settle=$3
  shift 3
  $(on_load_cpu) java -cp "$BENCH_JAR" io.bitquark.bench.tracker.UdpLoad --port "${UDP_PORT[$t]}" \
    --info-hashes "$WHITELIST" --duration "$seconds" --warmup "$settle" --sockets "$UDP_SOCKETS" \
    --numwant 50 --full-decode false --cpu-pids "${CPU_PIDS[$t]}" "$@"
}

run_http_max() { # TRACKER ROUND
  local t=$1 before after line n
  before=$(cpu_ticks ${CPU_PIDS[$t]})
  line=$(wrk_load "$t" "$DURATION" --latency | tee -a "$WORK/$SECTION-$t.wrk.txt" | grep '^BQ-HTTP')
  after=$(cpu_ticks ${CPU_PIDS[$t]})
  n=$(field responses "$line")
  row "$SECTION" "$t" http "$2" \
    "$(awk -v n="$n" -v us="$(field duration_us "$line")" 'BEGIN{printf "%.0f", n / (us / 1e6)}')" \
    "$(field p50_us "$line")" "$(field p99_us "$line")" \
    "$(($(field failures "$line") + $(field connect_errors "$line") + $(field timeouts "$line")))" \
    "$(per_100k "$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN{print t / hz}')" "$n")" - "$n" - \
    "$(field empty "$line")"
  log "$SECTION $t HTTP max, round $2: $line"
}

run_udp_max() { # TRACKER ROUND
  local t=$1 line
  line=$(udp_load "$t" "$DURATION" "$SETTLE" --in-flight "$UDP_IN_FLIGHT" | grep '^BQ-UDP')
  row "$SECTION" "$t" udp "$2" "$(field rate "$line")" "$(field p50_us "$line")" "$(field p99_us "$line")" \
    "$(($(field errors "$line") + $(field timeouts "$line")))" \
    "$(per_100k "$(field target_cpu_s "$line")" "$(field responses "$line")")" - "$(field responses "$line")" - \
    "$(field empty "$line")"
  log "$SECTION $t UDP max, round $2: $line"
}

run_http_rate() { # TRACKER ROUND RATE
  local t=$1 line
  line=$($(on_load_cpu) java -cp "$BENCH_JAR" io.bitquark.bench.tracker.HttpRateLoad --port "${HTTP_PORT[$t]}" \
    --info-hashes "$WHITELIST" --rate "$3" --duration "$DURATION" --warmup "$SETTLE" \
    --cpu-pids "${CPU_PIDS[$t]}" | grep '^BQ-HTTP-RATE')
  row "$SECTION" "$t" http-rate "$2" "$(field rate "$line")" "$(field p50_us "$line")" "$(field p99_us "$line")" \
    "$(($(field failures "$line") + $(field errors "$line") + $(field timeouts "$line")))" \
    "$(per_100k "$(field target_cpu_s "$line")" "$(field responses "$line")")" \
    "$(awk -v l="$(field late_starts "$line")" -v r="$3" -v d="$((DURATION + SETTLE))" \
      'BEGIN{printf "%.0f", 100 * l / (r * d)}')" "$(field responses "$line")" "$3" "$(field empty "$line")"
  log "$SECTION $t HTTP at $3/s, round $2: $line"
}

run_udp_rate() { # TRACKER ROUND RATE
  local t=$1 line
  line=$(udp_load "$t" "$DURATION" "$SETTLE" --in-flight "$UDP_RATE_IN_FLIGHT" --rate "$3" | grep '^BQ-UDP')
  row "$SECTION" "$t" udp-rate "$2" "$(field rate "$line")" "$(field p50_us "$line")" "$(field p99_us "$line")" \
    "$(($(field errors "$line") + $(field timeouts "$line")))" \
    "$(per_100k "$(field target_cpu_s "$line")" "$(field responses "$line")")" \
    "$(awk -v l="$(field late_starts "$line")" -v r="$3" -v d="$DURATION" 'BEGIN{printf "%.0f", 100 * l / (r * d)}')" \
    "$(field responses "$line")" "$3" "$(field empty "$line")"
  log "$SECTION $t UDP at $3/s, round $2: $line"
}

median_of() { # SECTION TRACKER LOAD COLUMN
  awk -F'\t' -v s="$1" -v t="$2" -v k="$3" -v c="$4" '$1 == s && $2 == t && $3 == k {print $c}' "$RESULTS" |
    sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
      else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# Each round runs every tracker once, starting one further along the list each round.
rotated() { # ROUND
  local n=${#TRACKERS[@]} i
  for ((i = 0; i < n; i++)); do echo "${TRACKERS[$(((i + $1 - 1) % n))]}"; done
}

# Per-thread CPU seconds of a process, the busiest first: where a tracker's time went.
thread_cpu() { # PID
  local task
  for task in /proc/"$1"/task/*; do
    awk -v t="$(stat_ticks "$task/stat")" -v hz="$CLK_TCK" -v name="$(cat "$task/comm")" \
      'BEGIN{printf "%.2f %s\n", t / hz, name}'
  done | sort -rg | awk '$1 > 0' | head -6 | paste -sd, | sed 's/,/, /g'
}

run_section() {
  declare -gA HTTP_PORT UDP_PORT CPU_PIDS MAIN_PID
  TRACKERS=()
  log "section $SECTION: starting the trackers"
  if [[ " $ONLY " == *" opentracker "* ]]; then start_opentracker; fi
  if [[ " $ONLY " == *" memory "* ]]; then start_service memory memory false; fi
  if [[ " $ONLY " == *" redis "* ]]; then start_service redis redis false; fi
  if [[ $SECTION == pinned && $ACCESS_LOG == 1 ]]; then
    if [[ " $ONLY " == *" memory "* ]]; then start_service memory+log memory true; fi
    if [[ " $ONLY " == *" redis "* ]]; then start_service redis+log redis true; fi
  fi

  local t round
  for t in "${TRACKERS[@]}"; do
    log "$SECTION: warming up $t, ${WARMUP}s HTTP$([[ $t == *+log ]] || echo " then ${WARMUP}s UDP")"
    wrk_load "$t" "$WARMUP" >/dev/null
    if [[ $t != *+log ]]; then udp_load "$t" "$WARMUP" 0 --in-flight "$UDP_IN_FLIGHT" >/dev/null; fi
  done
  for round in $(seq 1 "$ROUNDS"); do
    for t in $(rotated "$round"); do
      run_http_max "$t" "$round"
      if [[ $t != *+log ]]; then run_udp_max "$t" "$round"; fi
    done
  done

  if [[ $SECTION == pinned && $FIXED_RATE == 1 ]]; then
    local ot_http ot_udp
    ot_http=$(median_of pinned opentracker http 5)
    ot_udp=$(median_of pinned opentracker udp 5)
    HALF_HTTP=${HALF_HTTP_RATE:-$(awk -v r="$ot_http" 'BEGIN{ if (r == "-") print 2000; else printf "%.0f", r / 2 }')}
    HALF_UDP=${HALF_UDP_RATE:-$(awk -v r="$ot_udp" 'BEGIN{ if (r == "-") print 10000; else printf "%.0f", r / 2 }')}
    for round in $(seq 1 "$ROUNDS"); do
      for t in $(rotated "$round"); do
        if [[ $t == *+log ]]; then continue; fi
        run_http_rate "$t" "$round" "$HALF_HTTP"
        run_udp_rate "$t" "$round" "$HALF_UDP"
      done
    done
  fi

  for t in "${TRACKERS[@]}"; do
    echo "$SECTION $t: $(thread_cpu "${MAIN_PID[$t]}")" >>"$WORK/threads.txt"
  done
  stop_section
}

# ---------------------------------------------------------------------------------------------------
require_tools
build
if [[ ! -f $SERVICE_JAR && " $ONLY " != " opentracker " ]]; then
  log "no $SERVICE_JAR after the build"
  exit 1
fi
WORK=$(mktemp -d /tmp/bitquark-bench-XXXXXX)
chmod 755 "$WORK"
WHITELIST=$WORK/whitelist
# The 1000 swarms: SHA-1 of "bitquark-bench-swarm-<i>", i = 0..999 (perl is in every Debian; the loop is the fallback).
perl -MDigest::SHA=sha1_hex -e 'print sha1_hex("bitquark-bench-swarm-$_"), "\n" for 0..999' >"$WHITELIST" 2>/dev/null ||
  for i in $(seq 0 999); do printf 'bitquark-bench-swarm-%d' "$i" | sha1sum | cut -c1-40; done >"$WHITELIST"
chmod 644 "$WHITELIST"
RESULTS=$WORK/results.tsv
: >"$RESULTS"
: >"$WORK/commands.txt"
: >"$WORK/threads.txt"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
HALF_HTTP=-
HALF_UDP=-

for SECTION in $SECTIONS; do
  run_section
done

GC_PINNED=$(taskset -c "$TRACKER_CPU" java -XX:ActiveProcessorCount=1 $SERVICE_JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null |
  awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" {print $2}' | paste -sd' ')
GC_FREE=$(java $SERVICE_JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null |
  awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" {print $2}' | paste -sd' ')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]]; then COMMIT+=" (with uncommitted changes)"; fi

echo
echo "Tracker benchmark, $STARTED_AT to $(date -u +%H:%MZ), commit $COMMIT, $(nproc) cores, load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "opentracker $(dpkg-query -W -f='${Version}' opentracker 2>/dev/null || echo '?'), $(java -version 2>&1 | head -1), redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'), wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?')"
echo "pinned: trackers (+ redis-server) on CPU $TRACKER_CPU, generators on CPU $LOAD_CPU, tracker-service 1 event loop, -XX:ActiveProcessorCount=1 ($GC_PINNED);" \
  "unpinned: tracker-service 2 event loops ($GC_FREE)"
echo "HTTP max: wrk -t$WRK_THREADS -c$CONNECTIONS, a new connection per request; UDP max: $UDP_SOCKETS sockets x $UDP_IN_FLIGHT in flight;" \
  "fixed rates: half of opentracker's median (HTTP $HALF_HTTP/s, UDP $HALF_UDP/s), open loop, latency from the due time," \
  "timeouts (HTTP 5 s, UDP 1 s) count in p99; 1000 swarms allowlisted, numwant 50"
echo "warm-up ${WARMUP}s HTTP + ${WARMUP}s UDP per tracker; $ROUNDS round(s) of ${DURATION}s per load, interleaved; medians over rounds, (min-max) spread;" \
  "x OT = median of the per-round ratios to opentracker (same section, same load; the +log rows against its HTTP max)"
echo "errors = failed checks (status, failure reason, no peers key, more than numwant) + connect errors + timeouts;" \
  "no peer % = answers with an empty peer list (opentracker lists the announcing peer itself, tracker-service leaves it out);" \
  "CPU = tracker + its redis-server"
echo
awk -F'\t' -f "$SUMMARY" "$RESULTS"
echo
echo "CPU seconds per thread over the whole run (busiest first):"
sed 's/^/  /' "$WORK/threads.txt"
echo "commands:"
sed 's/^/  /' "$WORK/commands.txt"
echo "reproduce: (cd $ROOT && git checkout ${COMMIT%% *} && ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP SETTLE=$SETTLE" \
  "SECTIONS=\"$SECTIONS\" ONLY=\"$ONLY\" ACCESS_LOG=$ACCESS_LOG FIXED_RATE=$FIXED_RATE CONNECTIONS=$CONNECTIONS" \
  "WRK_THREADS=$WRK_THREADS UDP_SOCKETS=$UDP_SOCKETS UDP_IN_FLIGHT=$UDP_IN_FLIGHT UDP_RATE_IN_FLIGHT=$UDP_RATE_IN_FLIGHT" \
  "${SERVICE_JAVA_OPTS:+SERVICE_JAVA_OPTS=\"$SERVICE_JAVA_OPTS\" }bench/tracker/tracker-bench.sh)"
echo "raw results: $RESULTS$([[ ${KEEP:-0} == 1 ]] || echo ' (removed; KEEP=1 keeps it)')"

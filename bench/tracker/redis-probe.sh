#!/usr/bin/env bash
# Redis scale and memory probe (issue 3): memory per peer and announce latency with 1k, 100k and 1M
# peers in ONE swarm, in a redis-server of its own on a free port.
#
#   bench/tracker/redis-probe.sh                 # MODE=auto: through the tracker when its jar exists
#   MODE=direct bench/tracker/redis-probe.sh     # load the tracker's layout straight into Redis
#   MODE=tracker SIZES=1000,100000 bench/tracker/redis-probe.sh
#
# MODE=tracker starts tracker-service (Redis store, allowlist off) and announces distinct peers to one
#   swarm over UDP (UdpLoad fill mode), reading used_memory from INFO memory before and after each size;
#   latency is that of 2000 re-announces, one at a time, through the tracker.
# MODE=direct writes the same hashes (6-byte identity -> 26-byte endpoint + peer id, one peer in five a
#   seeder, and the swarm's counters hash) with pipelined HSETs, and times the tracker's own
#   lua/announce.lua run with EVALSHA: the Redis side of an announce only, with the commands it runs.
#   IDENTITY_BYTES=8 stores the whole 8-byte identity instead, for comparison.
# Environment: MODE SIZES SAMPLES IDENTITY_BYTES SKIP_BUILD=1 KEEP=1
set -euo pipefail

MODE=${MODE:-auto}
SIZES=${SIZES:-1000,100000,1000000}
SAMPLES=${SAMPLES:-2000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
SERVICE_JAR=$ROOT/tracker-service/target/quarkus-app/quarkus-run.jar
SCRIPT=$ROOT/tracker-service/src/main/resources/lua/announce.lua

log() { printf '[redis-probe] %s\n' "$*" >&2; }

if [[ $MODE == auto ]]; then
  MODE=$([[ -f $SERVICE_JAR ]] && echo tracker || echo direct)
fi
if [[ ${SKIP_BUILD:-0} != 1 || ! -f $BENCH_JAR ]]; then
  (cd "$ROOT" && { ./mvnw -o -q -pl bench -am package -DskipTests || ./mvnw -q -pl bench -am package -DskipTests; })
fi

free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 12000))
    if [[ -z $(ss -Htuan "( sport = :$port )") && " ${USED_PORTS:-} " != *" $port "* ]]; then
      USED_PORTS="${USED_PORTS:-} $port"
      echo "$port"
      return
    fi
  done
}

PIDS=()
WORK=$(mktemp -d /tmp/bitquark-bench-XXXXXX)
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT

REDIS_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$WORK/redis-server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
echo "Redis probe, mode $MODE, $(date -u +%Y-%m-%dT%H:%MZ), $(redis-server --version | cut -d' ' -f3), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $MODE == direct ]]; then
  java -cp "$BENCH_JAR" io.bitquark.bench.tracker.RedisMemoryProbe --redis-port "$REDIS_PORT" --script "$SCRIPT" \
    --sizes "$SIZES" --samples "$SAMPLES" --identity-bytes "${IDENTITY_BYTES:-6}"
  exit 0
fi

if [[ ! -f $SERVICE_JAR ]]; then
  log "MODE=tracker needs $SERVICE_JAR"
  exit 1
fi
HTTP_PORT=$(free_port)
UDP_PORT=$(free_port)
java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$HTTP_PORT" -Dbitquark.tracker.udp.host=127.0.0.1 \
  -Dbitquark.tracker.udp.port="$UDP_PORT" -Dbitquark.tracker.store=redis \
  -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" -Dbitquark.tracker.access-log=false \
  -Dbitquark.tracker.allowlist.enabled=false -jar "$SERVICE_JAR" >"$WORK/tracker-service.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/announce" && break; sleep 0.5; done

used_memory() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | sed -n 's/^used_memory://p'; }
INFO_HASH=$(printf 'bitquark-bench-redis-probe' | sha1sum | cut -c1-40)
BASE=$(used_memory)
FROM=0
for size in ${SIZES//,/ }; do
  line=$(java -cp "$BENCH_JAR" io.bitquark.bench.tracker.UdpLoad --port "$UDP_PORT" --info-hash "$INFO_HASH" \
    --fill-from "$FROM" --fill-to "$size" --latency-samples "$SAMPLES" | grep '^BQ-FILL')
  used=$(used_memory)
  echo "BQ-REDIS-TRACKER peers=$size used_memory_growth=$((used - BASE))" \
    "bytes_per_peer=$(awk -v g=$((used - BASE)) -v n="$size" 'BEGIN{printf "%.1f", g / n}') ${line#BQ-FILL }"
  FROM=$size
done

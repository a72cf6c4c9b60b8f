#!/usr/bin/env bash
# Downloading throughput on loopback (issue 10), side by side in one run, alternating:
#   - BitQuark seeder-service (the packaged jar, announce off, -Xmx$XMX -XX:MaxDirectMemorySize=$DIRECT), given
#     the .torrent with download=true and the seed through POST /api/torrents/{id}/peers;
#   - python3-libtorrent 2.0.8 downloading the same torrent from the same seed (lt_leech.py: uTP off).
# The seed is libtorrent with high_performance_seed + seed_mode (bench/seeder/lt_seed.py), seeding SIZE_MIB
# (default 1024) MiB of random bytes in 1 MiB pieces from the page cache, pinned to CPU 1; each downloader is
# pinned to CPU 0 and writes into /dev/shm. An untimed libtorrent download first makes seed_mode verify every
# piece, so that every timed download finds the seed in its steady state.
# Per download: wall time from the peer given (BitQuark) or the process start (libtorrent) to completion, MiB/s,
# downloader CPU seconds per GiB, and RSS: BitQuark's VmRSS after the add and before the first piece, its peak
# (VmHWM) and the growth between them; libtorrent's peak (max RSS of the process).
# WARMUP=1 (the default) first downloads the torrent once, untimed, in the same BitQuark process and removes it
# with its data, so that the timed download runs on compiled code, as a long-running service does; WARMUP=0
# times a cold JVM's first download.
# Settings: SIZE_MIB, ROUNDS (3), XMX (512m), DIRECT (256m), WARMUP (1), SKIP_BUILD=1, KEEP_DIR=1, TMP_PARENT.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
PY=/usr/bin/python3
SIZE_MIB="${SIZE_MIB:-1024}"
ROUNDS="${ROUNDS:-3}"
XMX="${XMX:-512m}"
DIRECT="${DIRECT:-256m}"
WARMUP="${WARMUP:-1}"
LEECH="$repo/seeder-service/src/test/resources/interop/lt_leech.py"
JAR="$repo/seeder-service/target/quarkus-app/quarkus-run.jar"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -q -o package -DskipTests -pl seeder-service -am
fi

work="$(mktemp -d "${TMP_PARENT:-${TMPDIR:-/tmp}}/bitquark-download-bench.XXXXXX")"
shm="$(mktemp -d /dev/shm/bitquark-download-bench.XXXXXX)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do stop_pid "$p"; done
    rm -rf "$shm"
    if [ "${KEEP_DIR:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
stop_pid() {
    kill "$1" 2> /dev/null || return 0
    for _ in $(seq 1 100); do [ -d "/proc/$1" ] || return 0; sleep 0.1; done
    kill -9 "$1" 2> /dev/null || true
}
log() { echo "[$(date +%T) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_seconds() { awk -v t="$(getconf CLK_TCK)" '{print ($14+$15)/t}' "/proc/$1/stat"; }
status_kib() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }
wait_http() { for _ in $(seq 1 200); do curl -fs "$1" > /dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }

mkdir -p "$work/data"
log "writing ${SIZE_MIB} MiB of random content"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/data/big.bin"
mktorrent -l 20 -a http://127.0.0.1:9/announce -o "$work/big.torrent" "$work/data/big.bin" > /dev/null
cat "$work/data/big.bin" > /dev/null
id=$($PY -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$work/big.torrent")

seed_port=$(free_port)
fifo="$work/seed-fifo"
mkfifo "$fifo"
taskset -c 1 $PY "$repo/bench/seeder/lt_seed.py" "$work/big.torrent" "$work/data" "$seed_port" > "$fifo" &
seed_pid=$!
pids+=("$seed_pid")
read -r line < "$fifo"
[ "$line" = ready ] || { echo "libtorrent seed did not start" >&2; exit 1; }
log "seed on 127.0.0.1:$seed_port (CPU 1); untimed warm-up download"
mkdir -p "$shm/warm"
taskset -c 0 $PY "$LEECH" "$work/big.torrent" "$shm/warm" 900 "127.0.0.1:$seed_port" > /dev/null
rm -rf "$shm/warm"

results="$work/results.tsv"
: > "$results"

add_bitquark() { # $1 http port: adds the torrent to download and waits until it is downloading
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/x-bittorrent' --data-binary @"$work/big.torrent" \
        "http://127.0.0.1:$1/api/torrents?dataPath=big.bin&download=true"
    for _ in $(seq 1 600); do
        curl -fs "http://127.0.0.1:$1/api/torrents/$id" | grep -q '"state":"downloading"' && return 0
        sleep 0.1
    done
    return 1
}
give_seed() {
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"peers\": [\"127.0.0.1:$seed_port\"]}" \
        "http://127.0.0.1:$1/api/torrents/$id/peers"
}
await_seeding() {
    for _ in $(seq 1 18000); do
        curl -fs "http://127.0.0.1:$1/api/torrents/$id" | grep -q '"state":"seeding"' && return 0
        sleep 0.05
    done
    return 1
}

download_bitquark() {
    local http peer state dir
    http=$(free_port); peer=$(free_port); state="$work/state-$RANDOM"; dir="$shm/bq"
    rm -rf "$dir"; mkdir -p "$dir"
    taskset -c 0 java -Xmx"$XMX" -XX:MaxDirectMemorySize="$DIRECT" -Dquarkus.http.port="$http" -Dquarkus.http.host=127.0.0.1 \
        -Dbitquark.seeder.data-root="$dir" -Dbitquark.seeder.state-dir="$state" \
        -Dbitquark.seeder.peer-port="$peer" -Dbitquark.seeder.peer-port-last="$peer" \
        -Dbitquark.seeder.announce.enabled=false -jar "$JAR" > "$state.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    wait_http "http://127.0.0.1:$http/q/health/ready"
    if [ "$WARMUP" = 1 ]; then
        add_bitquark "$http"
        give_seed "$http"
        await_seeding "$http" || { log "bitquark warm-up did not finish"; return 1; }
        curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:$http/api/torrents/$id?deleteData=true"
    fi
    add_bitquark "$http"
    sleep 1
    local rss0 cpu0 t0 t1 cpu1 hwm
    rss0=$(status_kib "$pid" VmRSS)
    cpu0=$(cpu_seconds "$pid")
    t0=$(date +%s.%N)
    give_seed "$http"
    local done=0
    await_seeding "$http" && done=1
    t1=$(date +%s.%N)
    cpu1=$(cpu_seconds "$pid")
    hwm=$(status_kib "$pid" VmHWM)
    local wasted; wasted=$(curl -fs "http://127.0.0.1:$http/api/torrents/$id" | sed -n 's/.*"wastedBytes":\([0-9]*\).*/\1/p')
    stop_pid "$pid"
    [ "$done" = 1 ] || { log "bitquark did not finish: $(tail -5 "$state.log")"; return 1; }
    cmp -s "$dir/big.bin" "$work/data/big.bin" || { log "bitquark's copy differs"; return 1; }
    rm -rf "$dir"
    echo -e "bitquark\t$t0\t$t1\t$cpu0\t$cpu1\t$rss0\t$hwm\t${wasted:-0}" >> "$results"
}

download_libtorrent() {
    local dir="$shm/lt"
    rm -rf "$dir"; mkdir -p "$dir"
    local t0 t1 out; t0=$(date +%s.%N)
    out=$( { taskset -c 0 /usr/bin/time -f "%U %S %M" $PY "$LEECH" "$work/big.torrent" "$dir" 900 "127.0.0.1:$seed_port" > /dev/null; } 2>&1 | tail -1)
    t1=$(date +%s.%N)
    cmp -s "$dir/big.bin" "$work/data/big.bin" || { log "libtorrent's copy differs"; return 1; }
    rm -rf "$dir"
    read -r user sys maxkib <<< "$out"
    echo -e "libtorrent\t$t0\t$t1\t0\t$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')\t0\t$maxkib\t0" >> "$results"
}

for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="bitquark libtorrent"; else order="libtorrent bitquark"; fi
    for s in $order; do
        "download_$s"
        log "round $round: $(tail -1 "$results" | cut -f1)"
    done
done

$PY - "$results" "$SIZE_MIB" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
size = int(sys.argv[2])
print("downloader\twall_s\tMiB_per_s\tcpu_s_per_GiB\trss_after_add_MiB\tpeak_rss_MiB\tgrowth_MiB\twasted_bytes")
by = {}
for name, t0, t1, c0, c1, rss0, hwm, wasted in rows:
    wall = float(t1) - float(t0)
    cpu = (float(c1) - float(c0)) / (size / 1024)
    rss0, hwm = int(rss0) // 1024, int(hwm) // 1024
    growth = hwm - rss0 if name == "bitquark" else 0
    by.setdefault(name, []).append((size / wall, cpu, hwm, growth))
    print("%s\t%.2f\t%.1f\t%.2f\t%s\t%d\t%s\t%s" % (name, wall, size / wall, cpu, rss0 if name == "bitquark" else "-", hwm,
          growth if name == "bitquark" else "-", wasted))
b, l = by.get("bitquark"), by.get("libtorrent")
if b and l:
    mb, ml = statistics.median(x[0] for x in b), statistics.median(x[0] for x in l)
    print("\nmedian MiB/s: bitquark %.1f, libtorrent %.1f, ratio %.2f (target >= 1.0)" % (mb, ml, mb / ml))
    print("median CPU s/GiB: bitquark %.2f, libtorrent %.2f" % (statistics.median(x[1] for x in b), statistics.median(x[1] for x in l)))
    print("bitquark RSS growth over the RSS after the add: max %d MiB (target <= 128)" % max(x[3] for x in b))
PY

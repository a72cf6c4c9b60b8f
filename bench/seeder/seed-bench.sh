#!/usr/bin/env bash
# Seeding throughput on loopback (issue 5), side by side in one run:
#   - BitQuark seeder-service (the packaged jar, announce off, default settings);
#   - libtorrent 2.0.8 seeding with high_performance_seed + seed_mode (bench/seeder/lt_seed.py);
# each seeding the same SIZE_MIB (default 1024) file with 1 MiB pieces, from the page cache.
# Leechers: python3-libtorrent (uTP off, several connections per IP), first LEECHERS_A (1), then LEECHERS_B (8) at
# once, each writing to /dev/shm. Per round and seeder: wall time until every leecher completed, MiB/s
# (leechers x size / wall), seeder CPU seconds per GiB sent, seeder RSS (VmRSS at the end, VmHWM).
# Then the idle test: IDLE_COUNT (1000) small torrents added to one fresh seeder-service; heap after a full GC
# and RSS, against the same service with no torrent.
# WARMUP=1 (the default) first sends the whole torrent once to an untimed leecher, on every seeder: the JVM has
# compiled its hot paths and libtorrent's seed_mode has verified every piece (it hashes each piece on its first
# request), so the timed transfer measures steady-state seeding. WARMUP=0 measures from a cold start.
# Each seeder runs pinned to SEEDER_CPU (0) and every leecher to LEECHER_CPU (1), with taskset; IDLE_COUNT=0 skips
# the idle test.
# Settings: SIZE_MIB, ROUNDS (3), LEECHERS_A, LEECHERS_B, IDLE_COUNT, WARMUP, SEEDER_CPU, LEECHER_CPU, SKIP_BUILD=1,
# KEEP_DIR=1, TMP_PARENT.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${ROUNDS:-3}"
LEECHERS_A="${LEECHERS_A:-1}"
LEECHERS_B="${LEECHERS_B:-8}"
IDLE_COUNT="${IDLE_COUNT:-1000}"
SEEDER_CPU="${SEEDER_CPU:-0}"
LEECHER_CPU="${LEECHER_CPU:-1}"
. bench/seeder/common.sh # its helpers and content; its start_bitquark is replaced by this script's (default JVM settings)

start_bitquark() { # $1 state dir, $2 peer port, $3 http port
    taskset -c "$SEEDER_CPU" java -Dquarkus.http.port="$3" -Dquarkus.http.host=127.0.0.1 -Dbitquark.seeder.data-root="$work/data" \
        -Dbitquark.seeder.state-dir="$1" -Dbitquark.seeder.peer-port="$2" -Dbitquark.seeder.peer-port-last="$2" \
        -Dbitquark.seeder.announce.enabled=false -jar "$JAR" > "$1.log" 2>&1 &
    echo $!
}

seed_bitquark() { # prints the pid once the torrent is seeding
    local port=$1 http; http=$(free_port)
    local pid; pid=$(start_bitquark "$work/state-$RANDOM" "$port" "$http")
    wait_http "http://127.0.0.1:$http/q/health/ready"
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/x-bittorrent' --data-binary @"$work/big.torrent" \
        "http://127.0.0.1:$http/api/torrents?dataPath=big.bin"
    for _ in $(seq 1 600); do
        curl -fs "http://127.0.0.1:$http/api/torrents/$id" | grep -q '"state":"seeding"' && { echo "$pid"; return 0; }
        sleep 0.1
    done
    echo "bitquark never reached seeding" >&2; return 1
}

seed_libtorrent() {
    local port=$1 fifo="$work/lt-$RANDOM"
    mkfifo "$fifo"
    taskset -c "$SEEDER_CPU" $PY "$repo/bench/seeder/lt_seed.py" "$work/big.torrent" "$work/data" "$port" > "$fifo" &
    local pid=$!
    read -r line < "$fifo"
    [ "$line" = ready ] || { echo "libtorrent seed did not start" >&2; return 1; }
    echo "$pid"
}

results="$work/results.tsv"
: > "$results"
leech_round() { # $1 seeder name, $2 leechers
    local name=$1 n=$2 port pid
    port=$(free_port)
    pid=$("seed_$name" "$port")
    pids+=("$pid")
    if [ "$WARMUP" = 1 ]; then
        rm -rf "$shm/warm"; mkdir -p "$shm/warm"
        taskset -c "$LEECHER_CPU" $PY "$LEECH" "$work/big.torrent" "$shm/warm" 600 "127.0.0.1:$port" > /dev/null || log "$name: warm-up leecher failed"
        rm -rf "$shm/warm"
    fi
    sleep 1
    local cpu0; cpu0=$(cpu_seconds "$pid")
    local t0; t0=$(date +%s.%N)
    local lp=()
    for i in $(seq 1 "$n"); do
        rm -rf "$shm/leech-$i"; mkdir -p "$shm/leech-$i"
        taskset -c "$LEECHER_CPU" $PY "$LEECH" "$work/big.torrent" "$shm/leech-$i" 600 "127.0.0.1:$port" \
            > "$work/leech-$i.json" &
        lp+=($!)
    done
    local ok=1
    for p in "${lp[@]}"; do wait "$p" || ok=0; done
    local t1; t1=$(date +%s.%N)
    local cpu1; cpu1=$(cpu_seconds "$pid")
    local rss hwm; rss=$(status_kib "$pid" VmRSS); hwm=$(status_kib "$pid" VmHWM)
    stop_pid "$pid"
    rm -rf "$shm"/leech-*
    [ "$ok" = 1 ] || { log "$name with $n leechers: a leecher failed: $(cat "$work"/leech-*.json)"; return 1; }
    $PY - "$name" "$n" "$t0" "$t1" "$cpu0" "$cpu1" "$rss" "$hwm" "$SIZE_MIB" >> "$results" <<'PY'
import sys
name, n, t0, t1, c0, c1, rss, hwm, size = sys.argv[1:]
n, wall, cpu, size = int(n), float(t1) - float(t0), float(c1) - float(c0), int(size)
gib = n * size / 1024
print("\t".join([name, str(n), "%.3f" % wall, "%.1f" % (n * size / wall), "%.2f" % (cpu / gib), str(int(rss) // 1024), str(int(hwm) // 1024)]))
PY
    log "$(tail -1 "$results")"
}

for round in $(seq 1 "$ROUNDS"); do
    for n in "$LEECHERS_A" "$LEECHERS_B"; do
        if [ $((round % 2)) = 1 ]; then order="bitquark libtorrent"; else order="libtorrent bitquark"; fi
        for s in $order; do leech_round "$s" "$n"; done
    done
done

idle_test() {
log "idle: $IDLE_COUNT small torrents"
mkdir -p "$work/data/idle" "$work/idle-torrents"
$PY - "$work/data/idle" "$work/idle-torrents" "$IDLE_COUNT" <<'PY'
import os, sys
import libtorrent as lt
content, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    path = os.path.join(content, "f%04d.bin" % i)
    with open(path, "wb") as f:
        f.write(os.urandom(64 * 1024))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    t = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    t.add_tracker("http://127.0.0.1:9/announce")
    lt.set_piece_hashes(t, content)
    with open(os.path.join(out, "f%04d.torrent" % i), "wb") as f:
        f.write(lt.bencode(t.generate()))
PY
http=$(free_port); peer=$(free_port)
pid=$(start_bitquark "$work/state-idle" "$peer" "$http"); pids+=("$pid")
wait_http "http://127.0.0.1:$http/q/health/ready"
heap() { jcmd "$pid" GC.run > /dev/null; sleep 1; curl -fs "http://127.0.0.1:$http/q/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s+=$NF} END {printf "%.0f", s}'; }
heap0=$(heap); rss0=$(status_kib "$pid" VmRSS)
for i in $(seq -f %04g 0 $((IDLE_COUNT - 1))); do
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/x-bittorrent' --data-binary @"$work/idle-torrents/f$i.torrent" \
        "http://127.0.0.1:$http/api/torrents?dataPath=idle/f$i.bin"
done
for _ in $(seq 1 600); do
    seeding=$(curl -fs "http://127.0.0.1:$http/q/metrics" | awk 'index($0, "bitquark_seeder_torrents{state=\"seeding\"}") == 1 {print int($NF)}')
    [ "${seeding:-0}" -ge "$IDLE_COUNT" ] && break; sleep 0.2
done
heap1=$(heap); rss1=$(status_kib "$pid" VmRSS)
echo -e "idle\t$IDLE_COUNT\t$heap0\t$heap1\t$(( (heap1 - heap0) / IDLE_COUNT ))\t$((rss0 / 1024))\t$((rss1 / 1024))" >> "$results"
log "idle: heap ${heap0} -> ${heap1} B, $(( (heap1 - heap0) / IDLE_COUNT )) B per torrent; RSS $((rss0 / 1024)) -> $((rss1 / 1024)) MiB"
}
if [ "$IDLE_COUNT" -gt 0 ]; then idle_test; fi

echo
echo "seeder	leechers	wall_s	MiB_per_s	cpu_s_per_GiB	rss_MiB	hwm_MiB"
grep -v '^idle' "$results"
$PY - "$results" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("idle")]
by = {}
for name, n, wall, mibs, cpu, rss, hwm in rows:
    by.setdefault((name, n), []).append((float(mibs), float(cpu), int(rss), int(hwm)))
print("\nsummary (best and median MiB/s, median CPU s/GiB, max RSS/HWM MiB; ratio = bitquark / libtorrent)")
for n in sorted({k[1] for k in by}, key=int):
    b, l = by.get(("bitquark", n)), by.get(("libtorrent", n))
    for name, v in (("bitquark", b), ("libtorrent", l)):
        if v:
            print("%-10s x%-2s best %7.1f  median %7.1f  cpu %5.2f  rss %4d  hwm %4d" % (name, n, max(x[0] for x in v),
                  statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), max(x[2] for x in v), max(x[3] for x in v)))
    if b and l:
        print("ratio x%s: throughput best %.2f, median %.2f; cpu per GiB %.2f" % (n, max(x[0] for x in b) / max(x[0] for x in l),
              statistics.median(x[0] for x in b) / statistics.median(x[0] for x in l),
              statistics.median(x[1] for x in b) / statistics.median(x[1] for x in l)))
PY
grep '^idle' "$results" | awk -F'\t' '{printf "idle: %d torrents, heap %d -> %d B (%d B per torrent), RSS %d -> %d MiB\n", $2, $3, $4, $5, $6, $7}' || true

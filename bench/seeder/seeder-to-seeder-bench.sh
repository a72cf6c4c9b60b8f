#!/usr/bin/env bash
# seeder-service to seeder-service on loopback (issue 10), against libtorrent to libtorrent, alternating:
#   - seed: a BitQuark seeder-service (the packaged jar, announce off, -Xmx$XMX -XX:MaxDirectMemorySize=$DIRECT)
#     seeding SIZE_MIB (1024) MiB of random bytes in 1 MiB pieces from its data root (page cache), pinned to
#     CPU 1; downloader: another seeder-service on CPU 0 writing into /dev/shm, given the seed through
#     POST /api/torrents/{id}/peers and timed from there to `seeding` (as in download-bench.sh);
#   - anchor: a libtorrent seed (bench/seeder/lt_seed.py, high_performance_seed + seed_mode, CPU 1) and
#     lt_leech.py (uTP off, CPU 0) downloading from it, timed from the process start.
# Untimed first: one libtorrent download from the libtorrent seed (seed_mode verifies every piece); with WARMUP=1
# (the default) each BitQuark downloader first downloads once untimed, which also warms the BitQuark seed.
# Per download: wall time, MiB/s, downloader CPU s/GiB and RSS; the seeds' CPU s/GiB over all rounds.
# Settings: SIZE_MIB, ROUNDS (2), XMX, DIRECT, WARMUP, SKIP_BUILD=1, KEEP_DIR=1, TMP_PARENT.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${ROUNDS:-2}"
. bench/seeder/common.sh

bq_http=$(free_port); bq_peer=$(free_port)
start_bitquark 1 "$work/data" "$bq_http" "$bq_peer"
bq_seed_pid=$bq_pid
add_bitquark "$bq_http" false
for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$bq_http/api/torrents/$id" | grep -q '"state":"seeding"' && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$bq_http/api/torrents/$id" | grep -q '"state":"seeding"' || { log "the BitQuark seed did not seed"; exit 1; }
log "BitQuark seed on 127.0.0.1:$bq_peer (CPU 1)"
start_lt_seed 1 0; lt_port=$seed_port
lt_seed_pid=${pids[-1]}
log "libtorrent seed on 127.0.0.1:$lt_port (CPU 1); untimed warm-up download"
lt_warm_up "$lt_port"

results="$work/results.tsv"
: > "$results"
bq_cpu=0; lt_cpu=0
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="bitquark libtorrent"; else order="libtorrent bitquark"; fi
    for s in $order; do
        if [ "$s" = bitquark ]; then
            c0=$(cpu_seconds "$bq_seed_pid"); download_bitquark "$bq_peer"; c1=$(cpu_seconds "$bq_seed_pid")
            bq_cpu=$(awk -v a="$bq_cpu" -v b="$c0" -v c="$c1" 'BEGIN {print a + c - b}')
        else
            c0=$(cpu_seconds "$lt_seed_pid"); download_libtorrent "$lt_port"; c1=$(cpu_seconds "$lt_seed_pid")
            lt_cpu=$(awk -v a="$lt_cpu" -v b="$c0" -v c="$c1" 'BEGIN {print a + c - b}')
        fi
        log "round $round: $(tail -1 "$results" | cut -f1)"
    done
done

$PY "$repo/bench/seeder/download_report.py" "$results" "$SIZE_MIB"
# the BitQuark seed also served the untimed warm-up downloads (WARMUP=1): they count in its CPU
if [ "$WARMUP" = 1 ]; then sent=$((2 * ROUNDS)); else sent=$ROUNDS; fi
awk -v b="$bq_cpu" -v l="$lt_cpu" -v s="$SIZE_MIB" -v n="$ROUNDS" -v bn="$sent" 'BEGIN {
    printf "seed CPU s/GiB sent: bitquark %.2f (%d GiB-equivalents incl. warm-ups), libtorrent %.2f\n", b / (bn * s / 1024), bn, l / (n * s / 1024) }'

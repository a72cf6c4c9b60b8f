#!/usr/bin/env bash
# Downloading from a swarm on loopback (issue 10): SEEDS (4) python3-libtorrent seeds (bench/seeder/lt_seed.py,
# high_performance_seed + seed_mode), THROTTLED (1) of them limited to THROTTLE_BPS (1048576, 1 MiB/s) upload,
# all pinned to CPU 1, seeding SIZE_MIB (1024) MiB of random bytes in 1 MiB pieces from the page cache.
# Side by side, alternating, each pinned to CPU 0 and writing into /dev/shm, given all the seeds:
#   - BitQuark seeder-service (the packaged jar, announce off, -Xmx$XMX -XX:MaxDirectMemorySize=$DIRECT), the
#     .torrent added with download=true, then (timed from here) every seed through POST /api/torrents/{id}/peers;
#     its progress is the torrent view's `downloaded`, sampled every ~50 ms until `seeding`;
#   - python3-libtorrent 2.0.8 (lt_leech.py, uTP off, --progress: total_wanted_done on every change, ~50 ms).
# Untimed, one libtorrent download from each unthrottled seed first makes seed_mode verify every piece.
# Per download: wall time, MiB/s, downloader CPU s/GiB, RSS, the share of the total time that the last 1 % of
# bytes took (from the progress sample crossing 99 %, interpolated, to completion), and redundant bytes (BitQuark:
# wastedBytes, which holds hash failures and blocks received twice; libtorrent: total_redundant_bytes +
# total_failed_bytes), against the targets: last 1 % <= 5 % of the time, redundant <= 1 %.
# WARMUP=1 (the default): an untimed download in the same BitQuark process first, as in download-bench.sh.
# Settings: SEEDS, THROTTLED, THROTTLE_BPS, SIZE_MIB, ROUNDS (2), XMX, DIRECT, WARMUP, SKIP_BUILD=1, KEEP_DIR=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${SEEDS:-4}"
THROTTLED="${THROTTLED:-1}"
THROTTLE_BPS="${THROTTLE_BPS:-1048576}"
ROUNDS="${ROUNDS:-2}"
. bench/seeder/common.sh

seeds=(); fast=()
for i in $(seq 1 "$SEEDS"); do
    if [ "$i" -le "$THROTTLED" ]; then limit=$THROTTLE_BPS; else limit=0; fi
    start_lt_seed 1 "$limit"; port=$seed_port
    seeds+=("$port")
    [ "$limit" = 0 ] && fast+=("$port")
    log "seed $i on 127.0.0.1:$port (CPU 1, upload limit $limit B/s)"
done
log "untimed warm-up downloads from the ${#fast[@]} unthrottled seeds"
lt_warm_up "${fast[@]}"

results="$work/results.tsv"
: > "$results"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="bitquark libtorrent"; else order="libtorrent bitquark"; fi
    for s in $order; do
        "download_$s" "${seeds[@]}"
        log "round $round: $(tail -1 "$results" | cut -f1)"
    done
done

$PY "$repo/bench/seeder/download_report.py" "$results" "$SIZE_MIB"

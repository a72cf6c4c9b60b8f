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
# The helpers and the per-download steps are bench/seeder/common.sh's, the summary bench/seeder/download_report.py's
# (its last-1 % and redundant columns matter for swarm-download-bench.sh, here they only show the tail of one seed).
# Settings: SIZE_MIB, ROUNDS (3), XMX (512m), DIRECT (256m), WARMUP (1), SKIP_BUILD=1, KEEP_DIR=1, TMP_PARENT.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${ROUNDS:-3}"
. bench/seeder/common.sh

start_lt_seed 1 0
log "seed on 127.0.0.1:$seed_port (CPU 1); untimed warm-up download"
lt_warm_up "$seed_port"

results="$work/results.tsv"
: > "$results"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="bitquark libtorrent"; else order="libtorrent bitquark"; fi
    for s in $order; do
        "download_$s" "$seed_port"
        log "round $round: $(tail -1 "$results" | cut -f1)"
    done
done

$PY "$repo/bench/seeder/download_report.py" "$results" "$SIZE_MIB"

#!/usr/bin/env bash
# Torrent creation (issue 4) side by side with its anchors, in one run, on page-cached content:
#   - v1 of one big file (BIG_MIB, default 2048) and of SMALL_COUNT small files (default 1000 x 256 KiB):
#     the protocol library (CreateTorrent, one warmed-up JVM), metainfo-service over REST, mktorrent -t 2
#     and transmission-create, all with the same piece length (PIECE, default 1 MiB);
#     target: library and REST wall time <= 1.0x mktorrent's;
#   - hybrid (v1 + v2) of the same content: library and REST, next to libtorrent's create_torrent
#     (python3-libtorrent, in-process time) when /usr/bin/python3 can import it;
#   - upload: POST the big file to /api/torrents/upload on a fresh service, when that endpoint exists,
#     with the JVM's default heap sizing and with UPLOAD_HEAP (default -Xmx256m; empty: skipped), rounds
#     interleaved;
#     targets >= 1 GB/s with the service's peak RSS (VmHWM) < 300 MB. The service's and curl's CPU
#     time of each upload, and the service's CPU per thread in the last round, are printed too.
# Each measurement runs ROUNDS times (default 3), interleaved tool by tool so that all see the same load;
# the table gives the best, the spread (worst - best) and the ratios of bests and of medians.
# Also prints the CPU time of each tool and, for one v1 run of each workload, the CPU per thread of the
# library and the service (the `top -H` view, read from /proc/<pid>/task).
# Settings: BIG_MIB, SMALL_COUNT, SMALL_KIB, PIECE, ROUNDS, UPLOAD_HEAP, SKIP_BUILD=1 (use the built jars),
# KEEP_DIR=1 (keep the temporary directory and print its path), TMP_PARENT (default $TMPDIR or /tmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"

BIG_MIB="${BIG_MIB:-2048}"
SMALL_COUNT="${SMALL_COUNT:-1000}"
SMALL_KIB="${SMALL_KIB:-256}"
PIECE="${PIECE:-1048576}"
ROUNDS="${ROUNDS:-3}"
PY=/usr/bin/python3
piece_log2=$($PY -c "import sys; p=int(sys.argv[1]); assert p & (p-1) == 0, 'PIECE must be a power of two'; print(p.bit_length()-1)" "$PIECE")

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -q -o -pl protocol,bench -am package -DskipTests
    ./mvnw -q -o package -DskipTests -pl metainfo-service -am
fi

work="$(mktemp -d "${TMP_PARENT:-${TMPDIR:-/tmp}}/bitquark-create-bench.XXXXXX")"
service_pid=""
library_pid=""
upload_pids=()
cleanup() {
    for pid in $service_pid "${upload_pids[@]}"; do kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done
    if [ -n "$library_pid" ]; then kill "$library_pid" 2> /dev/null || true; wait "$library_pid" 2> /dev/null || true; fi
    if [ "${KEEP_DIR:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
content="$work/content"
mkdir -p "$content/small" "$work/out"
results="$work/results.tsv"
: > "$results"

log() { echo "[$(date +%T) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }

log "writing ${BIG_MIB} MiB big.bin and ${SMALL_COUNT} x ${SMALL_KIB} KiB files under $work"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom > "$content/big.bin"
for i in $(seq -w 0 $((SMALL_COUNT - 1))); do
    head -c "$((SMALL_KIB * 1024))" /dev/urandom > "$content/small/f$i.bin"
done
# Into the page cache: every tool then reads from memory.
cat "$content/big.bin" "$content"/small/* > /dev/null
cat "$content/big.bin" "$content"/small/* > /dev/null

have_mktorrent=0; command -v mktorrent > /dev/null && have_mktorrent=1
have_transmission=0; command -v transmission-create > /dev/null && have_transmission=1
have_libtorrent=0; $PY -c 'import libtorrent' 2> /dev/null && have_libtorrent=1
[ $have_mktorrent = 1 ] || log "mktorrent not installed (apt-get install -y mktorrent): its rows are skipped"
[ $have_transmission = 1 ] || log "transmission-create not installed (apt-get install -y transmission-cli): its rows are skipped"
[ $have_libtorrent = 1 ] || log "python3-libtorrent not importable by $PY: the hybrid anchor is skipped"

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts metainfo-service on a free port; sets service_pid and base. Creation stays synchronous whatever
# the content size (the async threshold is a TiB), so that a POST's time is the whole creation.
start_service() { # name [java options...]
    local name="$1" port
    shift
    port=$(free_port)
    mkdir -p "$work/$name-torrents"
    java "$@" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
        -Dbitquark.metainfo.content-root="$content" -Dbitquark.metainfo.torrent-dir="$work/$name-torrents" \
        -Dbitquark.metainfo.create.async-threshold=1099511627776 \
        -jar metainfo-service/target/quarkus-app/quarkus-run.jar > "$work/$name.log" 2>&1 &
    service_pid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 300); do
        curl -sf "$base/q/health/ready" > /dev/null 2>&1 && return 0
        kill -0 "$service_pid" 2> /dev/null || break
        sleep 0.2
    done
    log "metainfo-service did not start; its log:"; tail -20 "$work/$name.log" >&2
    exit 1
}

stop_service() {
    kill "$service_pid" 2> /dev/null || true
    wait "$service_pid" 2> /dev/null || true
    service_pid=""
}

proc_cpu_ms() { # utime + stime of a process, in ms
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
}

vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

record() { # workload tool round wall_ms cpu_ms info-hash
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"
}

workload_path() { case "$1" in big) echo "$content/big.bin" ;; small) echo "$content/small" ;; esac; }
workload_rel() { case "$1" in big) echo "big.bin" ;; small) echo "small" ;; esac; }

# --- the library, one JVM fed commands on stdin --------------------------------------------------------
coproc LIBRARY { exec java -cp bench/target/benchmarks.jar io.bitquark.bench.metainfo.CreateTorrent --stdin; }
library_pid=$LIBRARY_PID
# Each tool function below sets answer="WALL_MS CPU_MS INFO_HASH" (not a subshell: the library's pipes and
# the REST counter live in this shell).
answer=""
library() { # version workload
    echo "$1 $PIECE $(workload_path "$2")" >&"${LIBRARY[1]}"
    read -r answer <&"${LIBRARY[0]}"
}

# --- REST ------------------------------------------------------------------------------------------------
rest_runs=0
rest() { # version workload; the name differs on each call, so that the info-hash is new and gets hashed
    rest_runs=$((rest_runs + 1))
    local body cpu0 cpu1 status wall
    body="{\"path\":\"$(workload_rel "$2")\",\"pieceLength\":$PIECE,\"version\":\"$1\",\"name\":\"bench-$1-$2-$rest_runs\"}"
    cpu0=$(proc_cpu_ms "$service_pid")
    read -r status wall < <(curl -sS -o "$work/rest.json" -w '%{http_code} %{time_total}\n' -X POST \
        -H 'Content-Type: application/json' -d "$body" "$base/api/torrents")
    cpu1=$(proc_cpu_ms "$service_pid")
    if [ "$status" != 201 ]; then
        log "REST create $1 $2 answered $status: $(head -c 300 "$work/rest.json")"
        answer="nan nan http-$status"
        return
    fi
    answer="$(awk -v s="$wall" 'BEGIN { printf "%.1f", s * 1000 }') $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }') \
$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["infoHash"])' "$work/rest.json")"
}

# --- anchors: whole processes, wall and CPU from bash's time ----------------------------------------------
timed() { # command... -> "wall_ms cpu_ms"
    local TIMEFORMAT='%3R %3U %3S' w u s
    { time "$@" > /dev/null 2>&1; } 2> "$work/time"
    read -r w u s < "$work/time"
    awk -v w="$w" -v u="$u" -v s="$s" 'BEGIN { printf "%.1f %.1f\n", w * 1000, (u + s) * 1000 }'
}

mktorrent_run() { # workload; the info-hash is read from the .torrent at the end
    rm -f "$work/out/mk-$1.torrent"
    answer="$(timed mktorrent -t 2 -l "$piece_log2" -o "$work/out/mk-$1.torrent" "$(workload_path "$1")") file:$work/out/mk-$1.torrent"
}

transmission_run() {
    rm -f "$work/out/tr-$1.torrent"
    answer="$(timed transmission-create -s "$((PIECE / 1024))" -o "$work/out/tr-$1.torrent" "$(workload_path "$1")") file:$work/out/tr-$1.torrent"
}

libtorrent_run() { # version workload
    answer="$($PY bench/metainfo/lt_create.py "$1" "$PIECE" "$(workload_path "$2")" "$work/out/lt-$1-$2.torrent")"
}

# --- thread CPU of one run (the top -H view) ------------------------------------------------------------
thread_profile() { # label pid command...
    local label="$1" pid="$2" sampler; shift 2
    rm -f "$work/profile.stop"
    $PY bench/metainfo/thread_cpu.py "$pid" "$label" "$work/profile.stop" >> "$work/profile.txt" &
    sampler=$!
    sleep 0.2
    "$@"
    touch "$work/profile.stop"
    wait "$sampler"
    echo "  (wall $(cut -d' ' -f1 <<< "$answer") ms)" >> "$work/profile.txt"
}

# --- the run -------------------------------------------------------------------------------------------
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run" > "$work/load.txt"
start_service create
log "metainfo-service up at $base (pid $service_pid); library JVM pid $library_pid; warming both up"
# Warm-up: 2 creations per big workload (over 2000 pieces each), 8 per small one, so that the C2 compiler is
# done with the per-file paths before the timed rounds (the thread profile shows what it still compiles).
for v in v1 hybrid; do
    for w in big small; do
        warm=2; [ "$w" = small ] && warm=8
        for _ in $(seq "$warm"); do library "$v" "$w"; rest "$v" "$w"; done
    done
done

tools_for() { # version -> tools, in the order of the round's rotation
    printf '%s\n' library rest
    if [ "$1" = v1 ]; then
        [ $have_mktorrent = 1 ] && echo mktorrent
        [ $have_transmission = 1 ] && echo transmission
    else
        [ $have_libtorrent = 1 ] && echo libtorrent
    fi
    return 0
}

for round in $(seq "$ROUNDS"); do
    log "round $round of $ROUNDS"
    echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/load.txt"
    for v in v1 hybrid; do
        for w in big small; do
            mapfile -t tools < <(tools_for "$v")
            n=${#tools[@]}
            for k in $(seq 0 $((n - 1))); do
                tool=${tools[$(((k + round - 1) % n))]}
                case "$tool" in
                    library) library "$v" "$w" ;;
                    rest) rest "$v" "$w" ;;
                    mktorrent) mktorrent_run "$w" ;;
                    transmission) transmission_run "$w" ;;
                    libtorrent) libtorrent_run "$v" "$w" ;;
                esac
                read -r wall cpu hash <<< "$answer"
                record "$v-$w" "$tool" "$round" "$wall" "$cpu" "$hash"
            done
        done
    done
done

log "thread CPU of one v1 creation of each workload, library then REST"
: > "$work/profile.txt"
for w in big small; do
    thread_profile "library, v1 $(workload_rel "$w")" "$library_pid" library v1 "$w"
    thread_profile "metainfo-service, v1 $(workload_rel "$w") over REST" "$service_pid" rest v1 "$w"
done
echo "create service peak RSS (VmHWM) after $rest_runs creations: $(( $(vm "$service_pid" VmHWM) / 1024 )) MiB" > "$work/rss.txt"
stop_service
echo "round end: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/load.txt"

# --- upload, on a fresh service per JVM setting, so that its peak RSS is the upload's ---------------------
# One service with the JVM's default heap sizing and, unless UPLOAD_HEAP is empty, one with UPLOAD_HEAP.
upload() { # file name -> "status wall_ms service_cpu_ms client_cpu_ms id"
    local cpu0 cpu1 status wall cu cs
    cpu0=$(proc_cpu_ms "$service_pid")
    read -r status wall < <(/usr/bin/time -f '%U %S' -o "$work/curl.time" curl -sS -o "$work/upload.json" \
        -w '%{http_code} %{time_total}\n' -X POST -H 'Expect:' -H 'Content-Type: application/octet-stream' \
        -T "$1" "$base/api/torrents/upload?name=$2&pieceLength=$PIECE")
    cpu1=$(proc_cpu_ms "$service_pid")
    read -r cu cs < <(tail -1 "$work/curl.time")
    echo "$status $(awk -v s="$wall" 'BEGIN { printf "%.1f", s * 1000 }') $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }') \
$(awk -v u="$cu" -v s="$cs" 'BEGIN { print (u + s) * 1000 }') $($PY -c 'import json, sys
try: print(json.load(open(sys.argv[1])).get("id", "-"))
except Exception: print("-")' "$work/upload.json")"
}
upload_present() {
    curl -sf "$base/q/openapi" 2> /dev/null | grep -q '/api/torrents/upload' && return 0
    local probe
    probe=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
        --data-binary '' "$base/api/torrents/upload?name=probe.bin" || true)
    [ "$probe" != 404 ] && [ "$probe" != 405 ] && [ "$probe" != 000 ]
}
UPLOAD_HEAP="${UPLOAD_HEAP--Xmx256m}"
upload_tools=(rest)
declare -A upload_label=([rest]="JVM defaults") upload_pid upload_base
if [ -n "$UPLOAD_HEAP" ]; then upload_tools+=(rest-heap); upload_label[rest-heap]="$UPLOAD_HEAP"; fi
use_service() { service_pid=${upload_pid[$1]}; base=${upload_base[$1]}; }
# One fresh service per JVM setting, both up at once so that their rounds interleave as the others do.
for tool in "${upload_tools[@]}"; do
    # shellcheck disable=SC2086 # UPLOAD_HEAP may hold several options
    if [ "$tool" = rest ]; then start_service upload-rest; else start_service upload-rest-heap $UPLOAD_HEAP; fi
    upload_pid[$tool]=$service_pid; upload_base[$tool]=$base; upload_pids+=("$service_pid"); service_pid=""
done
use_service rest
upload_state="pending: upload endpoint not present"
upload_present && upload_state=present
: > "$work/upload.txt"
if [ "$upload_state" = present ]; then
    head -c $((64 * 1024 * 1024)) "$content/big.bin" > "$work/warm.bin"
    for tool in "${upload_tools[@]}"; do
        use_service "$tool"
        log "upload service (${upload_label[$tool]}) pid $service_pid: warming up with 3 uploads of 64 MiB"
        for i in 1 2 3; do
            read -r status _ _ _ id < <(upload "$work/warm.bin" "warm-$i.bin")
            [ "$id" != - ] && curl -s -o /dev/null -X DELETE "$base/api/torrents/$id?deleteContent=true"
        done
        echo "upload service (${upload_label[$tool]}) RSS after start-up and warm-up: $(( $(vm "$service_pid" VmRSS) / 1024 )) MiB (peak $(( $(vm "$service_pid" VmHWM) / 1024 )) MiB)" >> "$work/rss.txt"
    done
    n=${#upload_tools[@]}
    for round in $(seq "$ROUNDS"); do
        log "upload round $round of $ROUNDS"
        echo "upload round $round: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/load.txt"
        for k in $(seq 0 $((n - 1))); do
            tool=${upload_tools[$(((k + round - 1) % n))]}
            use_service "$tool"
            if [ "$round" = "$ROUNDS" ]; then # the last round under the thread sampler
                rm -f "$work/profile.stop"
                $PY bench/metainfo/thread_cpu.py "$service_pid" "metainfo-service (${upload_label[$tool]}), upload of big.bin, round $round" \
                    "$work/profile.stop" >> "$work/profile.txt" &
                sampler=$!
                sleep 0.2
            fi
            read -r status wall cpu client id < <(upload "$content/big.bin" "upload-$round.bin")
            if [ "$round" = "$ROUNDS" ]; then
                touch "$work/profile.stop"
                wait "$sampler"
                echo "  (wall $wall ms; curl, the client, $client ms CPU)" >> "$work/profile.txt"
            fi
            echo "upload (${upload_label[$tool]}) round $round: $status in $wall ms; service CPU $cpu ms, curl CPU $client ms" >> "$work/upload.txt"
            if [ "$status" = 201 ] || [ "$status" = 200 ]; then
                record upload "$tool" "$round" "$wall" "$cpu" "$id"
            else
                log "upload answered $status: $(head -c 300 "$work/upload.json")"
                record upload "$tool" "$round" nan nan "http-$status"
            fi
            [ "$id" != - ] && curl -s -o /dev/null -X DELETE "$base/api/torrents/$id?deleteContent=true"
        done
    done
    for tool in "${upload_tools[@]}"; do
        echo "upload service (${upload_label[$tool]}) peak RSS (VmHWM) over its life: $(( $(vm "${upload_pid[$tool]}" VmHWM) / 1024 )) MiB" >> "$work/rss.txt"
    done
fi
for tool in "${upload_tools[@]}"; do use_service "$tool"; stop_service; done
upload_pids=()
echo "end: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/load.txt"

# --- the table -------------------------------------------------------------------------------------------
$PY - "$results" "$BIG_MIB" "$SMALL_COUNT" "$SMALL_KIB" "$PIECE" "$upload_state" "$work/rss.txt" "$UPLOAD_HEAP" <<'PY'
import hashlib, re, statistics, sys

path, big_mib, count, kib, piece, upload_state, rss_path, upload_heap = sys.argv[1:9]
size = {"big": int(big_mib) << 20, "small": int(count) * (int(kib) << 10), "upload": int(big_mib) << 20}
rows = {}
for line in open(path):
    workload, tool, rnd, wall, cpu, ih = line.rstrip("\n").split("\t")
    rows.setdefault((workload, tool), []).append((float(wall), float(cpu), ih))

def info_hash(torrent):
    """SHA-1 of the bencoded info value of a .torrent, read with a minimal bencode walker."""
    data = open(torrent, "rb").read()
    def skip(i):
        c = data[i:i + 1]
        if c == b"i":
            return data.index(b"e", i) + 1
        if c in (b"l", b"d"):
            i += 1
            while data[i:i + 1] != b"e":
                i = skip(i)
            return i + 1
        colon = data.index(b":", i)
        return colon + 1 + int(data[i:colon])
    i = 1
    while data[i:i + 1] != b"e":
        key_end = skip(i)
        key = data[data.index(b":", i) + 1:key_end]
        value_end = skip(key_end)
        if key == b"info":
            return hashlib.sha1(data[key_end:value_end]).hexdigest()
        i = value_end
    return None

def hashes(key):
    out = set()
    for _, _, ih in rows.get(key, []):
        out.add(info_hash(ih[5:]) if ih.startswith("file:") else ih)
    return out

def stats(key):
    walls = [w for w, _, _ in rows[key] if w == w]
    cpus = [c for w, c, _ in rows[key] if w == w]
    if not walls:
        return None
    return min(walls), max(walls), statistics.median(walls), statistics.median(cpus), len(walls)

labels = {"library": "BitQuark library (CreateTorrent)", "rest": "metainfo-service REST",
          "mktorrent": "mktorrent -t 2", "transmission": "transmission-create", "libtorrent": "libtorrent create_torrent",
          "rest-heap": f"metainfo-service REST {upload_heap}"}
anchor_of = {"v1": ["mktorrent", "transmission"], "hybrid": ["libtorrent"]}
print()
print(f"piece length {int(piece)} B; big = {big_mib} MiB, small = {count} x {kib} KiB; MB = 10^6 B; "
      "wall times in s: best of n, spread = worst - best; CPU s = median process CPU time (user + system); "
      "ratios = ours / anchor: wall best / wall median (median CPU)")
header = f"{'workload':<14}{'tool':<34}{'n':>2}{'best s':>8}{'spread':>8}{'median':>8}{'MB/s':>7}{'CPU s':>7}  ratios"
print(header)
print("-" * len(header))
verdicts = []
for workload in ("v1-big", "v1-small", "hybrid-big", "hybrid-small", "upload"):
    version, _, which = workload.partition("-")
    mb = size[which or "upload"] / 1e6
    for tool in ("library", "rest", "rest-heap", "mktorrent", "transmission", "libtorrent"):
        key = (workload, tool)
        if key not in rows:
            continue
        s = stats(key)
        if s is None:
            print(f"{workload:<14}{labels[tool]:<34} failed: {rows[key][0][2]}")
            continue
        best, worst, median, cpu, n = s
        line = f"{workload:<14}{labels[tool]:<34}{n:>2}{best / 1000:>8.3f}{(worst - best) / 1000:>8.3f}{median / 1000:>8.3f}{mb / (best / 1000):>7.0f}{cpu / 1000:>7.2f}"
        if tool in ("library", "rest") and workload != "upload":
            parts = []
            for anchor in anchor_of[version]:
                a = stats((workload, anchor)) if (workload, anchor) in rows else None
                if a is None:
                    continue
                parts.append(f"vs {anchor} {best / a[0]:.2f} / {median / a[2]:.2f} (CPU {cpu / a[3]:.2f})")
                if anchor == "mktorrent":
                    ratio = best / a[0]
                    verdicts.append(f"{workload} {tool}: {ratio:.2f}x mktorrent's time (best), {median / a[2]:.2f}x (median), "
                                    f"{cpu / a[3]:.2f}x its CPU time (median); "
                                    f"target <= 1.0x {'met' if ratio <= 1.0 else f'NOT met: {100 * (ratio - 1):.0f} % slower'}")
            line += "  " + "; ".join(parts)
        if workload == "upload":
            gbs = mb / 1000 / (best / 1000)
            jvm = "JVM defaults" if tool == "rest" else upload_heap
            verdicts.append(f"upload ({jvm}): {gbs:.2f} GB/s best; target >= 1 GB/s {'met' if gbs >= 1 else f'NOT met: {100 * (1 - gbs):.0f} % short'}")
        print(line)
if upload_state != "present":
    print(f"{'upload':<14}{'metainfo-service REST':<34} {upload_state}")
print()
for line in open(rss_path):
    print(line.rstrip())
    peak = re.match(r"upload service \((.*)\) peak RSS .*: (\d+) MiB", line)
    if peak:
        mib = int(peak.group(2))
        verdicts.append(f"upload ({peak.group(1)}) peak RSS {mib} MiB = {mib * 1.048576:.0f} MB; "
                        f"target < 300 MB {'met' if mib * 1.048576 < 300 else 'NOT met'}")
for v in ("v1-big", "v1-small", "hybrid-big", "hybrid-small"):
    ours, mk = hashes((v, "library")), hashes((v, "mktorrent"))
    lt = hashes((v, "libtorrent"))
    if ours and mk:
        print(f"{v}: library info-hash {'equals' if ours == mk else 'differs from'} mktorrent's ({', '.join(sorted(ours))})")
    if ours and lt:
        note = "" if ours == lt or v.endswith("big") else \
            " (expected: libtorrent 2.0.8 also pads the last file of a multi-file hybrid, BitQuark does not)"
        print(f"{v}: library info-hash {'equals' if ours == lt else 'differs from'} libtorrent's{note}")
print()
for v in verdicts:
    print(v)
PY
echo
cat "$work/upload.txt"
echo
cat "$work/load.txt"
echo
cat "$work/profile.txt"

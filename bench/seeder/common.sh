# Shared helpers of the bench/seeder benchmarks (download-bench.sh, swarm-download-bench.sh, seeder-to-seeder-bench.sh,
# seed-bench.sh), sourced after `cd` to the repository root. It builds the seeder jar offline unless SKIP_BUILD=1, makes a work
# directory (under TMP_PARENT or TMPDIR) and a /dev/shm directory for the downloaders, writes SIZE_MIB of random
# content into $work/data/big.bin with its torrent $work/big.torrent (1 MiB pieces) and its id $id, and stops every
# process in $pids on exit (KEEP_DIR=1 keeps $work).
# Settings read: SIZE_MIB (1024), XMX (512m), DIRECT (256m), WARMUP (1), SKIP_BUILD, KEEP_DIR, TMP_PARENT.
repo="$PWD"
PY=/usr/bin/python3
SIZE_MIB="${SIZE_MIB:-1024}"
XMX="${XMX:-512m}"
DIRECT="${DIRECT:-256m}"
WARMUP="${WARMUP:-1}"
LEECH="$repo/seeder-service/src/test/resources/interop/lt_leech.py"
JAR="$repo/seeder-service/target/quarkus-app/quarkus-run.jar"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -q -o package -DskipTests -pl seeder-service -am
fi

work="$(mktemp -d "${TMP_PARENT:-${TMPDIR:-/tmp}}/bitquark-bench.XXXXXX")"
shm="$(mktemp -d /dev/shm/bitquark-bench.XXXXXX)"
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
# $1 field: its number in the JSON object on stdin, the first occurrence before any array (a torrent view's own
# field, not its peers')
json_number() { sed -n "s/^[^[]*\"$1\":\([0-9]*\).*/\1/p"; }

mkdir -p "$work/data"
log "writing ${SIZE_MIB} MiB of random content"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/data/big.bin"
mktorrent -l 20 -a http://127.0.0.1:9/announce -o "$work/big.torrent" "$work/data/big.bin" > /dev/null
cat "$work/data/big.bin" > /dev/null
id=$($PY -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$work/big.torrent")

start_lt_seed() { # $1 CPU, $2 upload limit in bytes per second (0 unlimited): once it seeds, its port in $seed_port
    local port fifo line
    port=$(free_port); fifo="$work/seed-fifo-$port"
    mkfifo "$fifo"
    taskset -c "$1" $PY "$repo/bench/seeder/lt_seed.py" "$work/big.torrent" "$work/data" "$port" "$2" > "$fifo" &
    pids+=("$!")
    read -r line < "$fifo"
    [ "$line" = ready ] || { echo "libtorrent seed did not start" >&2; return 1; }
    seed_port=$port
}
lt_warm_up() { # $@ seed ports: one untimed libtorrent download from each, so that seed_mode verifies every piece
    for p in "$@"; do
        rm -rf "$shm/warm"; mkdir -p "$shm/warm"
        taskset -c 0 $PY "$LEECH" "$work/big.torrent" "$shm/warm" 900 "127.0.0.1:$p" > /dev/null
    done
    rm -rf "$shm/warm"
}

start_bitquark() { # $1 CPU, $2 data root, $3 http port, $4 peer port: starts it (its pid in $bq_pid) and waits until ready
    local state="$work/state-$4"
    taskset -c "$1" java -Xmx"$XMX" -XX:MaxDirectMemorySize="$DIRECT" -Dquarkus.http.port="$3" -Dquarkus.http.host=127.0.0.1 \
        -Dbitquark.seeder.data-root="$2" -Dbitquark.seeder.state-dir="$state" \
        -Dbitquark.seeder.peer-port="$4" -Dbitquark.seeder.peer-port-last="$4" \
        -Dbitquark.seeder.announce.enabled=false -jar "$JAR" > "$state.log" 2>&1 &
    bq_pid=$!
    pids+=("$bq_pid")
    wait_http "http://127.0.0.1:$3/q/health/ready"
}
add_bitquark() { # $1 http port, $2 download (true/false): adds the torrent and waits until it is downloading or seeding
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/x-bittorrent' --data-binary @"$work/big.torrent" \
        "http://127.0.0.1:$1/api/torrents?dataPath=big.bin&download=$2"
    for _ in $(seq 1 1200); do
        curl -fs "http://127.0.0.1:$1/api/torrents/$id" | grep -Eq '"state":"(downloading|seeding)"' && return 0
        sleep 0.1
    done
    return 1
}
give_peers() { # $1 http port, $@ peer ports on 127.0.0.1
    local http=$1 list=""; shift
    for p in "$@"; do list="$list${list:+, }\"127.0.0.1:$p\""; done
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"peers\": [$list]}" \
        "http://127.0.0.1:$http/api/torrents/$id/peers"
}
await_seeding() { # $1 http port, $2 optional progress file: appends "epoch-seconds downloaded-bytes" every ~50 ms
    local view
    for _ in $(seq 1 18000); do
        view=$(curl -fs "http://127.0.0.1:$1/api/torrents/$id") || view=""
        [ -n "${2:-}" ] && echo "$(date +%s.%N) $(json_number downloaded <<< "$view")" >> "$2"
        grep -q '"state":"seeding"' <<< "$view" && return 0
        sleep 0.05
    done
    return 1
}

# One timed BitQuark download of the torrent from the given seed ports: a fresh process on CPU 0 writing to
# /dev/shm (after an untimed download in it, removed with its data, when WARMUP=1), timed from the peers given
# to `seeding`; the copy is compared with the content. Appends to $results:
# bitquark t0 t1 cpu0 cpu1 rss-after-add-KiB VmHWM-KiB wasted-bytes progress-file
download_bitquark() {
    local http peer dir progress
    http=$(free_port); peer=$(free_port); dir="$shm/bq"; progress="$work/progress-bq-$peer"
    rm -rf "$dir"; mkdir -p "$dir"
    start_bitquark 0 "$dir" "$http" "$peer"
    local pid=$bq_pid
    if [ "$WARMUP" = 1 ]; then
        add_bitquark "$http" true
        give_peers "$http" "$@"
        await_seeding "$http" || { log "bitquark warm-up did not finish"; return 1; }
        curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:$http/api/torrents/$id?deleteData=true"
    fi
    add_bitquark "$http" true
    sleep 1
    local rss0 cpu0 t0 t1 cpu1 hwm
    rss0=$(status_kib "$pid" VmRSS)
    cpu0=$(cpu_seconds "$pid")
    t0=$(date +%s.%N)
    give_peers "$http" "$@"
    local done=0
    await_seeding "$http" "$progress" && done=1
    t1=$(date +%s.%N)
    cpu1=$(cpu_seconds "$pid")
    hwm=$(status_kib "$pid" VmHWM)
    local wasted; wasted=$(curl -fs "http://127.0.0.1:$http/api/torrents/$id" | json_number wastedBytes)
    stop_pid "$pid"
    [ "$done" = 1 ] || { log "bitquark did not finish: $(tail -5 "$work/state-$peer.log")"; return 1; }
    cmp -s "$dir/big.bin" "$work/data/big.bin" || { log "bitquark's copy differs"; return 1; }
    rm -rf "$dir"
    echo -e "bitquark\t$t0\t$t1\t$cpu0\t$cpu1\t$rss0\t$hwm\t${wasted:-0}\t$progress" >> "$results"
}

# One timed libtorrent download (lt_leech.py on CPU 0, uTP off, writing to /dev/shm) from the given seed ports,
# timed from the process start; its progress file has "seconds-since-its-start downloaded-bytes" lines. Appends:
# libtorrent t0 t1 0 cpu-seconds 0 max-RSS-KiB redundant-plus-failed-bytes progress-file
download_libtorrent() {
    local dir="$shm/lt" peers=() p
    for p in "$@"; do peers+=("127.0.0.1:$p"); done
    rm -rf "$dir"; mkdir -p "$dir"
    local progress="$work/progress-lt-$RANDOM$RANDOM"
    local t0 t1 out report; t0=$(date +%s.%N)
    out=$( { taskset -c 0 /usr/bin/time -f "%U %S %M" $PY "$LEECH" --progress "$progress" "$work/big.torrent" "$dir" 900 "${peers[@]}" > "$work/lt-report"; } 2>&1 | tail -1)
    t1=$(date +%s.%N)
    report=$(cat "$work/lt-report")
    cmp -s "$dir/big.bin" "$work/data/big.bin" || { log "libtorrent's copy differs: $report"; return 1; }
    rm -rf "$dir"
    local user sys maxkib redundant failed
    read -r user sys maxkib <<< "$out"
    redundant=$(json_number redundant_bytes <<< "$report"); failed=$(json_number failed_bytes <<< "$report")
    echo -e "libtorrent\t$t0\t$t1\t0\t$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')\t0\t$maxkib\t$(( ${redundant:-0} + ${failed:-0} ))\t$progress" >> "$results"
}

#!/usr/bin/env bash
# The seed pool (issue 11) on loopback: replication to R = 2 and R = 3 against one libtorrent download, and healing
# after an owner is killed.
#   - origin: a seeder-service that is not a pool member, seeding SIZE_MIB (1024) MiB of random bytes in 1 MiB pieces
#     from its data root (page cache) and announcing (announce-ip 127.0.0.1) to a tracker-service, the torrent's
#     only tracker; pinned to CPU 0 with the tracker-service and the redis-server (on a free port) of the pool;
#   - members: 3 seeder-services with bitquark.seeder.pool.enabled=true on that Redis (member ids seeder-0..2,
#     production defaults: heartbeat 2s, member-timeout 10s, grace 15s), data roots in /dev/shm, all pinned to
#     CPU 1. A fetching member dials the members that report copies and the peers the tracker gives (the origin);
#   - anchor: one lt_leech.py (uTP off, CPU 1, writing to /dev/shm) downloading the same content from the origin,
#     given its address, timed from the process start to its exit.
# Every JVM: -Xmx$XMX -XX:MaxDirectMemorySize=$DIRECT, the packaged jars.
# Replication, per round (order alternated each round): libtorrent, R=2, R=3 (or the reverse). Each pool time is from
# POST /pool/torrents?replicas=R (to seeder-0) until GET /pool/torrents/{infoHash} says "placed" (polled every
# 100 ms, bench/seeder/pool_watch.py); between pool rounds the torrent is deleted from the pool and every member's
# copy is gone. With WARMUP=1 (the default) an untimed R=3 round first warms the origin and every member.
# Per run: seconds, MiB/s (size / seconds: the time until all R copies are verified), ratio to libtorrent's time,
# the origin's CPU seconds per GiB it sent (its torrent view's uploaded bytes) and the members' CPU seconds per GiB
# they received (R x size).
# Heal, HEAL_ROUNDS (1) times: a fresh HEAL_MIB (24) MiB torrent (seeded by the origin) placed with R = 2 on the 3
# members; the first owner is SIGKILLed; a surviving owner's view is polled every 100 ms: detection = from the kill
# until the third member's copy appears (the torrent was reassigned to it), copy = from there until that copy is
# reported seeding; also when the view first said "degraded" (the member timeout) and when the third member's own
# torrent view said seeding. The killed member is then restarted empty for the next round. Target: total <= 60 s.
# Settings: SIZE_MIB, ROUNDS (1), WARMUP (1), HEAL_MIB (24), HEAL_ROUNDS (1), SKIP_REPLICATION=1, SKIP_HEAL=1, XMX,
# DIRECT, SKIP_BUILD=1, KEEP_DIR=1 (keeps the work directory with every process's log), TMP_PARENT.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${ROUNDS:-1}"
HEAL_MIB="${HEAL_MIB:-24}"
HEAL_ROUNDS="${HEAL_ROUNDS:-1}"
MEMBERS=3
ORIGIN_CPU=0
MEMBER_CPU=1
command_line="SIZE_MIB=${SIZE_MIB:-1024} ROUNDS=$ROUNDS WARMUP=${WARMUP:-1} HEAL_MIB=$HEAL_MIB HEAL_ROUNDS=$HEAL_ROUNDS bench/seeder/pool-bench.sh"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -q -o package -DskipTests -pl tracker-service,seeder-service -am
fi
SKIP_BUILD=1 # built above
. bench/seeder/common.sh
TRACKER_JAR="$repo/tracker-service/target/quarkus-app/quarkus-run.jar"
WATCH="$repo/bench/seeder/pool_watch.py"
MiB=$((1024 * 1024))

# redis-server and tracker-service, on CPU 0 with the origin
redis_port=$(free_port)
taskset -c "$ORIGIN_CPU" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work" > "$work/redis.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping 2> /dev/null | grep -q PONG && break; sleep 0.1; done
tracker_http=$(free_port); tracker_udp=$(free_port)
taskset -c "$ORIGIN_CPU" java -Xmx256m -Dquarkus.http.port="$tracker_http" -Dquarkus.http.host=127.0.0.1 \
    -Dbitquark.tracker.store=memory -Dbitquark.tracker.udp.host=127.0.0.1 -Dbitquark.tracker.udp.port="$tracker_udp" \
    -Dbitquark.tracker.access-log=false -jar "$TRACKER_JAR" > "$work/tracker.log" 2>&1 &
pids+=("$!")
wait_http "http://127.0.0.1:$tracker_http/q/health/ready"
announce="http://127.0.0.1:$tracker_http/announce"

# the pool's torrent: the same content as $work/big.torrent (the same info-hash), announcing to the tracker
mktorrent -l 20 -a "$announce" -o "$work/pool.torrent" "$work/data/big.bin" > /dev/null
pool_id=$($PY -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$work/pool.torrent")
[ "$pool_id" = "$id" ] || { log "pool.torrent has another info-hash than big.torrent"; exit 1; }

start_seeder() { # $1 CPU, $2 data root, $3 state dir, $4 http port, $5 peer port, $6 log, then -Dkey=value...: pid in $bq_pid
    local cpu=$1 root=$2 state=$3 http=$4 peer=$5 out=$6
    shift 6
    taskset -c "$cpu" java -Xmx"$XMX" -XX:MaxDirectMemorySize="$DIRECT" -Dquarkus.http.port="$http" \
        -Dquarkus.http.host=127.0.0.1 -Dbitquark.seeder.data-root="$root" -Dbitquark.seeder.state-dir="$state" \
        -Dbitquark.seeder.peer-host=127.0.0.1 -Dbitquark.seeder.peer-port="$peer" -Dbitquark.seeder.peer-port-last="$peer" \
        -Dbitquark.seeder.announce.enabled=true -Dbitquark.seeder.announce-ip=127.0.0.1 "$@" -jar "$JAR" >> "$out" 2>&1 &
    bq_pid=$!
    pids+=("$bq_pid")
    wait_http "http://127.0.0.1:$http/q/health/ready"
}
origin_seed() { # $1 .torrent, $2 data path: the origin seeds it (checked), and the tracker lists it
    local hash
    hash=$($PY -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$1")
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/x-bittorrent' --data-binary @"$1" \
        "http://127.0.0.1:$origin_http/api/torrents?dataPath=$2"
    for _ in $(seq 1 1200); do
        curl -fs "http://127.0.0.1:$origin_http/api/torrents/$hash" | grep -q '"state":"seeding"' && break
        sleep 0.1
    done
    for _ in $(seq 1 300); do
        curl -fs "http://127.0.0.1:$tracker_http/api/stats?limit=500" | grep -qi "\"infoHash\":\"$hash\"" && return 0
        sleep 0.1
    done
    log "the tracker does not list the origin's $hash"; return 1
}

origin_http=$(free_port); origin_peer=$(free_port)
start_seeder "$ORIGIN_CPU" "$work/data" "$work/origin-state" "$origin_http" "$origin_peer" "$work/origin.log"
origin_pid=$bq_pid
origin_seed "$work/pool.torrent" big.bin
log "origin on 127.0.0.1:$origin_peer (CPU $ORIGIN_CPU), tracker $announce, redis 127.0.0.1:$redis_port"

member_http=(); member_peer=(); member_pid=()
start_member() { # $1 index: seeder-$1, empty, on its ports (kept across restarts)
    local i=$1
    rm -rf "$shm/member-$i" "$work/member-$i-state"
    mkdir -p "$shm/member-$i"
    start_seeder "$MEMBER_CPU" "$shm/member-$i" "$work/member-$i-state" "${member_http[$i]}" "${member_peer[$i]}" \
        "$work/member-$i.log" -Dquarkus.redis.hosts="redis://127.0.0.1:$redis_port" -Dbitquark.seeder.pool.enabled=true \
        -Dbitquark.seeder.pool.member-id="seeder-$i"
    member_pid[$i]=$bq_pid
}
members_settled() { # every member's pool check says settled (it has answered one member timeout) and sees 3 members
    local i
    for _ in $(seq 1 600); do
        local ok=1
        for i in $(seq 0 $((MEMBERS - 1))); do
            curl -fs "http://127.0.0.1:${member_http[$i]}/q/health/ready" | tr -d ' \n' | grep -q '"settled":true' || ok=0
            [ "$(curl -fs "http://127.0.0.1:${member_http[$i]}/pool/members" | grep -o '"live":true' | wc -l)" = "$MEMBERS" ] || ok=0
        done
        [ "$ok" = 1 ] && return 0
        sleep 0.5
    done
    log "the members did not settle"; return 1
}
for i in $(seq 0 $((MEMBERS - 1))); do
    member_http[$i]=$(free_port); member_peer[$i]=$(free_port)
    start_member "$i"
done
members_settled
log "$MEMBERS members on CPU $MEMBER_CPU (peer ports ${member_peer[*]}), settled"

members_cpu() { local s=0 i; for i in "${member_pid[@]}"; do s=$(awk -v a="$s" -v b="$(cpu_seconds "$i")" 'BEGIN {print a + b}'); done; echo "$s"; }
origin_uploaded() { curl -fs "http://127.0.0.1:$origin_http/api/torrents/$1" | json_number uploaded; }
pool_remove() { # $1 info-hash, $2 a live member (default 0): out of the pool, and waits until no member holds it
    curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:${member_http[${2:-0}]}/pool/torrents/$1"
    local i
    for _ in $(seq 1 600); do
        local left=0
        for i in "${!member_pid[@]}"; do
            [ -d "/proc/${member_pid[$i]}" ] || continue
            curl -fs "http://127.0.0.1:${member_http[$i]}/api/torrents/$1" > /dev/null 2>&1 && left=1
            [ -e "$shm/member-$i/pool/$1" ] && left=1
        done
        [ "$left" = 0 ] && return 0
        sleep 0.2
    done
    log "copies of $1 are still held"; return 1
}

results="$work/pool-results.tsv"
: > "$results"
# pool run: R; appends pool-R seconds origin-cpu origin-sent-bytes members-cpu received-bytes load
pool_round() {
    local r=$1 c0 m0 u0 out seconds
    c0=$(cpu_seconds "$origin_pid"); m0=$(members_cpu); u0=$(origin_uploaded "$id")
    out=$($PY "$WATCH" place "http://127.0.0.1:${member_http[0]}" "$work/pool.torrent" "$r" 1800) \
        || { log "R=$r: not placed: $out"; return 1; }
    local c1 m1 u1; c1=$(cpu_seconds "$origin_pid"); m1=$(members_cpu); u1=$(origin_uploaded "$id")
    echo "$out" >> "$work/pool-watch.jsonl"
    seconds=$($PY -c 'import json,sys; print(json.load(sys.stdin)["seconds"])' <<< "$out")
    local i copies=0 # a single-file copy is the file <data-root>/pool/<info-hash> itself
    for i in $(seq 0 $((MEMBERS - 1))); do
        if [ -e "$shm/member-$i/pool/$id" ]; then
            cmp -s "$shm/member-$i/pool/$id" "$work/data/big.bin" || { log "seeder-$i's copy differs"; return 1; }
            copies=$((copies + 1))
        fi
    done
    [ "$copies" -ge "$r" ] || { log "R=$r placed, but $copies copies on disk"; return 1; }
    [ "$copies" = "$r" ] || log "R=$r placed with $copies copies on disk (an extra one, deleted once the views agree)"
    echo -e "pool-R$r\t$seconds\t$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}')\t$((u1 - u0))\t$(awk -v a="$m0" -v b="$m1" 'BEGIN {print b - a}')\t$((r * SIZE_MIB * MiB))\t$(cut -d' ' -f1 /proc/loadavg)" >> "$results"
    log "R=$r placed in $seconds s: $out"
    pool_remove "$id"
}
lt_round() { # one libtorrent download from the origin, on CPU 1
    local dir="$shm/lt" c0 u0 t0 t1 out
    rm -rf "$dir"; mkdir -p "$dir"
    c0=$(cpu_seconds "$origin_pid"); u0=$(origin_uploaded "$id")
    t0=$(date +%s.%N)
    out=$( { taskset -c "$MEMBER_CPU" /usr/bin/time -f "%U %S" $PY "$LEECH" "$work/big.torrent" "$dir" 900 \
        "127.0.0.1:$origin_peer" > "$work/lt-report"; } 2>&1 | tail -1)
    t1=$(date +%s.%N)
    cmp -s "$dir/big.bin" "$work/data/big.bin" || { log "libtorrent's copy differs: $(cat "$work/lt-report")"; return 1; }
    rm -rf "$dir"
    local c1 u1 user sys; c1=$(cpu_seconds "$origin_pid"); u1=$(origin_uploaded "$id")
    read -r user sys <<< "$out"
    echo -e "libtorrent\t$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')\t$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}')\t$((u1 - u0))\t$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')\t$((SIZE_MIB * MiB))\t$(cut -d' ' -f1 /proc/loadavg)" >> "$results"
    log "libtorrent: $(tail -1 "$results" | cut -f2) s"
}

if [ "${SKIP_REPLICATION:-0}" != 1 ]; then
    if [ "$WARMUP" = 1 ]; then
        log "untimed R=3 round (warm-up)"
        pool_round 3; : > "$results"
    fi
    for round in $(seq 1 "$ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then order="lt 2 3"; else order="3 2 lt"; fi
        for s in $order; do
            if [ "$s" = lt ]; then lt_round; else pool_round "$s"; fi
        done
    done
    echo "replication of $SIZE_MIB MiB from one origin (pool: POST until placed; libtorrent: process start to exit)"
    med=$(awk -F'\t' '$1 == "libtorrent" {print $2}' "$results" | sort -n \
        | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
    awk -F'\t' -v size="$SIZE_MIB" -v med="$med" '
        { rows[NR] = $0 }
        END {
            printf "%-10s %8s %8s %9s %14s %14s %12s %6s\n", "run", "s", "MiB/s", "x lt", "origin s/GiB", "origin sent", "dl s/GiB", "load"
            for (i = 1; i <= NR; i++) {
                split(rows[i], f, "\t")
                printf "%-10s %8.2f %8.1f %9.2f %14.2f %12.2f GiB %12.2f %6s\n", f[1], f[2], size / f[2], f[2] / med,
                    f[3] / (f[4] / 1073741824), f[4] / 1073741824, f[5] / (f[6] / 1073741824), f[7]
            }
            printf "(x lt: against the median libtorrent time, %.2f s; dl s/GiB: the members'"'"' CPU, or libtorrent'"'"'s, per GiB received)\n", med
        }' "$results"
fi

heal_round() { # $1 round: a fresh HEAL_MIB torrent placed with R=2, its first owner killed
    local n=$1 file="heal-$1.bin"
    head -c "$((HEAL_MIB * MiB))" /dev/urandom > "$work/data/$file"
    mktorrent -l 20 -a "$announce" -o "$work/heal-$n.torrent" "$work/data/$file" > /dev/null
    local hash; hash=$($PY -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$work/heal-$n.torrent")
    origin_seed "$work/heal-$n.torrent" "$file"
    local out; out=$($PY "$WATCH" place "http://127.0.0.1:${member_http[0]}" "$work/heal-$n.torrent" 2 600) \
        || { log "heal torrent not placed: $out"; return 1; }
    echo "$out" >> "$work/pool-watch.jsonl"
    local owners; owners=$($PY -c 'import json,sys; print(" ".join(o.replace("seeder-", "") for o in json.load(sys.stdin)["owners"]))' <<< "$out")
    local victim survivor newcomer i
    read -r victim survivor <<< "$owners"
    for i in $(seq 0 $((MEMBERS - 1))); do
        if [ "$i" != "$victim" ] && [ "$i" != "$survivor" ]; then newcomer=$i; fi
    done
    log "heal round $n: $HEAL_MIB MiB placed on seeder-$victim and seeder-$survivor in $($PY -c 'import json,sys; print(json.load(sys.stdin)["seconds"])' <<< "$out") s; killing seeder-$victim"
    out=$($PY "$WATCH" heal "http://127.0.0.1:${member_http[$survivor]}" "$hash" "${member_pid[$victim]}" \
        "seeder-$newcomer" "http://127.0.0.1:${member_http[$newcomer]}" 600) || { log "not healed: $out"; return 1; }
    echo "$out" >> "$work/pool-watch.jsonl"
    cmp -s "$shm/member-$newcomer/pool/$hash" "$work/data/$file" || { log "seeder-$newcomer's copy differs"; return 1; }
    $PY -c '
import json, sys
r = json.load(sys.stdin); f = r["first"]
print("heal %s: degraded seen %.1f s, reassigned (detection) %.1f s, copy %.1f s, total %.1f s (newcomer seeding locally at %.1f s), placed %.1f s, load %s"
      % (sys.argv[1], f.get("degraded", float("nan")), r["detection"], r["copy"], r["total"], r["local_seeding"] or float("nan"), r["placed"], sys.argv[2]))
' "$n" "$(cut -d' ' -f1 /proc/loadavg)" <<< "$out" | tee -a "$work/heal-results.txt"
    pool_remove "$hash" "$survivor"
    rm -f "$work/data/$file"
    if [ "$n" -lt "$HEAL_ROUNDS" ]; then
        start_member "$victim"
        members_settled
    fi
}
if [ "${SKIP_HEAL:-0}" != 1 ]; then
    for n in $(seq 1 "$HEAL_ROUNDS"); do heal_round "$n"; done
    echo "heal of $HEAL_MIB MiB, R=2 on $MEMBERS members (heartbeat 2s, member-timeout 10s, grace 15s): target total <= 60 s"
    cat "$work/heal-results.txt"
fi
echo "reproduce: $command_line   # at $(git rev-parse --short HEAD)"

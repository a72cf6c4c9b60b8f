#!/usr/bin/env bash
# Redis commands per announce run by the tracker's lua/announce.lua, per kind of announce, counted with
# INFO commandstats in a redis-server of its own on a free port. One swarm: 1000 peers last announced in
# window w-1, 1000 in w, 100 in w-2 (one in five a seeder); then 200 announces of each kind, numwant 50.
#
#   bench/tracker/redis-calls.sh                       # the tracker's current script
#   LAYOUT=old bench/tracker/redis-calls.sh old.lua    # the previous layout's script, e.g. from
#     git show 2bd9ed0:tracker-service/src/main/resources/lua/announce.lua > old.lua
#
# Prints one line per kind: total commands per announce (EVALSHA itself not counted) and per command.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT=${1:-$ROOT/tracker-service/src/main/resources/lua/announce.lua}
LAYOUT=${LAYOUT:-new}

while true; do
  PORT=$((20000 + RANDOM % 12000))
  [[ -z $(ss -Htuan "( sport = :$PORT )") ]] && break
done
WORK=$(mktemp -d /tmp/bitquark-calls-XXXXXX)
redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no >"$WORK/redis-server.log" 2>&1 &
RPID=$!
trap 'kill $RPID 2>/dev/null; wait $RPID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
rc() { redis-cli -p "$PORT" "$@"; }
SHA=$(rc script load "$(cat "$SCRIPT")")
T='bq:{00112233445566778899aabbccddeeff00112233}:'
W=1000000
EXP=$(($(date +%s%3N) + 3600000))

# one EVALSHA line: window peer seeder event numwant
announce() {
  local w=$1 p=$2 s=$3 e=$4 n=$5
  if [[ $LAYOUT == old ]]; then
    printf 'EVALSHA %s 7 %sS:%d %sL:%d %sS:%d %sL:%d %sS:%d %sL:%d %sD p%07d v%025d %d %d %d %d\n' "$SHA" \
      "$T" "$w" "$T" "$w" "$T" $((w - 1)) "$T" $((w - 1)) "$T" $((w - 2)) "$T" $((w - 2)) "$T" "$p" "$p" \
      "$s" "$e" "$n" "$EXP"
  else
    printf 'EVALSHA %s 7 %sS%d %sL%d %sS%d %sL%d %sS%d %sL%d %sC %d S%d L%d S%d L%d S%d L%d p%05d v%025d %d\n' \
      "$SHA" "$T" "$w" "$T" "$w" "$T" $((w - 1)) "$T" $((w - 1)) "$T" $((w - 2)) "$T" $((w - 2)) "$T" "$EXP" \
      "$w" "$w" $((w - 1)) $((w - 1)) $((w - 2)) $((w - 2)) "$p" "$p" $((n * 8 + e * 2 + s))
  fi
}
seeder() { if (($1 % 5 == 0)); then echo 1; else echo 0; fi; }
populate() {
  rc flushall >/dev/null
  {
    for p in $(seq 2001 2100); do announce $((W - 2)) "$p" "$(seeder "$p")" 1 0; done
    for p in $(seq 1 1000); do announce $((W - 1)) "$p" "$(seeder "$p")" 1 0; done
    for p in $(seq 1001 2000); do announce "$W" "$p" "$(seeder "$p")" 1 0; done
  } | rc >/dev/null
}
measure() { # name; the announces on stdin
  local name=$1 file=$WORK/$1.commands n
  cat >"$file"
  populate
  rc config resetstat >/dev/null
  n=$(wc -l <"$file")
  rc <"$file" >/dev/null
  rc info commandstats | tr -d '\r' | grep '^cmdstat_' \
    | grep -v -E '^cmdstat_(evalsha|eval|info|config|script|command)[:|]' \
    | sed -E 's/^cmdstat_([a-z]+):calls=([0-9]+).*/\1 \2/' \
    | awk -v n="$n" -v name="$name" '{ total += $2; per = per sprintf(" %s=%.2f", $1, $2 / n) }
        END { printf "%-32s %6.2f commands/announce:%s\n", name, total / n, per }'
}

echo "Redis commands per announce, layout $LAYOUT, $(basename "$SCRIPT"), $(redis-server --version | cut -d' ' -f3)"
for p in $(seq 2 2 400); do announce "$W" "$p" "$(seeder "$p")" 0 50; done | measure re-announce-from-w-1
for p in $(seq 1001 1200); do announce "$W" "$p" "$(seeder "$p")" 0 50; done | measure re-announce-in-w
for p in $(seq 2001 2100); do announce "$W" "$p" "$(seeder "$p")" 0 50; done | measure re-announce-from-w-2
for p in $(seq 5001 5200); do announce "$W" "$p" "$(seeder "$p")" 1 50; done | measure new-peer
for p in $(seq 1001 1200); do ((p % 5 == 0)) || announce "$W" "$p" 1 2 50; done | measure completed-leecher-of-w
for p in $(seq 1 200); do ((p % 5 == 0)) || announce "$W" "$p" 1 2 50; done | measure completed-leecher-of-w-1
for p in $(seq 1001 1200); do announce "$W" "$p" "$(seeder "$p")" 3 50; done | measure stopped-in-w
for p in $(seq 1 200); do announce "$W" "$p" "$(seeder "$p")" 3 50; done | measure stopped-in-w-1
for p in $(seq 1 200); do announce $((W + 1)) "$p" "$(seeder "$p")" 0 50; done | measure first-announces-of-window-w+1
for p in $(seq 2 2 400); do announce "$W" "$p" "$(seeder "$p")" 0 0; done | measure re-announce-from-w-1-numwant-0

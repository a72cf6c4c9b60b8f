#!/usr/bin/env bash
# Protocol benchmarks against their anchors, in one run:
#   - lenient bencode decode of a generated 10,000-file torrent (target < 10 ms);
#   - v1 piece hashing on 1 and 2 threads vs raw single-core MessageDigest SHA-1 over the same 1 MiB
#     pieces (targets >= 95 % of it per thread, ~2x on 2 threads);
#   - v2 merkle and hybrid hashing vs single-core SHA-256 over the same 16 KiB blocks;
#   - the reading side alone (1 MiB heap / direct, and 128 KiB direct reads as each hashing thread does),
#     which gives the one-thread ceiling 1 / (1 / SHA-1 + 1 / read);
#   - mktorrent -t 1 / -t 2 on the same file (best and median of MKTORRENT_RUNS runs) when installed;
#   - HashingCpuCost: interleaved rounds, wall MB/s and MB per CPU-second next to the anchors.
# Settings: SIZE_MIB (content size, default 512), JMH_ARGS (default short but meaningful runs),
# MKTORRENT_RUNS (default 5), CPU_ROUNDS (HashingCpuCost rounds, default 7),
# RESULTS_DIR (keep the JMH log and JSON there; default a temporary directory removed on exit).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MIB="${SIZE_MIB:-512}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 3 -w 2s -r 3s}"
MKTORRENT_RUNS="${MKTORRENT_RUNS:-5}"
CPU_ROUNDS="${CPU_ROUNDS:-7}"

./mvnw -q -o -pl protocol,bench -am package -DskipTests

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="${RESULTS_DIR:-$work}"
mkdir -p "$results"
data="$work/content.bin"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$data"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
# shellcheck disable=SC2086
java -jar bench/target/benchmarks.jar 'io\.bitquark\.bench\.(BencodeDecodeBenchmark|PieceHashingBenchmark)\.' \
    $JMH_ARGS -p sizeMiB="$SIZE_MIB" -p dataFile="$data" \
    -rf json -rff "$results/jmh.json" > "$results/jmh.log"
grep -A 30 '^Benchmark ' "$results/jmh.log"

mktorrent_times=""
if command -v mktorrent > /dev/null; then
    for _ in $(seq "$MKTORRENT_RUNS"); do
        for threads in 1 2; do
            rm -f "$work/mktorrent.torrent"
            start=$(date +%s%N)
            mktorrent -t "$threads" -l 20 -o "$work/mktorrent.torrent" "$data" > /dev/null
            end=$(date +%s%N)
            mktorrent_times="$mktorrent_times $threads:$(( (end - start) / 1000000 ))"
        done
    done
else
    echo "mktorrent not installed (apt-get install -y mktorrent): skipping it"
fi
java -Xmx2g -cp bench/target/benchmarks.jar io.bitquark.bench.HashingCpuCost "$data" "$CPU_ROUNDS" | tee "$results/cpu-cost.txt"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"

python3 - "$results/jmh.json" "$SIZE_MIB" "$mktorrent_times" <<'PY'
import json, sys

path, size_mib, mk = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
mb = size_mib * 1024 * 1024 / 1e6
runs = {}
for r in json.load(open(path)):
    name = r["benchmark"].rsplit(".", 1)[1]
    raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    runs[name] = (r["primaryMetric"]["score"], min(raw))

def speed(name, best):
    per_op = mb * (2 if name == "sha1TwoCoresRaw" else 1)
    return per_op / (runs[name][1 if best else 0] / 1000)

print()
if "decodeLenient" in runs:
    mean, best = runs["decodeLenient"]
    print(f"bencode decode, 10,000-file torrent: mean {mean:.2f} ms, best iteration {best:.2f} ms "
          f"(target < 10 ms: {'met' if mean < 10 else 'NOT met'})")
print(f"{'figure':<48}{'mean MB/s':>11}{'best MB/s':>11}  ratio to anchor (mean / best)")
rows = [
    ("sha1SingleCore", None, "anchor: MessageDigest SHA-1, 1 core"),
    ("sha1TwoCoresRaw", None, "ceiling: raw SHA-1 on 2 threads"),
    ("v1OneThread", ("sha1SingleCore", 1, 0.95), "v1, 1 thread  vs SHA-1 (>= 0.95)"),
    ("v1TwoThreads", ("sha1SingleCore", 2, 0.95), "v1, 2 threads, per thread vs SHA-1 (>= 0.95)"),
    ("sha256BlocksSingleCore", None, "anchor: SHA-256 per 16 KiB, 1 core"),
    ("v2OneThread", ("sha256BlocksSingleCore", 1, None), "v2, 1 thread  vs SHA-256"),
    ("v2TwoThreads", ("sha256BlocksSingleCore", 2, None), "v2, 2 threads, per thread vs SHA-256"),
    ("v1TwoThreads", ("sha1TwoCoresRaw", 1, None), "v1, 2 threads vs raw SHA-1 on 2 threads"),
    ("hybridTwoThreads", None, "hybrid v1+v2, 2 threads"),
    ("readOnlyHeap", None, "reading alone, heap buffer"),
    ("readOnlyDirect", None, "reading alone, direct buffer"),
    ("readOnlyDirectChunked", None, "reading alone, 128 KiB direct reads"),
]
for name, anchor, label in rows:
    if name not in runs:
        continue
    line = f"{label:<48}{speed(name, False):>11.0f}{speed(name, True):>11.0f}"
    if anchor:
        a, threads, target = anchor
        ratios = [speed(name, b) / threads / speed(a, b) for b in (False, True)]
        line += f"  {ratios[0]:.2f} / {ratios[1]:.2f}"
        if target:
            line += f"  target {target}: {'met' if ratios[0] >= target else 'NOT met'}"
    print(line)
for a, b in (("v1OneThread", "v1TwoThreads"), ("v2OneThread", "v2TwoThreads")):
    if a in runs and b in runs:
        print(f"scaling {b} / {a}: mean {speed(b, False) / speed(a, False):.2f}x, "
              f"best {speed(b, True) / speed(a, True):.2f}x (target ~2x)")
if "sha1SingleCore" in runs and "readOnlyDirectChunked" in runs:
    for best in (False, True):
        ceiling = 1 / (1 / speed("sha1SingleCore", best) + 1 / speed("readOnlyDirectChunked", best))
        print(f"one-thread ceiling, reading and hashing on one core ({'best' if best else 'mean'}): "
              f"{ceiling:.0f} MB/s = {ceiling / speed('sha1SingleCore', best):.2f} of SHA-1")
mk_rates = {}
for entry in mk:
    threads, ms = entry.split(":")
    mk_rates.setdefault(threads, []).append(mb / (int(ms) / 1000))
for threads, rates in sorted(mk_rates.items()):
    rates.sort()
    best, median = rates[-1], rates[len(rates) // 2]
    line = f"mktorrent -t {threads} -l 20, {len(rates)} runs: best {best:.0f} MB/s, median {median:.0f} MB/s"
    ours = "v1OneThread" if threads == "1" else "v1TwoThreads"
    if ours in runs:
        line += (f"; {ours} / mktorrent: mean/median {speed(ours, False) / median:.2f}, "
                 f"best/best {speed(ours, True) / best:.2f}")
    print(line)
if "1" in mk_rates and "2" in mk_rates:
    print(f"mktorrent scaling -t 2 / -t 1 (median): {sorted(mk_rates['2'])[len(mk_rates['2']) // 2] / sorted(mk_rates['1'])[len(mk_rates['1']) // 2]:.2f}x")
PY

#!/usr/bin/env bash
# Protocol benchmarks against their anchors, in one run:
#   - lenient bencode decode of a generated 10,000-file torrent (target < 10 ms);
#   - v1 piece hashing on 1 and 2 threads vs raw single-core MessageDigest SHA-1 over the same 1 MiB
#     pieces (targets >= 95 % of it per thread, ~2x on 2 threads);
#   - v2 merkle and hybrid hashing vs single-core SHA-256 over the same 16 KiB blocks;
#   - mktorrent -t 1 / -t 2 on the same file, for context, when mktorrent is installed;
#   - HashingCpuCost: MB per CPU-second next to the anchors, which other load on the machine does not skew.
# Settings: SIZE_MIB (content size, default 512), JMH_ARGS (default short but meaningful runs),
# RESULTS_DIR (keep the JMH log and JSON there; default a temporary directory removed on exit).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MIB="${SIZE_MIB:-512}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 3 -w 2s -r 3s}"

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
grep -A 20 '^Benchmark ' "$results/jmh.log"

mktorrent_times=""
if command -v mktorrent > /dev/null; then
    for threads in 1 2; do
        rm -f "$work/mktorrent.torrent"
        start=$(date +%s%N)
        mktorrent -t "$threads" -l 20 -o "$work/mktorrent.torrent" "$data" > /dev/null
        end=$(date +%s%N)
        mktorrent_times="$mktorrent_times $threads:$(( (end - start) / 1000000 ))"
    done
else
    echo "mktorrent not installed (apt-get install -y mktorrent): skipping it"
fi
java -Xmx2g -cp bench/target/benchmarks.jar io.bitquark.bench.HashingCpuCost "$data" 5 | tee "$results/cpu-cost.txt"
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
for entry in mk:
    threads, ms = entry.split(":")
    rate = mb / (int(ms) / 1000)
    vs = rate / speed("sha1SingleCore", False) if "sha1SingleCore" in runs else float("nan")
    print(f"mktorrent -t {threads} -l 20: {int(ms)} ms, {rate:.0f} MB/s ({vs:.2f}x of Java single-core SHA-1, one run)")
PY

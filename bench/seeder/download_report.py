"""Summarises the downloads of swarm-download-bench.sh and seeder-to-seeder-bench.sh (rows from common.sh).

Each row: name t0 t1 cpu0 cpu1 rss-after-add-KiB peak-KiB wasted-bytes progress-file. A BitQuark progress file
holds "epoch-seconds bytes" lines (t0 is the same clock); a libtorrent one "seconds-since-its-start bytes" lines,
whose total is the last line's time. The last 1 %: from the moment the bytes crossed 99 % of the size
(interpolated between the two samples around it) to completion, as a share of the total time.

usage: download_report.py RESULTS SIZE_MIB
"""
import statistics
import sys


def samples(path):
    rows = []
    for line in open(path):
        parts = line.split()
        if len(parts) == 2 and parts[1]:
            rows.append((float(parts[0]), int(parts[1])))
    return rows


def last_percent_share(points, start, end, size):
    """The share of end - start spent after the bytes crossed 99 % of size."""
    mark = 0.99 * size
    before = (start, 0)
    for t, b in points:
        if b >= mark:
            t0, b0 = before
            crossed = t0 + (t - t0) * (mark - b0) / (b - b0) if b > b0 else t
            return (end - crossed) / (end - start)
        before = (t, b)
    return float("nan")


def main():
    rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
    size_mib = int(sys.argv[2])
    size = size_mib * 1024 * 1024
    print("downloader\twall_s\tMiB_per_s\tcpu_s_per_GiB\trss_after_add_MiB\tpeak_rss_MiB\tgrowth_MiB"
          "\tlast_1pct_share_of_time\tredundant_bytes\tredundant_pct")
    by = {}
    for name, t0, t1, c0, c1, rss0, hwm, wasted, progress in rows:
        wall = float(t1) - float(t0)
        cpu = (float(c1) - float(c0)) / (size_mib / 1024)
        rss0, hwm = int(rss0) // 1024, int(hwm) // 1024
        points = samples(progress)
        if name == "bitquark":
            share = last_percent_share(points, float(t0), points[-1][0] if points else float(t1), size)
            growth = hwm - rss0
        else:
            share = last_percent_share(points, 0.0, points[-1][0] if points else wall, size)
            growth = None
        redundant = int(wasted)
        by.setdefault(name, []).append((size_mib / wall, cpu, growth, share, redundant))
        print("%s\t%.2f\t%.1f\t%.2f\t%s\t%d\t%s\t%.1f%%\t%d\t%.3f%%" % (
            name, wall, size_mib / wall, cpu, rss0 if growth is not None else "-", hwm,
            growth if growth is not None else "-", 100 * share, redundant, 100 * redundant / size))
    b, l = by.get("bitquark"), by.get("libtorrent")
    if b and l:
        mb, ml = statistics.median(x[0] for x in b), statistics.median(x[0] for x in l)
        print("\nmedian MiB/s: bitquark %.1f, libtorrent %.1f, ratio %.2f (target >= 1.0)" % (mb, ml, mb / ml))
        print("median CPU s/GiB: bitquark %.2f, libtorrent %.2f"
              % (statistics.median(x[1] for x in b), statistics.median(x[1] for x in l)))
        print("bitquark RSS growth over the RSS after the add: max %d MiB (target <= 128)" % max(x[2] for x in b))
        for name, xs in (("bitquark", b), ("libtorrent", l)):
            print("%s: last 1 %% of bytes max %.1f %% of the time (target <= 5 %%), redundant max %.3f %% (target <= 1 %%)"
                  % (name, 100 * max(x[3] for x in xs), 100 * max(x[4] for x in xs) / size))


if __name__ == "__main__":
    main()

"""CPU time per thread of one process while a command runs: the `top -H` view, but summed over the run.

Usage: /usr/bin/python3 thread_cpu.py PID LABEL STOP_FILE
Samples /proc/PID/task/*/stat every 20 ms until STOP_FILE exists, then prints, for the run, the CPU time
(user + system) of each thread name; threads that start and end during the run (a piece hasher's workers)
count with their last sample. Numbered threads (executor-thread-1, ...) are summed under name-N.
"""
import collections
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def sample(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (name, (int(fields[11]) + int(fields[12])) * 1000 / HZ)
    return out


def main():
    pid, label, stop = sys.argv[1], sys.argv[2], sys.argv[3]
    first = sample(pid)
    last = dict(first)
    while not os.path.exists(stop):
        time.sleep(0.02)
        last.update(sample(pid))
    last.update(sample(pid))
    groups = collections.Counter()
    for tid, (name, cpu) in last.items():
        delta = cpu - first.get(tid, (name, 0.0))[1]
        if delta > 0:
            groups[re.sub(r"[-_ ]?\d+$", "-N", name)] += delta
    total = sum(groups.values())
    print(f"{label}: {total:.0f} ms CPU over all threads (thread names as the kernel keeps them, 15 characters)")
    for name, ms in groups.most_common(8):
        print(f"  {name:<28}{ms:>8.0f} ms  {100 * ms / max(total, 1):5.1f} %")


if __name__ == "__main__":
    main()

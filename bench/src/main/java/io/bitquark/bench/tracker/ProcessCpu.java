package io.bitquark.bench.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time of other processes (the tracker under load, its redis-server), from {@code /proc/<pid>/stat}:
 * utime + stime, fields 14 and 15, in clock ticks of 1/100 s (Linux's USER_HZ on every common platform).
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {}

    /** The summed CPU seconds of {@code pids} so far. */
    static double seconds(long[] pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    static long[] parse(String pids) {
        return pids.isBlank()
                ? new long[0]
                : Arrays.stream(pids.trim().split("[ ,]+"))
                        .mapToLong(Long::parseLong)
                        .toArray();
    }
}

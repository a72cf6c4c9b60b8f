package io.bitquark.bench.tracker;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM, to report what a load generator itself cost on a machine it shares with its target. */
final class CpuTime {

    private CpuTime() {}

    /** User plus system CPU nanoseconds of this process so far; 0 where the platform does not tell. */
    static long ofThisProcess() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}

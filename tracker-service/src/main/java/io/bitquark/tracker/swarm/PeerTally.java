package io.bitquark.tracker.swarm;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts live peers across all swarms without scanning any: each window keeps a counter of the peers that
 * announced in it (+1 when a peer enters the window, −1 when it leaves for a newer one or stops), and the
 * live total is the sum over the live windows. A window's counter dies with its window.
 *
 * <p>The Redis store accumulates changes here and adds them to shared counters ({@code bq:peers:<window>})
 * periodically, so the gauge costs no round trip on the announce path.
 */
final class PeerTally {

    private final ConcurrentHashMap<Long, LongAdder> pending = new ConcurrentHashMap<>();

    /** Records one announce's effect: the age of the window the peer left (or −1) and whether it entered the current one. */
    void record(long window, int removedAge, boolean added) {
        if (removedAge >= 0) {
            pending.computeIfAbsent(window - removedAge, w -> new LongAdder()).decrement();
        }
        if (added) {
            pending.computeIfAbsent(window, w -> new LongAdder()).increment();
        }
    }

    /** Takes the accumulated changes per window, leaving zero behind. */
    Map<Long, Long> drain() {
        Map<Long, Long> out = new HashMap<>();
        for (Map.Entry<Long, LongAdder> e : pending.entrySet()) {
            long delta = e.getValue().sumThenReset();
            if (delta != 0) {
                out.put(e.getKey(), delta);
            }
        }
        pending.entrySet().removeIf(e -> e.getValue().sum() == 0);
        return out;
    }
}

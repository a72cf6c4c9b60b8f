package io.bitquark.seeder.announce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A torrent's trackers in BEP 12 order. Each tier is shuffled once, when the torrent is added; announces
 * then try the trackers in order, tier by tier, and a tracker that answers moves to the front of its tier,
 * so later announces reach it first.
 *
 * <pre>
 * announce-list [[A, B], [C]]  --shuffle once--&gt;  [[B, A], [C]]
 * walk: B (no answer), A (answers)               --A to the front--&gt;  [[A, B], [C]]
 * </pre>
 *
 * <p>A URL listed twice is kept at its first place; empty tiers are dropped. Not thread-safe: the
 * announcer uses it from its own Vert.x context.
 */
final class TrackerTiers {

    private final List<List<TrackerState>> tiers = new ArrayList<>();

    TrackerTiers(List<List<String>> announceList, Random random) {
        Set<String> seen = new HashSet<>();
        for (List<String> urls : announceList) {
            List<TrackerState> tier = new ArrayList<>();
            for (String url : urls) {
                if (seen.add(url)) {
                    tier.add(new TrackerState(url, tiers.size()));
                }
            }
            if (!tier.isEmpty()) {
                Collections.shuffle(tier, random);
                tiers.add(tier);
            }
        }
    }

    /** Every tracker in the order an announce tries them: tier by tier, each tier in its current order. */
    List<TrackerState> inOrder() {
        List<TrackerState> order = new ArrayList<>();
        tiers.forEach(order::addAll);
        return order;
    }

    /** Moves a tracker that answered to the front of its tier. */
    void promote(TrackerState tracker) {
        List<TrackerState> tier = tiers.get(tracker.tier());
        if (tier.remove(tracker)) {
            tier.add(0, tracker);
        }
    }

    boolean isEmpty() {
        return tiers.isEmpty();
    }
}

package io.bitquark.tracker.swarm;

import java.util.List;

/** One page of the known swarms, newest activity first, and how many swarms there are in all. */
public record SwarmPage(List<SwarmCounts> swarms, long total) {

    public SwarmPage {
        swarms = List.copyOf(swarms);
    }
}

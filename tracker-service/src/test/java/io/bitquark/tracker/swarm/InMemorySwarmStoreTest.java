package io.bitquark.tracker.swarm;

import java.util.function.LongSupplier;

class InMemorySwarmStoreTest extends SwarmStoreContract {

    @Override
    SwarmStore newStore(PeerWindows windows, LongSupplier clock) {
        return new InMemorySwarmStore(windows, clock);
    }
}

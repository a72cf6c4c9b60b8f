package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store whose announces are made from Vert.x event loops, taking turns, as the tracker's front ends
 * make them: so a specification run through it exercises the store's per-loop connections.
 */
final class OnEventLoops implements SwarmStore {

    private final SwarmStore store;
    private final Context[] loops;
    private final AtomicInteger turn = new AtomicInteger();

    OnEventLoops(SwarmStore store, Context... loops) {
        this.store = store;
        this.loops = loops;
    }

    @Override
    public void announce(AnnounceBatch batch, Runnable done) {
        loops[Math.floorMod(turn.getAndIncrement(), loops.length)].runOnContext(v -> store.announce(batch, done));
    }

    @Override
    public boolean coalesces() {
        return store.coalesces();
    }

    @Override
    public Uni<List<SwarmCounts>> scrape(List<byte[]> infoHashes) {
        return store.scrape(infoHashes);
    }

    @Override
    public Uni<SwarmPage> swarms(int offset, int limit) {
        return store.swarms(offset, limit);
    }

    @Override
    public Uni<Long> livePeers() {
        return store.livePeers();
    }

    @Override
    public Uni<Boolean> ping() {
        return store.ping();
    }
}

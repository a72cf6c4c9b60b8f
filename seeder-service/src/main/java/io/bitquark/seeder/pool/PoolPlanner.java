package io.bitquark.seeder.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one member does next about the pool's torrents, decided alone from a {@link PoolSnapshot} and what it holds
 * itself: no leader, no consensus. Each member runs it after each heartbeat; the actions of all members together
 * converge on R verified copies of every torrent, on the members {@link RendezvousPlacement} chooses.
 *
 * <pre>
 * owner, holds nothing                    -&gt; fetch (from the members that hold copies, and the swarm)
 *   a heal when fewer than R live copies are verified; otherwise a move, at most max-concurrent-moves at once
 * not an owner, holds a copy being fetched -&gt; delete it (it is not needed here)
 * not an owner, holds a verified copy      -&gt; delete it only once every owner is live and seeds a verified copy
 *                                             (make before break), and never the last verified copy
 * holds a torrent no longer in the catalog -&gt; delete it
 * </pre>
 *
 * <p>Nothing is deleted or reassigned while the pool is not {@code settled}: for one member timeout after the store
 * became reachable again, every member must have had the time to beat, or the members that could not beat during an
 * outage would look gone. Two members that briefly see different member sets may both fetch a torrent each thinks
 * it owns; the extra copy is deleted once the views agree and the owners seed, so views that differ cost transfers,
 * never data.
 */
public final class PoolPlanner {

    /** Something this member is to do. */
    public sealed interface Action permits Fetch, Delete {
        /** The torrent it concerns, lower-case hex. */
        String infoHash();
    }

    /**
     * Download the torrent and seed it, dialling {@code sources} (the peer-wire addresses of the members that hold or
     * fetch copies); {@code heal} when the pool has fewer than R verified live copies.
     */
    public record Fetch(String infoHash, boolean heal, List<String> sources) implements Action {}

    /** Stop the torrent and delete this member's copy. */
    public record Delete(String infoHash, String why) implements Action {}

    private final int maxConcurrentMoves;

    /** @param maxConcurrentMoves the most torrents fetched at once for rebalancing (heals are not counted) */
    public PoolPlanner(int maxConcurrentMoves) {
        if (maxConcurrentMoves < 1) {
            throw new IllegalArgumentException("max-concurrent-moves must be at least 1, got " + maxConcurrentMoves);
        }
        this.maxConcurrentMoves = maxConcurrentMoves;
    }

    /**
     * The actions of member {@code self}, which holds {@code local} (its pool torrents, by info-hash, as they stand
     * on its disk).
     *
     * @param settled whether the store has answered for at least one member timeout (see the class comment)
     */
    public List<Action> plan(PoolSnapshot pool, String self, Map<String, CopyState> local, boolean settled) {
        List<Action> actions = new ArrayList<>();
        if (!settled) {
            return actions;
        }
        int moves = 0;
        for (Map.Entry<String, CopyState> held : local.entrySet()) {
            PoolTorrent torrent = pool.torrent(held.getKey());
            if (torrent != null
                    && held.getValue().stage() == CopyState.Stage.FETCHING
                    && pool.liveSeeds(torrent).size() >= torrent.replicas()) {
                moves++;
            }
        }
        for (String held : local.keySet()) {
            if (pool.torrent(held) == null) {
                actions.add(new Delete(held, "removed from the pool"));
            }
        }
        for (PoolTorrent torrent : pool.torrents()) {
            List<PoolMember> owners = pool.owners(torrent);
            boolean owner = owners.stream().anyMatch(o -> o.id().equals(self));
            CopyState mine = local.get(torrent.infoHash());
            if (owner && mine == null) {
                Set<String> seeds = pool.liveSeeds(torrent);
                boolean heal = seeds.size() < torrent.replicas();
                if (heal || moves < maxConcurrentMoves) {
                    moves += heal ? 0 : 1;
                    actions.add(new Fetch(torrent.infoHash(), heal, pool.sources(torrent, self)));
                }
            } else if (!owner && mine != null) {
                if (mine.stage() == CopyState.Stage.FETCHING) {
                    actions.add(new Delete(torrent.infoHash(), "not an owner"));
                } else if (!pool.needs(torrent, self)) {
                    actions.add(new Delete(torrent.infoHash(), "every owner seeds a verified copy"));
                }
            }
        }
        return actions;
    }
}

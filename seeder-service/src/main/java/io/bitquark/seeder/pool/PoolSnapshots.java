package io.bitquark.seeder.pool;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link PoolSnapshot} from a {@link PoolStore}: the members heard within the timeout and the grace, the
 * drained ones, the catalog, each torrent's copies and the store's now. Not one atomic read: a member that reads
 * while another writes may see a copy a moment late, which the next read after the next beat corrects.
 */
public final class PoolSnapshots {

    private final PoolStore store;
    private final Duration memberTimeout;
    private final Duration grace;

    public PoolSnapshots(PoolStore store, Duration memberTimeout, Duration grace) {
        this.store = store;
        this.memberTimeout = memberTimeout;
        this.grace = grace;
    }

    /** The pool now. */
    public Uni<PoolSnapshot> read() {
        return Uni.combine()
                .all()
                .unis(store.now(), store.liveMembers(memberTimeout.plus(grace)), store.drained(), store.torrents())
                .asTuple()
                .chain(t -> {
                    List<PoolTorrent> torrents = t.getItem4();
                    if (torrents.isEmpty()) {
                        return Uni.createFrom()
                                .item(new PoolSnapshot(
                                        t.getItem1(),
                                        memberTimeout,
                                        grace,
                                        t.getItem2(),
                                        t.getItem3(),
                                        torrents,
                                        Map.of()));
                    }
                    List<Uni<Map<String, CopyState>>> reads = new ArrayList<>();
                    for (PoolTorrent torrent : torrents) {
                        reads.add(store.copies(torrent.infoHash()));
                    }
                    return Uni.join().all(reads).andFailFast().map(all -> {
                        Map<String, Map<String, CopyState>> copies = new HashMap<>();
                        for (int i = 0; i < torrents.size(); i++) {
                            copies.put(torrents.get(i).infoHash(), all.get(i));
                        }
                        return new PoolSnapshot(
                                t.getItem1(), memberTimeout, grace, t.getItem2(), t.getItem3(), torrents, copies);
                    });
                });
    }
}

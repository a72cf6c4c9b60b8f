package io.bitquark.tracker.allowlist;

import io.bitquark.tracker.config.TrackerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The optional info-hash allowlist (bttrack's {@code allowed_dir}, opentracker's whitelist). When enabled,
 * only listed swarms are tracked. The list lives in the {@link AllowlistStore} (Redis when the tracker runs
 * on Redis, so all replicas agree); each replica checks a local copy, refreshed periodically and at once
 * after a change made through it, so the announce path costs no extra round trip.
 */
@ApplicationScoped
public class Allowlist {

    private final boolean enabled;
    private final AllowlistStore store;
    private volatile InfoHashSet local = new InfoHashSet(List.of());

    public Allowlist(TrackerConfig config, AllowlistStore store) {
        this.enabled = config.allowlist().enabled();
        this.store = store;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether announces for the 20-byte info-hash at {@code offset} are served (no allocation). */
    public boolean allows(byte[] bytes, int offset) {
        return !enabled || local.contains(bytes, offset);
    }

    public Uni<Void> add(byte[] infoHash, String name) {
        return store.add(infoHash, name).chain(this::refresh);
    }

    /** Display names of swarms, in order; {@code null} where unknown. */
    public Uni<List<String>> names(List<byte[]> infoHashes) {
        return store.names(infoHashes);
    }

    public Uni<Void> remove(byte[] infoHash) {
        return store.remove(infoHash).chain(this::refresh);
    }

    /** Every listed info-hash. */
    public Uni<List<byte[]>> list() {
        return store.list();
    }

    /** Reloads the local copy from the store. */
    public Uni<Void> refresh() {
        return store.list().map(hashes -> {
            local = new InfoHashSet(hashes);
            return null;
        });
    }

    static List<byte[]> bytes(Set<ByteBuffer> set) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuffer b : set) {
            byte[] h = new byte[b.remaining()];
            b.duplicate().get(h);
            out.add(h);
        }
        return out;
    }
}

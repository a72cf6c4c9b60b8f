package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The allowlist of a single tracker process. */
public final class InMemoryAllowlistStore implements AllowlistStore {

    private final Set<ByteBuffer> hashes = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<Void> add(byte[] infoHash) {
        hashes.add(ByteBuffer.wrap(infoHash.clone()));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> remove(byte[] infoHash) {
        hashes.remove(ByteBuffer.wrap(infoHash));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<byte[]>> list() {
        return Uni.createFrom().item(() -> Allowlist.bytes(hashes));
    }
}

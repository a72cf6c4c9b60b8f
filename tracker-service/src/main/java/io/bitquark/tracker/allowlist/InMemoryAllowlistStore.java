package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The allowlist of a single tracker process. */
public final class InMemoryAllowlistStore implements AllowlistStore {

    private final Set<ByteBuffer> hashes = ConcurrentHashMap.newKeySet();
    private final Map<ByteBuffer, String> names = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> add(byte[] infoHash, String name) {
        ByteBuffer key = ByteBuffer.wrap(infoHash.clone());
        hashes.add(key);
        if (name != null) {
            names.put(key, name);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> remove(byte[] infoHash) {
        hashes.remove(ByteBuffer.wrap(infoHash));
        names.remove(ByteBuffer.wrap(infoHash));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<String>> names(List<byte[]> infoHashes) {
        return Uni.createFrom().item(() -> {
            List<String> out = new ArrayList<>(infoHashes.size());
            infoHashes.forEach(h -> out.add(names.get(ByteBuffer.wrap(h))));
            return out;
        });
    }

    @Override
    public Uni<List<byte[]>> list() {
        return Uni.createFrom().item(() -> Allowlist.bytes(hashes));
    }
}

package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Where the allowlist and the swarms' display names are kept: in memory for a single node, in Redis
 * ({@code bq:allowlist}, {@code bq:names}) for replicas.
 */
public interface AllowlistStore {

    /** Lists a swarm, with its display name when one is given (as bttrack took names from allowed torrents). */
    Uni<Void> add(byte[] infoHash, String name);

    Uni<Void> remove(byte[] infoHash);

    Uni<List<byte[]>> list();

    /** The display name of each swarm, in order; {@code null} where none is known. */
    Uni<List<String>> names(List<byte[]> infoHashes);
}

package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** Where the allowlist is kept: in memory for a single node, in Redis ({@code bq:allowlist}) for replicas. */
public interface AllowlistStore {

    Uni<Void> add(byte[] infoHash);

    Uni<Void> remove(byte[] infoHash);

    Uni<List<byte[]>> list();
}

package io.bitquark.seeder.announce;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The BEP 15 connection id of each UDP tracker: "a client can use a connection ID until one minute after
 * it has received it". One connect serves every torrent announcing to that tracker meanwhile; torrents
 * that ask while a connect is under way wait for it instead of sending their own. A failed connect is
 * forgotten, so the next announce connects again.
 */
final class UdpConnectionIds {

    /** How long BEP 15 lets a client use a connection id after receiving it. */
    static final Duration LIFETIME = Duration.ofMinutes(1);

    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    UdpConnectionIds(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The tracker's usable connection id, obtained with {@code connect} when there is none. */
    Uni<Long> get(String tracker, Supplier<Uni<Long>> connect) {
        Entry fresh = new Entry();
        Entry entry =
                entries.compute(tracker, (k, old) -> old != null && old.usable(nanoTime.getAsLong()) ? old : fresh);
        if (entry == fresh) {
            connect.get().subscribe().with(id -> fresh.received(id, nanoTime.getAsLong()), failure -> {
                entries.remove(tracker, fresh);
                fresh.id.completeExceptionally(failure);
            });
        }
        // a copy: cancelling one announce must not cancel the connect that others share
        return Uni.createFrom().completionStage(entry.id.copy());
    }

    /** Drops the tracker's id, after it answered an announce with an error (it may have expired there). */
    void forget(String tracker) {
        entries.remove(tracker);
    }

    private static final class Entry {
        final CompletableFuture<Long> id = new CompletableFuture<>();
        volatile long receivedAt;

        void received(long connectionId, long now) {
            receivedAt = now;
            id.complete(connectionId);
        }

        /** Under way, or received less than a minute ago. */
        boolean usable(long now) {
            if (!id.isDone()) {
                return true;
            }
            return !id.isCompletedExceptionally() && now - receivedAt < LIFETIME.toNanos();
        }
    }
}

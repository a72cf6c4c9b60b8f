package io.bitquark.seeder.pool;

import io.bitquark.seeder.pool.PoolException.Kind;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The pool store of a single process: plain maps under one lock, time from an injected clock. It answers
 * at once (each {@code Uni} runs its step when subscribed) and keeps nothing beyond the process.
 */
public final class InMemoryPoolStore implements PoolStore {

    private final LongSupplier clock;
    private final int maxTorrentBytes;
    private final Object lock = new Object();
    private final Map<String, MemberBeat> members = new HashMap<>();
    private final Map<String, Entry> torrents = new HashMap<>();
    private final Set<String> drained = new TreeSet<>();

    /** One catalog entry with its .torrent and its copies by member id. */
    private record Entry(PoolTorrent torrent, byte[] file, Map<String, CopyState> copies) {}

    /**
     * @param clock the store's time, in milliseconds since the epoch
     * @param maxTorrentBytes the largest .torrent {@link #addTorrent} accepts
     */
    public InMemoryPoolStore(LongSupplier clock, int maxTorrentBytes) {
        this.clock = clock;
        this.maxTorrentBytes = maxTorrentBytes;
    }

    @Override
    public Uni<Long> beat(PoolMember member, Duration memberTimeout, Duration forgetAfter) {
        return locked(() -> {
            long timeout = PoolLimits.timeoutMillis(memberTimeout);
            long forget = Math.max(timeout, PoolLimits.timeoutMillis(forgetAfter));
            long now = clock.getAsLong();
            members.values().removeIf(m -> now - m.lastBeatMillis() > forget);
            MemberBeat held = members.get(member.id());
            if (held != null
                    && now - held.lastBeatMillis() <= timeout
                    && !held.member().address().equals(member.address())) {
                throw MemberIdTaken.of(member, held.member().address(), now - held.lastBeatMillis());
            }
            members.put(member.id(), new MemberBeat(member, now));
            return now;
        });
    }

    @Override
    public Uni<Long> now() {
        return locked(clock::getAsLong);
    }

    @Override
    public Uni<Boolean> leave(String memberId, String address) {
        return locked(() -> {
            MemberBeat held = members.get(PoolLimits.memberId(memberId));
            if (held == null || !held.member().address().equals(address)) {
                return false;
            }
            members.remove(memberId);
            return true;
        });
    }

    @Override
    public Uni<List<MemberBeat>> liveMembers(Duration memberTimeout) {
        return locked(() -> {
            long timeout = PoolLimits.timeoutMillis(memberTimeout);
            long now = clock.getAsLong();
            List<MemberBeat> live = new ArrayList<>();
            new TreeMap<>(members).values().forEach(m -> {
                if (now - m.lastBeatMillis() <= timeout) {
                    live.add(m);
                }
            });
            return live;
        });
    }

    @Override
    public Uni<Boolean> addTorrent(String infoHash, byte[] torrent, int replicas, long bytes) {
        return locked(() -> {
            String hex = PoolLimits.infoHash(infoHash);
            PoolLimits.torrent(torrent, maxTorrentBytes);
            PoolLimits.replicas(replicas);
            PoolLimits.bytes(bytes);
            if (torrents.containsKey(hex)) {
                return false;
            }
            torrents.put(
                    hex,
                    new Entry(
                            new PoolTorrent(hex, replicas, clock.getAsLong(), bytes),
                            torrent.clone(),
                            new HashMap<>()));
            return true;
        });
    }

    @Override
    public Uni<Optional<PoolTorrent>> torrent(String infoHash) {
        return locked(() ->
                Optional.ofNullable(torrents.get(PoolLimits.infoHash(infoHash))).map(Entry::torrent));
    }

    @Override
    public Uni<Optional<byte[]>> torrentFile(String infoHash) {
        return locked(() -> Optional.ofNullable(torrents.get(PoolLimits.infoHash(infoHash)))
                .map(e -> e.file().clone()));
    }

    @Override
    public Uni<List<PoolTorrent>> torrents() {
        return locked(() ->
                new TreeMap<>(torrents).values().stream().map(Entry::torrent).toList());
    }

    @Override
    public Uni<Boolean> removeTorrent(String infoHash) {
        return locked(() -> torrents.remove(PoolLimits.infoHash(infoHash)) != null);
    }

    @Override
    public Uni<Boolean> reportCopy(String memberId, String infoHash, CopyState state) {
        return locked(() -> {
            PoolLimits.memberId(memberId);
            Entry entry = torrents.get(PoolLimits.infoHash(infoHash));
            if (state == null) {
                throw new PoolException(Kind.INVALID, "a reported copy needs its state");
            }
            if (entry == null) {
                return false;
            }
            entry.copies().put(memberId, state);
            return true;
        });
    }

    @Override
    public Uni<Boolean> dropCopy(String memberId, String infoHash) {
        return locked(() -> {
            PoolLimits.memberId(memberId);
            Entry entry = torrents.get(PoolLimits.infoHash(infoHash));
            return entry != null && entry.copies().remove(memberId) != null;
        });
    }

    @Override
    public Uni<Map<String, CopyState>> copies(String infoHash) {
        return locked(() -> {
            Entry entry = torrents.get(PoolLimits.infoHash(infoHash));
            return entry == null
                    ? Map.<String, CopyState>of()
                    : Collections.unmodifiableMap(new TreeMap<>(entry.copies()));
        });
    }

    @Override
    public Uni<Void> drain(String memberId) {
        return locked(() -> {
            drained.add(PoolLimits.memberId(memberId));
            return null;
        });
    }

    @Override
    public Uni<Void> undrain(String memberId) {
        return locked(() -> {
            drained.remove(PoolLimits.memberId(memberId));
            return null;
        });
    }

    @Override
    public Uni<Set<String>> drained() {
        return locked(() -> Set.copyOf(drained));
    }

    /** A step run under the lock when the {@code Uni} is subscribed; what it throws fails the {@code Uni}. */
    private <T> Uni<T> locked(Supplier<T> step) {
        return Uni.createFrom().item(() -> {
            synchronized (lock) {
                return step.get();
            }
        });
    }
}
